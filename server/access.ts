import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { HEALTH_ROUTE } from './contract.ts';
import { ApiError } from './errors.ts';

/** The sign-in cookie: proves its holder typed the token, without being the token. */
const SESSION_COOKIE = 'session';
/** A working week: colleagues sign in on Monday. */
const SESSION_MAX_AGE_S = 7 * 24 * 3600;
/** Paths reachable without the token: the sign-in itself, and health for monitors and load balancers. */
const OPEN_PATHS = new Set(['/signin', HEALTH_ROUTE]);

/**
 * Restricts a shared server to people who have `token`: the API wants
 * `Authorization: Bearer <token>`; the page sends browsers to a sign-in form
 * that sets an HttpOnly, SameSite=Strict cookie.
 * @example
 * mountAccess(app, config.ACCESS_TOKEN);   // before the routes it protects
 */
export function mountAccess<E extends Env>(app: Hono<E>, token: string): void {
  const session = createHmac('sha256', token).update('migration-assistant session').digest('hex');
  app.get('/signin', (c) => c.html(signInPage(nextPath(c.req.query('next')), false)));
  app.post('/signin', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const next = nextPath(typeof form.next === 'string' ? form.next : undefined);
    if (typeof form.token !== 'string' || !sameSecret(form.token, token)) return c.html(signInPage(next, true), 401);
    setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_MAX_AGE_S, secure: new URL(c.req.url).protocol === 'https:' });
    return c.redirect(next, 303);
  });
  app.use('*', requireAccess(token, session));
}

function requireAccess(token: string, session: string): MiddlewareHandler {
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    if ((bearer !== undefined && sameSecret(bearer, token)) || (cookie !== undefined && sameSecret(cookie, session))) return next();
    if (c.req.path.startsWith('/api/')) {
      throw new ApiError('unauthorized', 'this server needs its access token: send `Authorization: Bearer <token>`', { 'WWW-Authenticate': 'Bearer' });
    }
    return c.redirect(`/signin?next=${encodeURIComponent(pathOf(c))}`, 303);
  };
}

/** Compares in constant time whatever the lengths, so timing says nothing about the secret. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Where to go after signing in: a path on this server only, never another site. */
function nextPath(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function pathOf(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** The form, server-rendered with no script and no style, so the strict CSP holds. */
function signInPage(next: string, failed: boolean) {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in — Migration documents assistant</title></head>
<body>
<main>
<h1>Migration documents assistant</h1>
<form method="post" action="/signin">
<p><label for="token">Access token / Jeton d’accès</label></p>
<p><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></p>
<input type="hidden" name="next" value="${next}">
${failed ? html`<p role="alert">That token is not the right one. / Ce jeton n’est pas le bon.</p>` : ''}
<p><button type="submit">Sign in / Se connecter</button></p>
</form>
</main>
</body>
</html>`;
}
