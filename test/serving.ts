import { inject } from 'vitest';
import { createLogger, type Logger } from '../server/logger.ts';
import { startServer, type RunningServer, type StartOptions } from '../server/serve.ts';

export { rawRequest, sendAndWaitForClose, sendStalledAsk } from './raw-http.ts';

/** A real server on a free loopback port over the run's index, one worker unless told otherwise. */
export function startTestServer(options: Partial<StartOptions> = {}): Promise<RunningServer> {
  return startServer({ port: 0, indexDir: inject('indexDir'), workers: 1, watch: false, ...options });
}

/** `{ error: { code, message } }` with no stack, no path, no exception name: what every failure must look like. */
export async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text();
  if (/at .*\.ts:\d+|Error:|\/work\/|node_modules/.test(text)) throw new Error(`error body leaks internals: ${text}`);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  return body.error;
}

/** A logger whose JSON lines the test can read back. */
export function capturedLog(): { log: Logger; lines: () => LogLine[] } {
  const raw: string[] = [];
  const log = createLogger('info', { write: (line: string) => void raw.push(line) });
  return { log, lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const LOG_LEVELS = { info: 30, warn: 40, error: 50 } as const;

