import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { readServerConfig } from './config.ts';

describe('server settings', () => {
  it('has defaults that serve this machine only', () => {
    const config = readServerConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', QUEUE_LIMIT: 32, RATE_LIMIT: 120, LOG_LEVEL: 'info' });
    expect(config.WORKERS).toBeGreaterThanOrEqual(1);
    expect(config.ACCESS_TOKEN).toBeUndefined();
  });

  it('reads numbers as numbers', () => {
    expect(readServerConfig({ PORT: '8080', WORKERS: '3', DEADLINE_MS: '2000', RATE_LIMIT: '0' })).toMatchObject({ PORT: 8080, WORKERS: 3, DEADLINE_MS: 2000, RATE_LIMIT: 0 });
  });

  it.each([
    [{ PORT: '' }, /^invalid setting PORT: must be a whole number$/],
    [{ PORT: '80a' }, /^invalid setting PORT/],
    [{ PORT: '70000' }, /^invalid setting PORT: must be at most 65535$/],
    [{ WORKERS: '0' }, /^invalid setting WORKERS: must be at least 1$/],
    [{ QUEUE_LIMIT: '-1' }, /^invalid setting QUEUE_LIMIT/],
    [{ DEADLINE_MS: '1.5' }, /^invalid setting DEADLINE_MS/],
    [{ WEB_DIR: '/nonexistent' }, /^invalid setting WEB_DIR: no index.html there: run `npm run build`/],
    [{ ACCESS_TOKEN: 'short' }, /^invalid setting ACCESS_TOKEN: must be at least 16 characters/],
    [{ ACCESS_TOKEN: '' }, /^invalid setting ACCESS_TOKEN/],
    [{ LOG_LEVEL: 'loud' }, /^invalid setting LOG_LEVEL/],
    [{ EMBEDDER: 'gpt' }, /^invalid setting EMBEDDER/],
  ])('refuses %j in one line', (env, message) => {
    expect(() => readServerConfig(env)).toThrow(message);
  });

  it('npm start refuses an empty PORT with one line and a non-zero exit', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, INDEX_DIR: inject('indexDir'), PORT: '' } });
    const err = (await run.catch((e) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr.trim()).toBe('server: invalid setting PORT: must be a whole number');
  });
});
