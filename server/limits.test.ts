import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLog, errorOf, LOG_LEVELS, rawRequest, sendAndWaitForClose, sendStalledAsk, startTestServer } from '../test/serving.ts';
import type { RunningServer } from './serve.ts';

/** Short enough for a test, long enough that a loaded machine still sends a whole request. */
const TEST_REQUEST_TIMEOUT_MS = 1_500;

const askBody = (question: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, k: 20 }) });

describe('a full queue', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ workers: 1, queueLimit: 2 });
  });
  afterAll(() => server.close());

  it('answers 503 overloaded with Retry-After past the queue, while health still answers', async () => {
    const question = 'What do the documents say about remittances, brain drain, trafficking, diasporas and development cooperation?';
    let pending = 40;
    const burst = Array.from({ length: 40 }, () => fetch(`${server.url}/api/ask`, askBody(question)).finally(() => pending--));
    const health = await fetch(`${server.url}/api/health`);
    const stillPending = pending;
    expect(health.status).toBe(200);
    expect(stillPending).toBeGreaterThan(0);

    const replies = await Promise.all(burst);
    const refused = replies.filter((r) => r.status === 503);
    expect(replies.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(replies.length - refused.length).toBeGreaterThanOrEqual(3);
    expect(refused[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await errorOf(refused[0]!)).code).toBe('overloaded');
    await Promise.all(replies.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
  });
});

describe('deadline', () => {
  it('answers 504 timeout in JSON when the answer cannot come in time', async () => {
    const server = await startTestServer({ deadlineMs: 1 });
    try {
      const res = await fetch(`${server.url}/api/ask`, askBody('remittances'));
      expect(res.status).toBe(504);
      expect((await errorOf(res)).code).toBe('timeout');
    } finally {
      await server.close();
    }
  });
});

describe('slow and hostile clients', () => {
  let server: RunningServer;
  const logged = capturedLog();
  beforeAll(async () => {
    server = await startTestServer({ requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS, headersTimeoutMs: TEST_REQUEST_TIMEOUT_MS, rateLimit: 0, log: logged.log });
  });
  afterAll(() => server.close());

  it('drops a stalled request body (Content-Length never sent in full)', async () => {
    const reply = await sendStalledAsk(server.url);
    expect(reply === '' || /^HTTP\/1\.1 408/.test(reply)).toBe(true);
  });

  it('drops a chunked body that declares ffffffffffff bytes and stalls', async () => {
    const reply = await sendAndWaitForClose(
      server.url,
      (host) => `POST /api/ask HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n{"question":`,
    );
    expect(reply === '' || /^HTTP\/1\.1 (408|413)/.test(reply)).toBe(true);
  });

  it('drops a client that never finishes its headers', async () => {
    const reply = await sendAndWaitForClose(server.url, (host) => `GET /api/health HTTP/1.1\r\nHost: ${host}\r\n`);
    expect(reply === '' || /^HTTP\/1\.1 408/.test(reply)).toBe(true);
  });

  it('refuses a chunked body over the limit as it streams in', async () => {
    const socket = await rawRequest(server.url, (host) => `POST /api/ask HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString()));
    const chunk = 'x'.repeat(4096);
    for (let i = 0; i < 8 && !reply; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await new Promise<void>((done) => {
      const check = () => (reply.includes('\r\n\r\n') ? done() : setTimeout(check, 20));
      check();
    });
    socket.destroy();
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(reply).toContain('"payload_too_large"');
  });

  it('logs a client that hangs up mid-upload as one info line, not an error', async () => {
    const socket = await rawRequest(server.url, (host) => `POST /api/ask HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"question": "rem`);
    await new Promise((done) => setTimeout(done, 100));
    socket.resetAndDestroy();
    await fetch(`${server.url}/api/health`);
    await new Promise((done) => setTimeout(done, 200));
    const lines = logged.lines();
    expect(lines.filter((l) => l.level >= LOG_LEVELS.error)).toEqual([]);
    expect(lines.some((l) => l.level === LOG_LEVELS.info && /went away|dropped/.test(l.msg))).toBe(true);
  });

  it('logs one JSON line per request: id, method, route, status, ms', async () => {
    await fetch(`${server.url}/api/documents/a-58-98`);
    const line = logged.lines().find((l) => l.msg === 'request' && l.route === '/api/documents/:docId');
    expect(line).toMatchObject({ id: expect.any(String), method: 'GET', status: 200, ms: expect.any(Number) });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit per client, sign-in attempts included, and leaves health alone', async () => {
    const server = await startTestServer({ rateLimit: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/documents`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${server.url}/api/documents`);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await errorOf(limited)).code).toBe('rate_limited');
      expect((await fetch(`${server.url}/signin`, { method: 'POST', body: new URLSearchParams({ token: 'guess' }) })).status).toBe(429);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('shutdown', () => {
  it('drains, then closes within its deadline even with a stalled upload open', async () => {
    const server = await startTestServer({ shutdownTimeoutMs: 300 });
    const socket = await rawRequest(server.url, (host) => `POST /api/ask HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    const closed = once(socket, 'close');
    await server.close();
    await closed;
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });
});
