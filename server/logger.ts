import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger };

/**
 * Lines are written by the few kilobytes, or after this long on a quiet server:
 * a write per request line was a tenth of the HTTP thread's time under load.
 * What is still buffered is written when the process exits (pino flushes it).
 */
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 200;

/**
 * The server's log: one JSON object per line (pino), on stdout unless told
 * otherwise, for `jq` or any log collector.
 * @example
 * const log = createLogger('info');
 * log.info({ build }, 'index loaded');
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  return pino(options, destination ?? pino.destination({ dest: process.stdout.fd, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS }));
}
