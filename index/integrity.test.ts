import { cp, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from './build.ts';
import { HashedEmbeddings } from '../test/hashed-embeddings.ts';
import { OfflineEmbeddings } from './embeddings/offline.ts';
import { Glossary } from './glossary.ts';
import { IndexFormatError, readIndex } from './store.ts';

const glossary = Glossary.load();
let built: string;
let root: string;

beforeAll(async () => {
  built = await mkdtemp(path.join(os.tmpdir(), 'integrity-built-'));
  // The offline embedder is sparse (no graph): a dense one gives the build an HNSW file to damage.
  await buildIndex({ indexDir: built, glossary, embedders: [new OfflineEmbeddings({ glossary }), new HashedEmbeddings({ glossary })] });
});
afterAll(() => rm(built, { recursive: true, force: true }));

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'integrity-'));
  await cp(built, root, { recursive: true, verbatimSymlinks: true });
  return () => rm(root, { recursive: true, force: true });
});

const current = (file: string) => path.join(root, 'current', file);
const hnswFile = async () => (await readdir(path.join(root, 'current'))).find((f) => f.endsWith('.hnsw'))!;

/** The load refuses with one line naming the file and the command that fixes it. */
async function expectRefused(file: string): Promise<void> {
  const err = await readIndex(root).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(IndexFormatError);
  const message = (err as Error).message;
  expect(message).toContain(current(file));
  expect(message).toMatch(/rebuild it with `npm run index -- --full`$/);
  expect(message).not.toContain('\n');
}

describe('readIndex refuses a damaged index', () => {
  it('loads the intact copy', async () => {
    const index = await readIndex(root);
    expect(index.size).toBe(188);
    expect(index.paragraph(0).docId).toBe('osce-mc-2006');
    index.close();
  });

  it('paragraph store replaced by {}', async () => {
    await writeFile(current('index.sqlite'), '{}');
    await expectRefused('index.sqlite');
  });

  it('dimension changed in meta.json', async () => {
    const meta = JSON.parse(await readFile(current('meta.json'), 'utf8'));
    meta.embedders[1].descriptor.dim = 512;
    await writeFile(current('meta.json'), JSON.stringify(meta));
    await expectRefused(await hnswFile());
  });

  it('16 bytes flipped in the HNSW graph', async () => {
    const file = current(await hnswFile());
    const handle = await open(file, 'r+');
    const bytes = Buffer.alloc(16);
    const at = 4096;
    await handle.read(bytes, 0, 16, at);
    await handle.write(bytes.map((b) => b ^ 0xff), 0, 16, at);
    await handle.close();
    await expectRefused(await hnswFile());
  });

  it('a missing file', async () => {
    const file = await hnswFile();
    await rm(current(file));
    await expectRefused(file);
  });

  it('meta.json that is not JSON', async () => {
    await writeFile(current('meta.json'), '{"formatVersion": 4,');
    await expectRefused('meta.json');
  });
});
