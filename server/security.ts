import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { HttpBindings } from '@hono/node-server';
import { ApiError } from './errors.ts';

/**
 * Strict headers on every response: no inline script or style, nothing
 * loaded from elsewhere, never framed, no referrer, no MIME sniffing.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
  });
}

/** Names a browser uses for this machine; any other Host on a loopback server is a DNS-rebinding page. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * On a server bound to loopback, accepts only `Host: localhost|127.0.0.1|[::1]:<port>`,
 * so a web page whose name resolves to 127.0.0.1 cannot read the API.
 */
export function loopbackHostCheck(): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    const port = c.env?.incoming?.socket.localPort;
    const host = c.req.header('host')?.toLowerCase();
    const allowed = LOOPBACK_NAMES.flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`]));
    if (port !== undefined && (host === undefined || !allowed.includes(host))) {
      throw new ApiError('forbidden_host', `this server answers only to ${allowed.join(', ')}`);
    }
    await next();
  };
}
