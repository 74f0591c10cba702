import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Assistant } from './assistant.ts';
import { ApiError } from './errors.ts';

export interface AppOptions {
  assistant: Assistant;
  /** Built web page; when missing, `/` says how to build it. */
  webDir?: string;
}

/** Longest question accepted: a pasted paragraph fits, a pasted report does not. */
export const MAX_QUESTION_LENGTH = 2000;

const askSchema = z.object({
  question: z
    .string({ error: 'question must be a string' })
    .trim()
    .min(1, 'question is empty')
    .max(MAX_QUESTION_LENGTH, `question is longer than ${MAX_QUESTION_LENGTH} characters`),
  k: z.number({ error: 'k must be a whole number from 1 to 20' }).int('k must be a whole number from 1 to 20').min(1, 'k must be at least 1').max(20, 'k must be at most 20').default(5),
  docs: z.array(z.string({ error: 'docs must be a list of document ids' }), { error: 'docs must be a list of document ids' }).optional(),
});

/**
 * The HTTP API and the web page. Errors become `{ error: { code, message } }`
 * here, at the edge; a stack trace never reaches the client.
 * @example
 * serve({ fetch: createApp({ assistant }).fetch, port: 3000 });
 */
export function createApp({ assistant, webDir }: AppOptions): Hono {
  const app = new Hono();

  app.post(
    '/api/ask',
    bodyLimit({ maxSize: 16 * 1024, onError: () => { throw new ApiError(413, 'payload_too_large', 'request body is larger than 16 KB'); } }),
    async (c) => {
      const body = askSchema.safeParse(await jsonBody(c));
      if (!body.success) {
        const issue = body.error.issues[0]!;
        const tooLong = issue.path[0] === 'question' && issue.code === 'too_big';
        throw new ApiError(tooLong ? 413 : 400, tooLong ? 'question_too_long' : 'invalid_request', issue.message);
      }
      return c.json(await assistant.ask(body.data.question, { k: body.data.k, docs: body.data.docs }));
    },
  );

  app.get('/api/documents', (c) =>
    c.json({
      documents: assistant.documents().map((d) => ({
        id: d.id,
        source: d.file,
        symbol: d.symbol,
        citeAs: d.citeAs,
        title: d.title,
        titleEn: d.titleEn,
        date: d.date,
        body: d.body,
        bodyEn: d.bodyEn,
        numbering: d.numbering,
        paragraphs: d.paragraphs,
      })),
    }),
  );

  app.get('/api/documents/:docId', (c) => c.json(assistant.document(c.req.param('docId'))));

  app.get('/api/health', (c) => {
    const { meta } = assistant.index;
    return c.json({
      status: 'ok',
      documents: meta.documents.length,
      paragraphs: meta.paragraphCount,
      embedder: meta.embedders.map((e) => e.descriptor),
      builtAt: meta.builtAt,
    });
  });

  app.all('/api/*', () => {
    throw new ApiError(404, 'not_found', 'no such API route; see the README for the API');
  });

  if (webDir && existsSync(path.join(webDir, 'index.html'))) mountWeb(app, webDir);
  else app.get('*', (c) => c.text('The web page is not built: run `npm run build`, then reload.', 503));

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    console.error(err);
    return c.json({ error: { code: 'internal_error', message: 'unexpected error; it has been logged' } }, 500);
  });
  return app;
}

async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the question as JSON with Content-Type: application/json');
  }
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
}

/** Hashed assets are immutable; the page itself is revalidated so a new build shows at once. */
function mountWeb(app: Hono, webDir: string): void {
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
  const noCache = async (c: Context, next: () => Promise<void>) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  };
  app.get('/', noCache, page);
  app.get('/doc/*', noCache, page);
  app.get('*', serveStatic({ root }));
}
