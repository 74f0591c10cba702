import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLog, errorOf, LOG_LEVELS, startTestServer } from '../test/serving.ts';
import type { RunningServer } from './serve.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const TOKEN = 'a-shared-secret-for-the-team-0123';

/** A built page in miniature: enough for the headers, compression and ETag of static files. */
async function fakePage(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'web-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>page</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(dir, 'assets/app.js'), `console.log(${JSON.stringify('passage '.repeat(500))});`);
  return dir;
}

/** A request with a Host header of our choosing (fetch does not let one set it). */
function withHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    http
      .get({ hostname, port, path: '/api/documents', headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe('an open loopback server', () => {
  let server: RunningServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = await fakePage();
    server = await startTestServer({ webDir });
  });
  afterAll(async () => {
    await server.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it.each(['/', '/assets/app.js', '/api/health', '/api/documents', '/api/nope'])('sends strict security headers with %s', async (route) => {
    const res = await fetch(server.url + route);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    await res.body?.cancel();
  });

  it.each(['/api/documents/a-58-98', '/assets/app.js'])('compresses %s and revalidates it by ETag', async (route) => {
    const res = await fetch(server.url + route, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const tag = res.headers.get('etag');
    expect(tag).toBeTruthy();
    await res.arrayBuffer();
    const again = await fetch(server.url + route, { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
  });

  it('answers only to a loopback Host: a DNS-rebinding page is refused', async () => {
    const port = new URL(server.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) expect((await withHost(server.url, host)).status).toBe(200);
    for (const host of [`evil.example:${port}`, 'localhost', `localhost:${Number(port) + 1}`, `127.0.0.1.nip.io:${port}`]) {
      const res = await withHost(server.url, host);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden_host');
    }
  });

  it('needs no token on loopback when none is set', async () => {
    expect((await fetch(`${server.url}/api/documents`)).status).toBe(200);
  });
});

describe('a server with ACCESS_TOKEN', () => {
  let server: RunningServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = await fakePage();
    server = await startTestServer({ webDir, accessToken: TOKEN });
  });
  afterAll(async () => {
    await server.close();
    await rm(webDir, { recursive: true, force: true });
  });

  const ask = (headers: Record<string, string>) =>
    fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ question: 'remittances' }) });

  it('answers the API 401 without the token or with a wrong one, 200 with it', async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: `Basic ${TOKEN}` }] as Record<string, string>[]) {
      const res = await ask(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
    expect((await ask({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('keeps health open for monitors', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('sends a browser to the sign-in form, and lets it in with an HttpOnly, SameSite=Strict cookie', async () => {
    const page = await fetch(`${server.url}/doc/a-58-98`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fdoc%2Fa-58-98');

    const form = await fetch(`${server.url}/signin?next=/doc/a-58-98`);
    const html = await form.text();
    expect(html).toContain('<form method="post" action="/signin">');
    expect(html).not.toMatch(/<script|<style|style=/);
    expect(form.headers.get('content-security-policy')).toBe(CSP);

    const signIn = (token: string) =>
      fetch(`${server.url}/signin`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, next: '/doc/a-58-98' }) });
    const wrong = await signIn('not the token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await signIn(TOKEN);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/doc/a-58-98');
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);

    const session = cookie.split(';')[0]!;
    expect((await fetch(`${server.url}/doc/a-58-98`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/documents`, { headers: { cookie: session } })).status).toBe(200);
  });

  it('never sends a signed-in browser to another site', async () => {
    const res = await fetch(`${server.url}/signin`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token: TOKEN, next: '//evil.example/' }) });
    expect(res.headers.get('location')).toBe('/');
  });
});

it('warns at start when serving a network interface without a token', async () => {
  const logged = capturedLog();
  const server = await startTestServer({ host: '0.0.0.0', log: logged.log });
  await server.close();
  expect(logged.lines().some((l) => l.level === LOG_LEVELS.warn && /without ACCESS_TOKEN/.test(l.msg))).toBe(true);
});
