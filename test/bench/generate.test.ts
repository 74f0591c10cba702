import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../index/corpus.ts';
import { segmentDocument } from '../../index/segment.ts';
import { generateCorpus, loadSentencePool, PARAGRAPHS_PER_DOCUMENT, realParagraphs, type SentencePool } from '../../bench/generate.ts';

const DOCUMENTS = 6;
let dir: string;
let pool: SentencePool;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bench-corpus-'));
  pool = await loadSentencePool();
  await generateCorpus(dir, { documents: DOCUMENTS, seed: 7 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function filesOf(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(folder)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(folder, n), 'utf8')] as const)));
}

describe('synthetic corpus', () => {
  it('is the same for the same seed, and another for another seed', async () => {
    const again = await mkdtemp(path.join(os.tmpdir(), 'bench-corpus-'));
    const other = await mkdtemp(path.join(os.tmpdir(), 'bench-corpus-'));
    try {
      await generateCorpus(again, { documents: DOCUMENTS, seed: 7 });
      await generateCorpus(other, { documents: DOCUMENTS, seed: 8 });
      expect(await filesOf(again)).toEqual(await filesOf(dir));
      expect((await filesOf(other)).get('syn_00000.txt')).not.toEqual((await filesOf(dir)).get('syn_00000.txt'));
    } finally {
      await rm(again, { recursive: true, force: true });
      await rm(other, { recursive: true, force: true });
    }
  });

  it('holds the real documents and segments each synthetic one back into paragraphs 1–50 under its own symbol', async () => {
    const docs = await loadCorpus(dir);
    expect(docs).toHaveLength(5 + DOCUMENTS);
    for (const source of docs.slice(5)) {
      const paragraphs = segmentDocument(source);
      expect(paragraphs.map((p) => p.paragraph)).toEqual(Array.from({ length: PARAGRAPHS_PER_DOCUMENT }, (_, i) => i + 1));
      expect(paragraphs.every((p) => p.unit === 'numbered' && p.docId === source.meta.id)).toBe(true);
      // The symbol is printed (masthead, running heads) but never leaks into a paragraph's text.
      expect(source.text.split('\n').filter((l) => l.trim() === source.meta.symbol).length).toBeGreaterThan(1);
      expect(paragraphs.some((p) => p.text.includes(source.meta.symbol!) || /\d{2}-\d{5}/.test(p.text))).toBe(false);
    }
  });

  it('copies no sentence of a gold paragraph and no real paragraph whole', async () => {
    expect(pool.goldSentences.length).toBeGreaterThan(100);
    const real = new Set(realParagraphs(pool.sources).map((p) => p.text));
    const synthetic = (await loadCorpus(dir)).slice(5).flatMap((s) => segmentDocument(s));
    const text = synthetic.map((p) => p.text).join('\n');
    expect(pool.goldSentences.filter((g) => text.includes(g))).toEqual([]);
    expect(synthetic.filter((p) => real.has(p.text))).toEqual([]);
  });
});
