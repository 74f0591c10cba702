import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * The server's log: one JSON object per line on stdout (pino), for `jq` or any log collector.
 * @example
 * const log = createLogger('info');
 * log.info({ build }, 'index loaded');
 */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
