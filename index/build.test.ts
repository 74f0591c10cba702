import { cp, mkdtemp, open, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Assistant } from '../server/assistant.ts';
import { buildIndex, type BuildProgress } from './build.ts';
import { DEFAULT_CORPUS_DIR } from './corpus.ts';
import type { EmbeddingInput } from './embeddings/corpus-embeddings.ts';
import { HashedEmbeddings } from '../test/hashed-embeddings.ts';
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
class FailingEmbeddings extends HashedEmbeddings {
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
    expect(index.meta.embedders[0]!.descriptor).toMatchObject({ kind: 'offline', id: 'offline-bilingual-tfidf', settings: { vectors: 'sparse' } });
    // Its vectors are the lexical index's counts: no graph.
    expect(index.graphs[0]).toBeNull();
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
    await expect(restoreEmbedders(changed, { glossary })).rejects.toThrow(/built with offline-bilingual-tfidf .* rebuild it/);
    const neural = [{ ...meta.embedders[0]!, descriptor: { kind: 'neural' as const, id: 'some/model', dim: 384, settings: {} } }];
    await expect(restoreEmbedders(neural, { glossary })).rejects.toThrow(IndexFormatError);
  });
});

/** A copy of the corpus without its last document, in a temp folder. */
async function corpusWithout(last: string): Promise<{ dir: string; restore: () => Promise<void> }> {
  const dir = path.join(root, 'corpus');
  await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = await readFile(manifestFile, 'utf8');
  const parsed = JSON.parse(manifest) as { documents: { id: string }[] };
  await writeFile(manifestFile, JSON.stringify({ documents: parsed.documents.filter((d) => d.id !== last) }));
  return { dir, restore: () => writeFile(manifestFile, manifest) };
}

describe('incremental builds', () => {
  const offline = () => [new OfflineEmbeddings({ glossary })];
  const questions = [
    'Comment réduire le coût des envois de fonds ?',
    'What did the ministers meeting in Riviera Maya agree on?',
    'brain drain of health workers from Africa',
    'Quel rôle pour la société civile dans le Dialogue de haut niveau ?',
    'protection of the human rights of migrant workers',
    'trafic illicite de migrants',
  ];
  const ranking = async (indexDir: string) => {
    const assistant = await Assistant.open(indexDir);
    const out = [];
    for (const q of questions) out.push((await assistant.ask(q, { k: 10 })).passages.map((p) => `${p.docId}:${p.anchor} ${p.score}`));
    assistant.index.close();
    return out;
  };

  it('adding a document reuses the others and ranks exactly like a full build', async () => {
    const corpus = await corpusWithout('riviera-maya-2010');
    const incremental = path.join(root, 'incremental');
    await buildIndex({ indexDir: incremental, corpusDir: corpus.dir, glossary, embedders: offline() });
    await corpus.restore();
    const summary = await buildIndex({ indexDir: incremental, corpusDir: corpus.dir, glossary, embedders: offline() });
    expect(summary).toMatchObject({ documents: 5, paragraphs: 188, reusedDocuments: 4 });

    const full = path.join(root, 'full');
    expect(await buildIndex({ indexDir: full, corpusDir: corpus.dir, glossary, embedders: offline(), full: true })).toMatchObject({ reusedDocuments: 0 });
    expect(await ranking(incremental)).toEqual(await ranking(full));
  });

  it('a document added at the end extends the previous build; one changed before the end rebuilds from the stored analyses', async () => {
    const corpus = await corpusWithout('riviera-maya-2010');
    const dense = () => [...offline(), new HashedEmbeddings({ glossary })];
    await buildIndex({ indexDir: root, corpusDir: corpus.dir, glossary, embedders: dense() });
    const before = await readIndex(root, { corpusDir: null });
    const kept = before.graphs[1]!.getPoint(100);
    before.close();
    await corpus.restore();
    const added = await buildIndex({ indexDir: root, corpusDir: corpus.dir, glossary, embedders: dense() });
    expect(added).toMatchObject({ paragraphs: 188, reusedDocuments: 4, analysedDocuments: ['riviera-maya-2010'] });
    const after = await readIndex(root);
    const graph = after.graphs[1]!;
    expect(graph.getCurrentCount()).toBe(188);
    expect(graph.getPoint(100)).toEqual(kept);
    // The new paragraphs are in the graph under their own positions.
    const last = after.idsOf('riviera-maya-2010').at(-1)!;
    expect(graph.searchKnn(graph.getPoint(last), 1).neighbors).toEqual([last]);
    expect(after.lexical.size).toBe(188);
    after.close();

    const manifestFile = path.join(corpus.dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { documents: { id: string; title: string }[] };
    manifest.documents[0]!.title += ' (révisé)';
    await writeFile(manifestFile, JSON.stringify(manifest));
    const changed = await buildIndex({ indexDir: root, corpusDir: corpus.dir, glossary, embedders: offline() });
    expect(changed).toMatchObject({ reusedDocuments: 4, analysedDocuments: [manifest.documents[0]!.id] });
    const full = path.join(root, 'full');
    await buildIndex({ indexDir: full, corpusDir: corpus.dir, glossary, embedders: offline(), full: true });
    expect(await ranking(root)).toEqual(await ranking(full));
  });

  it('--full reuses nothing', async () => {
    await buildIndex({ indexDir: root, glossary, embedders: offline() });
    expect(await buildIndex({ indexDir: root, glossary, embedders: offline(), full: true })).toMatchObject({ reusedDocuments: 0 });
    expect(await buildIndex({ indexDir: root, glossary, embedders: offline() })).toMatchObject({ reusedDocuments: 5 });
  });

  it('a damaged previous index is not reused: the build says so in one line and starts from scratch', async () => {
    await buildIndex({ indexDir: root, glossary, embedders: offline() });
    const current = path.join(root, 'current');
    const store = 'index.sqlite';
    const handle = await open(path.join(current, store), 'r+');
    await handle.write(Buffer.alloc(16, 0xff), 0, 16, 8192);
    await handle.close();

    const events: BuildProgress[] = [];
    const summary = await buildIndex({ indexDir: root, glossary, embedders: offline(), onProgress: (e) => events.push(e) });
    expect(summary.reusedDocuments).toBe(0);
    const notice = events.find((e) => e.stage === 'full');
    expect(notice).toMatchObject({ reason: expect.stringContaining(store) });
    expect((notice as { reason: string }).reason).not.toContain('\n');
    const index = await readIndex(root);
    expect(index.size).toBe(188);
    index.close();
  });

  it('a previous index cut short (a truncated store) is not reused either', async () => {
    await buildIndex({ indexDir: root, glossary, embedders: offline() });
    await truncate(path.join(root, 'current', 'index.sqlite'), 4096);
    const events: BuildProgress[] = [];
    expect(await buildIndex({ indexDir: root, glossary, embedders: offline(), onProgress: (e) => events.push(e) })).toMatchObject({ reusedDocuments: 0 });
    expect(events.find((e) => e.stage === 'full')).toMatchObject({ reason: expect.stringContaining('index.sqlite has 4096 bytes') });
  });
});
