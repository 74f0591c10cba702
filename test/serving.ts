import { inject } from 'vitest';
import { startServer, type RunningServer, type StartOptions } from '../server/serve.ts';

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
