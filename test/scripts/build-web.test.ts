import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishBuild } from '../../scripts/build-web.ts';

let webRoot: string;

beforeEach(async () => {
  webRoot = await mkdtemp(path.join(os.tmpdir(), 'web-publish-'));
});

afterEach(async () => {
  await rm(webRoot, { recursive: true, force: true });
});

/** A page as vite writes it: index.html naming its hashed script, and the script. */
function fakeBuild(hash: string, options: { fail?: boolean } = {}) {
  return async (outDir: string): Promise<void> => {
    await mkdir(path.join(outDir, 'assets'), { recursive: true });
    await writeFile(path.join(outDir, 'assets', `index-${hash}.js`), `console.log('${hash}')`);
    // Yields between files, as a real build does, so a reader can look in the middle.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.fail) throw new Error('vite failed');
    await writeFile(path.join(outDir, 'index.html'), `<script type="module" src="/assets/index-${hash}.js"></script>`);
  };
}

const dist = () => path.join(webRoot, 'dist');

/** What a browser holding `html` asks for next, and whether each is served. */
async function assetsOf(html: string): Promise<{ asset: string; present: boolean }[]> {
  return [...html.matchAll(/src="\/(assets\/[^"]+)"/g)].map((m) => ({ asset: m[1]!, present: existsSync(path.join(dist(), m[1]!)) }));
}

describe('publishing a page build', () => {
  it('switches dist to the new build and keeps the assets a page loaded before the switch asks for', async () => {
    await publishBuild({ webRoot, build: fakeBuild('aaaaaaaa') });
    const before = await readFile(path.join(dist(), 'index.html'), 'utf8');
    await publishBuild({ webRoot, build: fakeBuild('bbbbbbbb') });

    expect((await lstat(dist())).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(dist(), 'index.html'), 'utf8')).toContain('index-bbbbbbbb.js');
    expect(await assetsOf(before)).toEqual([{ asset: 'assets/index-aaaaaaaa.js', present: true }]);
    expect((await readdir(path.join(webRoot, 'builds'))).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('carries one generation of old assets, and keeps only the newest builds', async () => {
    for (const hash of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']) await publishBuild({ webRoot, build: fakeBuild(hash), keep: 1 });
    expect((await readdir(path.join(dist(), 'assets'))).sort()).toEqual(['index-cccccccc.js', 'index-dddddddd.js']);
    expect(await readdir(path.join(webRoot, 'builds'))).toHaveLength(2);
  });

  it('leaves the served build as it was when a build fails, and no partial folder', async () => {
    await publishBuild({ webRoot, build: fakeBuild('aaaaaaaa') });
    await expect(publishBuild({ webRoot, build: fakeBuild('bbbbbbbb', { fail: true }) })).rejects.toThrow('vite failed');
    expect(await readFile(path.join(dist(), 'index.html'), 'utf8')).toContain('index-aaaaaaaa.js');
    expect(await readdir(path.join(webRoot, 'builds'))).toHaveLength(1);
  });

  it('removes the partial folder a killed build left behind', async () => {
    // pid 2^22 + 1 is above Linux's pid_max: no process has it.
    await mkdir(path.join(webRoot, 'builds', '2025-01-01T00-00-00-000Z-4194305.partial', 'assets'), { recursive: true });
    await publishBuild({ webRoot, build: fakeBuild('aaaaaaaa') });
    expect((await readdir(path.join(webRoot, 'builds'))).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('takes over a dist folder from before builds were switched, keeping its assets', async () => {
    await fakeBuild('aaaaaaaa')(dist());
    await publishBuild({ webRoot, build: fakeBuild('bbbbbbbb') });
    expect((await lstat(dist())).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(dist(), 'assets', 'index-aaaaaaaa.js'))).toBe(true);
  });

  it('never shows a reader a page whose assets are missing while builds follow one another', async () => {
    await publishBuild({ webRoot, build: fakeBuild('00000000') });
    let publishing = true;
    const missing: string[] = [];
    let reads = 0;
    const reader = (async () => {
      while (publishing) {
        const html = await readFile(path.join(dist(), 'index.html'), 'utf8');
        for (const { asset, present } of await assetsOf(html)) if (!present) missing.push(asset);
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 1; i <= 5; i++) await publishBuild({ webRoot, build: fakeBuild(String(i).repeat(8)) });
    publishing = false;
    await reader;
    expect(reads).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
