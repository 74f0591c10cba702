import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error the API reports to its caller as `{ error: { code, message } }`
 * with `status`. Anything else is an internal error: logged, never shown.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
