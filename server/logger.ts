import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger };

/**
 * The server's log: one JSON object per line (pino), on stdout unless told
 * otherwise, for `jq` or any log collector.
 * @example
 * const log = createLogger('info');
 * log.info({ build }, 'index loaded');
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  // Written asynchronously: a line per request written at once cost the HTTP thread a tenth of its time under load; lines
  // logged while a write is under way go out together with the next, and pino flushes what is left when the process exits.
  return pino(options, destination ?? pino.destination({ dest: process.stdout.fd, sync: false }));
}
