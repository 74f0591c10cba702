import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_DIR, readServerConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './serve.ts';

/** Past the shutdown deadline, the process exits even if something still holds it open. */
const EXIT_GRACE_MS = 2_000;

/** `npm start`: serves the API and the page on PORT (default 3000); SIGHUP reloads the index; SIGTERM/SIGINT drain and stop. */
async function main(): Promise<void> {
  const config = readServerConfig();
  const log = createLogger(config.LOG_LEVEL);
  // An explicit WEB_DIR without a page is refused by the settings; the default one may simply not be built yet.
  const webDir = config.WEB_DIR ?? DEFAULT_WEB_DIR;
  if (!existsSync(path.join(webDir, 'index.html'))) log.warn({ webDir }, 'the page is not built (`npm run build`): serving the API only');
  const server = await startServer({
    port: config.PORT,
    host: config.HOST,
    indexDir: config.INDEX_DIR,
    webDir,
    modelsDir: config.MODELS_DIR,
    workers: config.WORKERS,
    queueLimit: config.QUEUE_LIMIT,
    deadlineMs: config.DEADLINE_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    rateLimit: config.RATE_LIMIT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    accessToken: config.ACCESS_TOKEN,
    log,
  });
  process.on('SIGHUP', () => void server.reload('SIGHUP'));
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + EXIT_GRACE_MS).unref();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`server: ${err.message}`);
  process.exit(1);
});
