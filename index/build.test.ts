import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from './build.ts';
import type { EmbeddingInput } from './embeddings/corpus-embeddings.ts';
import { OfflineEmbeddings } from './embeddings/offline.ts';
import { restoreEmbedders } from './embeddings/restore.ts';
import { Glossary } from './glossary.ts';
import { INDEX_FORMAT_VERSION, IndexFormatError, readIndex } from './store.ts';

const glossary = Glossary.load();
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'index-test-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** An embedder that fails part-way, like a build killed or out of memory. */
class FailingEmbeddings extends OfflineEmbeddings {
  override async embedParagraphs(paragraphs: EmbeddingInput[]): Promise<number[][]> {
    if (paragraphs.some((p) => p.text.includes('Riviera') || p.text.includes('Caraïbes'))) throw new Error('disk full');
    return super.embedParagraphs(paragraphs);
  }
}

describe('buildIndex', () => {
  it('writes every paragraph with its format version and the embedder that built it', async () => {
    const summary = await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
    expect(summary).toMatchObject({ documents: 5, paragraphs: 188 });
    const index = await readIndex(root);
    expect(index.meta.formatVersion).toBe(INDEX_FORMAT_VERSION);
    expect(index.meta.embedders[0]!.descriptor).toMatchObject({ kind: 'offline', id: 'offline-bilingual-hash', dim: 2048 });
    expect(index.graphs[0]!.getCurrentCount()).toBe(188);
    expect(index.idsOf('a-58-98')).toHaveLength(55);
  });

  it('leaves the previous index in use when a build fails part-way', async () => {
    await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
    const before = await readIndex(root);
    await expect(buildIndex({ indexDir: root, glossary, embedders: [new FailingEmbeddings({ glossary })] })).rejects.toThrow('disk full');
    const after = await readIndex(root);
    expect(after.meta.builtAt).toBe(before.meta.builtAt);
    expect(after.size).toBe(188);
    // The next build clears what the failed one left behind.
    await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
    expect((await readdir(path.join(root, 'builds'))).filter((d) => d.includes('partial'))).toEqual([]);
  });
});

describe('readIndex and restoreEmbedders', () => {
  it('explains in one line that there is no index yet', async () => {
    await expect(readIndex(root)).rejects.toThrow(/^no index at .*: run `npm run index` first$/);
  });

  it('refuses an index of another format version', async () => {
    await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
    const metaFile = path.join(root, 'current', 'meta.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    await writeFile(metaFile, JSON.stringify({ ...meta, formatVersion: INDEX_FORMAT_VERSION + 1 }));
    const err = await readIndex(root).catch((e: Error) => e);
    expect(err).toBeInstanceOf(IndexFormatError);
    expect((err as Error).message).toMatch(/has format \d+, this version reads format \d+: rebuild it with `npm run index`/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('refuses an index built by another embedder', async () => {
    await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary, dim: 512 })] });
    const { meta } = await readIndex(root);
    const changed = [{ ...meta.embedders[0]!, descriptor: { ...meta.embedders[0]!.descriptor, settings: { version: 0 } } }];
    await expect(restoreEmbedders(changed, { glossary })).rejects.toThrow(/built with offline-bilingual-hash .* rebuild it/);
    const neural = [{ ...meta.embedders[0]!, descriptor: { kind: 'neural' as const, id: 'some/model', dim: 384, settings: {} } }];
    await expect(restoreEmbedders(neural, { glossary })).rejects.toThrow(IndexFormatError);
  });
});
