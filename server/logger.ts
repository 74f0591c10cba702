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
  return destination ? pino(options, destination) : pino(options);
}
