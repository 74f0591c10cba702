import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { indexSettings, parseSettings } from '../index/config.ts';

/** The page `npm run build` makes. */
export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** A whole number from the environment: an empty or partly numeric value is refused, not read as 0. */
function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/**
 * Every setting of `npm start`, with its default and why you would change it.
 * The index settings (`INDEX_DIR`, `MODELS_DIR`…) come from `index/config.ts`.
 */
export const serverSettings = indexSettings.extend({
  /** Port the server listens on; 0 picks a free one. */
  PORT: wholeNumber(0, 65535).default(3000),
  /** Interface to listen on; `0.0.0.0` to serve colleagues on the network (then set ACCESS_TOKEN). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Built page. When set it must hold `index.html`; left unset, a missing build only warns and the API is served. */
  WEB_DIR: z
    .string()
    .min(1)
    .refine((dir) => existsSync(path.join(dir, 'index.html')), 'no index.html there: run `npm run build` or fix WEB_DIR')
    .optional(),
  /** Worker threads answering questions, each holding the index. Default: one per core. */
  WORKERS: wholeNumber(1, 256).default(os.availableParallelism()),
  /** Questions waiting for a worker before the API answers 503 at once: 32 of ~5–40 ms each on 2 workers wait under a second, and a team's burst queues instead of being refused. */
  QUEUE_LIMIT: wholeNumber(0, 100_000).default(32),
  /** Longest a question may take, waiting included, before a 504. */
  DEADLINE_MS: wholeNumber(100, 600_000).default(5_000),
  /** Time a client has to send its request headers. */
  HEADERS_TIMEOUT_MS: wholeNumber(500, 600_000).default(5_000),
  /** Time a client has to send its whole request, body included: a stalled upload is dropped after this. */
  REQUEST_TIMEOUT_MS: wholeNumber(500, 600_000).default(10_000),
  /** How long an idle keep-alive connection stays open. */
  KEEP_ALIVE_TIMEOUT_MS: wholeNumber(100, 600_000).default(5_000),
  /** API requests per minute per client address (`/api/health` excepted); 0 turns the limit off. */
  RATE_LIMIT: wholeNumber(0, 1_000_000).default(120),
  /** On SIGTERM/SIGINT, how long requests in flight may finish before connections are cut. */
  SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).default(5_000),
  /** Shared secret for a server others can reach: the API wants `Authorization: Bearer <token>`, the page a sign-in. */
  ACCESS_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
  /** pino level of the JSON logs on stdout. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = z.infer<typeof serverSettings>;

/** Reads and checks the server's settings once; a bad value throws one line naming it. */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return parseSettings(serverSettings, env);
}

/** Loopback interfaces: only this machine can connect, so no token is needed but the Host header is checked. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
