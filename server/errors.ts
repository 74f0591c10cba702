import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { UnknownDocumentError } from './assistant.ts';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from './contract.ts';
import { DeadlineExceededError, PoolOverloadedError } from './pool/retrieval-pool.ts';

/** Seconds a client is told to wait after a 503 `overloaded`: questions take milliseconds, the queue drains within one. */
const OVERLOAD_RETRY_AFTER_S = 1;

/**
 * An error the API reports to its caller as `{ error: { code, message } }`
 * with the status its code has in the contract. Anything else is an internal
 * error: logged, never shown.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}

/** Domain and pool errors as the API reports them; `null` for anything unexpected. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof UnknownDocumentError) return new ApiError('unknown_document', err.message);
  if (err instanceof PoolOverloadedError) {
    return new ApiError('overloaded', 'the server is busy answering other questions; try again in a moment', { 'Retry-After': String(OVERLOAD_RETRY_AFTER_S) });
  }
  if (err instanceof DeadlineExceededError) return new ApiError('timeout', 'the answer took too long; try again, or ask a shorter question');
  return null;
}

export function errorResponse(c: Context, err: ApiError): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  return c.json(body, err.status, err.headers);
}
