import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type ErrorHandler, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { mountAccess } from './access.ts';
import { UnknownDocumentError } from './assistant.ts';
import { askRequestSchema, HEALTH_ROUTE, type Health, type ValidAskRequest } from './contract.ts';
import { ApiError, errorResponse, toApiError } from './errors.ts';
import { clientRateLimit, requestBodyLimit } from './limits.ts';
import type { Logger } from './logger.ts';
import { openApiDocument } from './openapi.ts';
import { loopbackHostCheck, securityHeaders } from './security.ts';
import type { RetrievalPool } from './pool/retrieval-pool.ts';
import type { ServedIndex } from './served-index.ts';

export interface AppOptions {
  /** The index being served (hot-reloaded), through its worker pool. */
  served: ServedIndex;
  log: Logger;
  /** Built web page; when missing, `/` says how to build it. */
  webDir?: string;
  /** Longest a question or a document may take, queue included, before a 504. */
  deadlineMs: number;
  /** API requests per minute per client address; 0: no limit. */
  rateLimit: number;
  /** When set, the API and the page need it (see `access.ts`). */
  accessToken?: string;
  /** Bound to loopback: accept only a loopback `Host` (DNS rebinding). */
  loopbackOnly: boolean;
}

type Env = { Bindings: HttpBindings };

/**
 * The HTTP API and the web page. Errors become `{ error: { code, message } }`
 * here, at the edge; a stack trace never reaches the client.
 * @example
 * serve({ fetch: createApp({ served, log, deadlineMs: 5000, rateLimit: 120, loopbackOnly: true }).fetch, port: 3000 });
 */
export function createApp(options: AppOptions): Hono<Env> {
  const app = new Hono<Env>();
  guard(app, options);
  mountApi(app, options);
  if (options.webDir && existsSync(path.join(options.webDir, 'index.html'))) mountWeb(app, options.webDir);
  else app.get('*', (c) => c.text('The web page is not built: run `npm run build`, then reload.', 503));
  app.onError(answerError(options.log));
  return app;
}

/** What every request passes first: id and log, headers, compression, Host, body size, rate and token checks. */
function guard(app: Hono<Env>, options: AppOptions): void {
  app.use(requestId(), requestLog(options.log), securityHeaders(), varyByEncoding, compress());
  // Only what is fetched again unchanged is worth hashing: documents, the document list, the page; never an answer, nor
  // health, whose queue changes by the moment and whose hashing was most of its cost.
  const revalidate = etag({ weak: true });
  app.use((c, next) => (c.req.method === 'GET' && c.req.path !== HEALTH_ROUTE ? revalidate(c, next) : next()));
  if (options.loopbackOnly) app.use(loopbackHostCheck());
  app.use('/signin', requestBodyLimit());
  if (options.rateLimit > 0) {
    // Before the token check, so that guessing the token is limited too.
    const limit = clientRateLimit(options.rateLimit);
    app.use('/api/*', (c, next) => (c.req.path === HEALTH_ROUTE ? next() : limit(c, next)));
    app.post('/signin', limit);
  }
  if (options.accessToken) mountAccess(app, options.accessToken);
}

function mountApi(app: Hono<Env>, { served, deadlineMs }: AppOptions): void {
  app.post('/api/ask', requestBodyLimit(), async (c) => {
    const request = await askRequest(c);
    const pool = readyPool(served);
    for (const id of request.docs ?? []) requireDocument(pool, id);
    return jsonText(c, await pool.ask(request, deadlineMs));
  });

  app.get('/api/documents', (c) => c.json({ documents: readyPool(served).description.documents }));

  app.get('/api/documents/:docId', async (c) => {
    const pool = readyPool(served);
    const id = c.req.param('docId');
    requireDocument(pool, id);
    return jsonText(c, await pool.document(id, deadlineMs));
  });

  app.get(HEALTH_ROUTE, (c) => {
    const pool = served.pool;
    const body: Health = {
      status: served.ready ? 'ok' : 'not_ready',
      index: pool.description.index,
      workers: pool.workers,
      queue: { waiting: pool.waiting, limit: pool.queueLimit },
    };
    return c.json(body, served.ready ? 200 : 503);
  });

  const openApi = openApiDocument();
  app.get('/api/openapi.json', (c) => c.json(openApi));

  app.all('/api/*', () => {
    throw new ApiError('not_found', 'no such API route; see /api/openapi.json or the README');
  });
}

/**
 * Any response may be compressed: said before the handler answers, since `compress` saying it after would rebuild the
 * finished response as a stream, which cost the HTTP thread a fifth of its time and a timer tick per JSON answer.
 */
const varyByEncoding: MiddlewareHandler<Env> = async (c, next) => {
  c.header('Vary', 'Accept-Encoding');
  await next();
};

/** nginx's "client closed request": nobody receives it, but the request log says what happened. */
const CLIENT_CLOSED_REQUEST = 499 as ContentfulStatusCode;

/** Errors become JSON at the edge; a client that left is one info line; anything else is logged, never shown. */
function answerError(log: Logger): ErrorHandler<Env> {
  return (err, c) => {
    const apiError = toApiError(err);
    if (apiError) return errorResponse(c, apiError);
    if (c.req.raw.signal.aborted || isConnectionReset(err)) {
      log.info({ id: c.get('requestId'), method: c.req.method, path: c.req.path }, 'client went away before the response');
      return c.body(null, CLIENT_CLOSED_REQUEST);
    }
    log.error({ id: c.get('requestId'), err }, 'internal error');
    return errorResponse(c, new ApiError('internal_error', 'unexpected error; it has been logged'));
  };
}

/** One JSON line per request: id, method, route, status, milliseconds. */
function requestLog(log: Logger): MiddlewareHandler<Env> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    // After `next`, the route index is the handler's that answered.
    log.info({ id: c.get('requestId'), method: c.req.method, route: routePath(c), status: c.res.status, ms: Math.round((performance.now() - start) * 10) / 10 }, 'request');
  };
}

/** The pool to send work to, or 503 while the server is shutting down. */
function readyPool(served: ServedIndex): RetrievalPool {
  if (!served.ready) throw new ApiError('not_ready', 'the server is shutting down; try again in a moment');
  return served.pool;
}

/** Checked on the HTTP thread from the catalog, so an unknown id never takes a worker's time. */
function requireDocument(pool: RetrievalPool, id: string): void {
  if (!pool.description.documents.some((d) => d.id === id)) throw new UnknownDocumentError(id);
}

/** A body the worker already serialized. */
function jsonText(c: Context, json: string): Response {
  return c.body(json, 200, { 'Content-Type': 'application/json' });
}

/** The question, validated by the contract; a question too long has its own code. */
async function askRequest(c: Context): Promise<ValidAskRequest> {
  const request = askRequestSchema.safeParse(await jsonBody(c));
  if (request.success) return request.data;
  const issue = request.error.issues[0]!;
  const tooLong = issue.path[0] === 'question' && issue.code === 'too_big';
  throw new ApiError(tooLong ? 'question_too_long' : 'invalid_request', issue.message);
}

async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the question as JSON with Content-Type: application/json');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'the request body is not valid JSON');
  }
}

function isConnectionReset(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code ?? ((err.cause as NodeJS.ErrnoException | undefined)?.code);
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || err.name === 'AbortError';
}

/** Hashed assets are immutable; the page itself is revalidated so a new build shows at once. */
function mountWeb(app: Hono<Env>, webDir: string): void {
  const root = path.relative(process.cwd(), webDir) || '.';
  app.use(
    '/assets/*',
    async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
    serveStatic({ root }),
  );
  const page = serveStatic({ root, path: 'index.html' });
  const noCache: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  };
  app.get('/', noCache, page);
  app.get('/doc/*', noCache, page);
  app.get('*', serveStatic({ root }));
}
