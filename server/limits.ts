import type { ServerOptions } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { rateLimiter } from 'hono-rate-limiter';
import { MAX_BODY_BYTES } from './contract.ts';
import { ApiError } from './errors.ts';

/** How often Node looks for requests past their header or request timeout (its default, 30 s, would let a stalled body live that long). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** The rate limit's window: per minute, as people think of it. */
const RATE_WINDOW_MS = 60_000;

export interface ConnectionLimits {
  /** Time to send the request headers. */
  headersTimeoutMs: number;
  /** Time to send the whole request, body included: a stalled upload is dropped after this. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
}

/** Node's own timeouts, which drop slow or stalled clients before they reach the app. */
export function connectionTimeouts(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, limits.headersTimeoutMs),
  };
}

/** Refuses a body over `MAX_BODY_BYTES` as it streams in (a chunked body too), not after reading it all. */
export function requestBodyLimit(): MiddlewareHandler {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', `request body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  };
  const streamed = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // A body whose length is announced is judged by it, as `bodyLimit` does, but without first turning the request into a
  // web stream, which was the costliest part of a question on the HTTP thread; only a chunked body is counted as it comes.
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    return parseInt(length, 10) > MAX_BODY_BYTES ? tooLarge() : next();
  };
}

/**
 * At most `perMinute` API requests per client address in a minute (429 with
 * `Retry-After` past it). Behind a reverse proxy every client shares the proxy's address: limit there instead.
 */
export function clientRateLimit(perMinute: number): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return rateLimiter<{ Bindings: HttpBindings }>({
    windowMs: RATE_WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => (c.env?.incoming ? (getConnInfo(c).remote.address ?? 'unknown') : 'in-process'),
    handler: () => {
      throw new ApiError('rate_limited', `more than ${perMinute} requests in a minute from this address; wait a little`);
    },
  });
}
