import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError, DEFAULT_CORPUS_DIR, loadCorpus } from './corpus.ts';

const SHARED = path.resolve(DEFAULT_CORPUS_DIR, '../../shared/corpus');
const sha = (s: Buffer) => createHash('sha256').update(s).digest('hex');

describe('the corpus', () => {
  it('lists the five documents with stable ids', async () => {
    const docs = await loadCorpus();
    expect(docs.map((d) => d.meta.id)).toEqual(['osce-mc-2006', 'a-res-68-4', 'a-58-98', 'a-61-187', 'riviera-maya-2010']);
  });

  it.skipIf(!existsSync(SHARED))('keeps the files exactly as received (names and bytes)', async () => {
    for (const { meta } of await loadCorpus()) {
      const ours = await readFile(path.join(DEFAULT_CORPUS_DIR, meta.file));
      const theirs = await readFile(path.join(SHARED, meta.file));
      expect(sha(ours), meta.file).toBe(sha(theirs));
    }
  });

  it('explains a bad manifest in one line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'corpus-'));
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ documents: [{ id: 'x', file: 'missing.txt' }] }));
    await expect(loadCorpus(dir)).rejects.toThrow(CorpusError);
    await expect(loadCorpus(dir)).rejects.toThrow(/manifest\.json: documents\.0\.\w+: /);
    await rm(dir, { recursive: true });
  });
});
