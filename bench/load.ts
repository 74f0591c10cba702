import autocannon from 'autocannon';
import { HEALTH_ROUTE, type Health } from '../server/contract.ts';

/**
 * A request that takes longer than this counts as a timeout, not a very slow
 * answer. Long enough that a saturated server's real waits are measured.
 */
export const REQUEST_TIMEOUT_SECONDS = 30;
/** Pause between health probes, as a load balancer's health check pauses (but far more often). */
const PROBE_PAUSE_MS = 50;
/**
 * Longest wait for the questions a previous load left queued (its clients
 * gone, the server still answering them): a load started on a full queue is
 * refused 503s that belong to the one before.
 */
const SETTLE_TIMEOUT_MS = 30_000;
const SETTLE_POLL_MS = 20;

export interface LoadResult {
  p50: number;
  p99: number;
  /** Successful (2xx) answers per second over the run. */
  perSecond: number;
  /** Answers with another status (503 when the server sheds load). */
  non2xx: number;
  /** Requests that got no answer within REQUEST_TIMEOUT_SECONDS: their latency is in no percentile. */
  timeouts: number;
  /** Connection errors, timeouts included. */
  errors: number;
  requests: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

/** The API a load targets: the server's origin on loopback. */
export interface Target {
  origin: string;
}

/** POST /api/ask bodies, one per question: each connection cycles through them in order. */
function askRequests(questions: string[]): autocannon.Request[] {
  return questions.map((question) => ({
    method: 'POST',
    path: '/api/ask',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  }));
}

/** Saturates POST /api/ask with `connections` clients for `seconds`. */
export function loadAsk(target: Target, questions: string[], options: LoadOptions): Promise<LoadResult> {
  return run(target, options, askRequests(questions));
}

/** Saturates GET /api/health: the server's cost of a request that does no retrieval, the yardstick for ask. */
export function loadHealth(target: Target, options: LoadOptions): Promise<LoadResult> {
  return run(target, options, [{ method: 'GET', path: HEALTH_ROUTE }]);
}

async function run(target: Target, options: LoadOptions, requests: autocannon.Request[]): Promise<LoadResult> {
  await settled(target);
  const result = await autocannon({
    url: target.origin,
    connections: options.connections,
    duration: options.seconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    // Latency of answers only: a fast 503 from a full queue must not flatter p99.
    excludeErrorStats: true,
    requests,
  });
  return {
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    errors: result.errors,
    requests: result['2xx'] + result.non2xx,
  };
}

/** GET /api/health's body, or null when the server does not answer 2xx. */
export async function healthOf(target: Target): Promise<Health | null> {
  const res = await fetch(`${target.origin}${HEALTH_ROUTE}`).catch(() => null);
  return res?.ok ? ((await res.json()) as Health) : null;
}

/** Once the server has no question waiting for a worker (or after SETTLE_TIMEOUT_MS). */
async function settled(target: Target): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const health = await healthOf(target);
    if (!health || health.queue.waiting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
}

export interface ProbeResult {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  timeouts: number;
}

/**
 * GET /api/health in turn, with a short pause, for as long as `during` runs:
 * what a health check sees while the server is busy. A probe still waiting
 * when the load ends is waited for, so the longest waits are counted.
 */
export async function probeHealth<T>(target: Target, during: Promise<T>): Promise<{ result: T; probe: ProbeResult }> {
  let running = true;
  const done = during.finally(() => (running = false));
  const times: number[] = [];
  let timeouts = 0;
  while (running) {
    const t0 = performance.now();
    const res = await fetch(`${target.origin}${HEALTH_ROUTE}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000) }).catch(() => null);
    if (res?.ok) {
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    } else {
      timeouts++;
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
  }
  const { p50, p99 } = percentiles(times);
  return { result: await done, probe: { p50, p99, max: Math.max(0, ...times), requests: times.length, timeouts } };
}

/** One client asking every question in turn, `rounds` times: the latency a lone user sees. */
export async function askInTurn(target: Target, questions: string[], rounds: number): Promise<{ p50: number; p95: number; requests: number }> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const question of questions) {
      const t0 = performance.now();
      const res = await fetch(`${target.origin}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`POST /api/ask answered ${res.status} to one client`);
      times.push(performance.now() - t0);
    }
  }
  const { p50, p95 } = percentiles(times);
  return { p50, p95, requests: times.length };
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
