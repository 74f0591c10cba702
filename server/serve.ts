import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { isLoopback, readServerConfig } from './config.ts';
import type { ErrorBody } from './contract.ts';
import { connectionTimeouts } from './limits.ts';
import { createLogger, type Logger } from './logger.ts';
import { ServedIndex, type ReloadOutcome } from './served-index.ts';

/** The settings' defaults (see `server/config.ts`), for callers that leave a limit out. */
const DEFAULTS = readServerConfig({});

export interface StartOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  indexDir: string;
  webDir?: string;
  /** Local models folder, for an index built with a neural embedder. */
  modelsDir?: string;
  /** Retrieval worker threads. Default: one per core. */
  workers?: number;
  /** Questions waiting for a worker before 503 `overloaded`. Default 16. */
  queueLimit?: number;
  /** Per request, queue included, before 504 `timeout`. Default 5 s. */
  deadlineMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  /** API requests per minute per client. Default 0 (off) here; `npm start` reads RATE_LIMIT (default 120). */
  rateLimit?: number;
  /** How long `close()` lets requests finish before cutting connections. Default 5 s. */
  shutdownTimeoutMs?: number;
  accessToken?: string;
  /** Reload when `<indexDir>/current` changes. Default true. */
  watch?: boolean;
  /** Default: silent (tests, benchmarks); `npm start` logs at LOG_LEVEL. */
  log?: Logger;
}

export interface RunningServer {
  url: string;
  served: ServedIndex;
  /** Loads a new `current` build if there is one (what SIGHUP does). */
  reload(reason: string): Promise<ReloadOutcome>;
  /** Stops accepting, lets requests in flight finish within the shutdown timeout, then cuts what is left and stops the workers. */
  close(): Promise<void>;
}

/**
 * Loads the index into a pool of workers, then serves the API and the page.
 * @example
 * const server = await startServer({ port: 0, indexDir: 'index/data' });
 * await fetch(`${server.url}/api/health`);
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger('silent');
  const host = options.host ?? DEFAULTS.HOST;
  const loopbackOnly = isLoopback(host);
  if (!loopbackOnly && !options.accessToken) {
    log.warn({ host }, 'serving on a network interface without ACCESS_TOKEN: anyone who can reach this machine can use it');
  }
  const served = await ServedIndex.open(
    { indexDir: options.indexDir, modelsDir: options.modelsDir, workers: options.workers ?? DEFAULTS.WORKERS, queueLimit: options.queueLimit ?? DEFAULTS.QUEUE_LIMIT },
    log,
  );
  if (options.watch ?? true) served.watch();
  const app = createApp({
    served,
    log,
    webDir: options.webDir,
    deadlineMs: options.deadlineMs ?? DEFAULTS.DEADLINE_MS,
    rateLimit: options.rateLimit ?? 0,
    accessToken: options.accessToken,
    loopbackOnly,
  });
  const serverOptions = connectionTimeouts({
    headersTimeoutMs: options.headersTimeoutMs ?? DEFAULTS.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULTS.KEEP_ALIVE_TIMEOUT_MS,
  });
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULTS.SHUTDOWN_TIMEOUT_MS;

  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? DEFAULTS.PORT, hostname: host, serverOptions }, (info: AddressInfo) => {
      log.info({ url: urlOf(host, info.port), pid: process.pid, documents: served.pool.description.index.documents }, 'listening');
      resolve({
        url: urlOf(host, info.port),
        served,
        reload: (reason) => served.reload(reason),
        close: () => shutDown(server as Server, served, shutdownTimeoutMs, log),
      });
    }) as Server;
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket, log));
    server.once('error', async (err) => {
      await served.close();
      reject(err);
    });
  });
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * A request Node itself refused (timed out, malformed) or a client gone:
 * one info line, and a JSON answer when the socket can still take one.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket, log: Logger): void {
  log.info({ code: err.code, remote: socket.remoteAddress }, 'connection dropped');
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT';
  const body: ErrorBody = timedOut
    ? { error: { code: 'request_timeout', message: 'the request was not received in time' } }
    : { error: { code: 'invalid_request', message: 'malformed HTTP request' } };
  const text = JSON.stringify(body);
  const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
  // Destroyed once written: ending alone leaves the connection half-open while the client keeps it.
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`, () => socket.destroy());
}

async function shutDown(server: Server, served: ServedIndex, timeoutMs: number, log: Logger): Promise<void> {
  const started = performance.now();
  // Health turns 503 and new work is refused at once; questions already with a worker finish.
  const indexClosed = served.close();
  const drained = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => {
    timer = setTimeout(() => done('late'), timeoutMs);
  });
  const outcome = await Promise.race([drained, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    log.warn({ timeoutMs }, 'requests still open at the shutdown deadline: cutting them');
    server.closeAllConnections();
    await drained;
  }
  await indexClosed;
  log.info({ ms: Math.round(performance.now() - started) }, 'stopped');
}
