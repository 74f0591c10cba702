import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from './build.ts';
import { DEFAULT_CORPUS_DIR } from './corpus.ts';
import { OfflineEmbeddings } from './embeddings/offline.ts';
import { Glossary } from './glossary.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Copies of the five documents under other ids: a build long enough to be interrupted part-way. */
const COPIES = 30;
let root: string;
let corpusDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'index-cli-'));
  corpusDir = path.join(root, 'corpus');
  await cp(DEFAULT_CORPUS_DIR, corpusDir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(corpusDir, 'manifest.json'), 'utf8')) as { documents: { id: string }[] };
  const copies = Array.from({ length: COPIES }, (_, n) => manifest.documents.map((d) => ({ ...d, id: `${d.id}-copy-${n}` }))).flat();
  await writeFile(path.join(corpusDir, 'manifest.json'), JSON.stringify({ documents: [...manifest.documents, ...copies] }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Process ids under `pid` (npm → sh → node), deepest last. */
function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    // ps exits 1 when the process has no children.
  }
  const children = out === '' ? [] : out.split(/\s+/).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** Runs `npm run index`, signals one of its processes once the build is under way, and waits for them all to end. */
async function interrupt(indexDir: string, signal: NodeJS.Signals, target: 'npm' | 'node'): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('npm', ['run', 'index', '--silent'], {
    cwd: repo,
    env: { ...process.env, INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, EMBEDDER: 'offline' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('analysing') || stdout.includes('paragraphs,')) resolve();
    });
    child.on('exit', () => reject(new Error(`the build ended before it could be interrupted: ${stdout} ${stderr}`)));
  });
  const tree = descendants(child.pid!);
  process.kill(target === 'npm' ? child.pid! : tree.at(-1)!, signal);
  const code = await exited;
  // Whatever was signalled, no process of the build is left running.
  await expect.poll(() => tree.filter((pid) => existsSync(`/proc/${pid}`)), { timeout: 10_000 }).toEqual([]);
  return { code, stderr };
}

describe('npm run index, interrupted', () => {
  it.each([
    ['SIGTERM', 'npm'],
    ['SIGINT', 'node'],
    ['SIGTERM', 'node'],
  ] as const)('%s sent to %s stops the build, removes the partial folder and leaves `current` as it was', async (signal, target) => {
    const indexDir = path.join(root, `index-${signal}-${target}`);
    const glossary = Glossary.load();
    await buildIndex({ indexDir, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
    const before = await readlink(path.join(indexDir, 'current'));

    const { code, stderr } = await interrupt(indexDir, signal, target);
    expect(code).not.toBe(0);
    expect(await readlink(path.join(indexDir, 'current'))).toBe(before);
    expect(await readdir(path.join(indexDir, 'builds'))).toEqual([path.basename(before)]);
    if (target === 'node') expect(stderr).toContain(`stopped by ${signal}; the partial build was removed and the current index is unchanged`);
  });
});
