import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildIndex } from '../index/build.ts';
import { OfflineEmbeddings } from '../index/embeddings/offline.ts';
import { Glossary } from '../index/glossary.ts';
import { capturedLog, errorOf, LOG_LEVELS } from '../test/serving.ts';
import { createApp } from './app.ts';
import { createLogger } from './logger.ts';
import { startServer, type RunningServer } from './serve.ts';

const glossary = Glossary.load();
const build = (indexDir: string) => buildIndex({ indexDir, glossary, embedders: [new OfflineEmbeddings({ glossary })] });

describe('hot reload', () => {
  let root: string;
  let server: RunningServer;
  const logged = capturedLog();
  const builtAt = async () => (await (await fetch(`${server.url}/api/health`)).json()).index.builtAt as string;
  const ask = async () =>
    (await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'remittances' }) })).status;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'reload-index-'));
    await build(root);
    server = await startServer({ port: 0, indexDir: root, workers: 1, log: logged.log });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves a rebuilt index without a restart, answering throughout', async () => {
    const before = await builtAt();
    let serving = true;
    const statuses: number[] = [];
    const asking = (async () => {
      while (serving) statuses.push(await ask());
    })();
    await build(root);
    await vi.waitFor(async () => expect(await builtAt()).not.toBe(before), { timeout: 60_000, interval: 200 });
    serving = false;
    await asking;
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await ask()).toBe(200);
    expect(logged.lines().some((l) => l.msg === 'index reloaded')).toBe(true);
  });

  it('refuses a broken new index, keeps serving the old one, and says why in one line', async () => {
    const before = await builtAt();
    const broken = path.join(root, 'builds', 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'meta.json'), '{"formatVersion": 1, "builtAt": ');
    await symlink(path.join('builds', 'broken'), path.join(root, 'current.tmp'));
    await rename(path.join(root, 'current.tmp'), path.join(root, 'current'));

    expect(await server.reload('SIGHUP')).toBe('refused');
    expect(await builtAt()).toBe(before);
    expect(await ask()).toBe(200);
    const refusal = logged.lines().filter((l) => l.level === LOG_LEVELS.error && /new index refused/.test(l.msg));
    expect(refusal.length).toBeGreaterThan(0);
    expect(refusal[0]!.msg).not.toContain('\n');
  });
});

describe('shutting down', () => {
  it('answers health and questions 503 not_ready once the index is closing', async () => {
    const server = await startServer({ port: 0, indexDir: inject('indexDir'), workers: 1, watch: false });
    const app = createApp({ served: server.served, log: createLogger('silent'), deadlineMs: 5_000, rateLimit: 0, loopbackOnly: false });
    await server.served.close();
    const health = await app.request('/api/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'not_ready', index: { documents: 5 } });
    const ask = await app.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question": "remittances"}' });
    expect(ask.status).toBe(503);
    expect((await errorOf(ask)).code).toBe('not_ready');
    await server.close();
  });
});
