import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from './build.ts';
import { DEFAULT_CORPUS_DIR } from './corpus.ts';
import { OfflineEmbeddings } from './embeddings/offline.ts';
import { checkFingerprint, StaleIndexError } from './fingerprint.ts';
import { Glossary } from './glossary.ts';
import { readIndex } from './store.ts';

const glossary = Glossary.load();
let root: string;
let corpusDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fingerprint-'));
  corpusDir = path.join(root, 'corpus');
  await cp(DEFAULT_CORPUS_DIR, corpusDir, { recursive: true });
  await buildIndex({ indexDir: path.join(root, 'index'), corpusDir, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function refusal(): Promise<Error> {
  const err = await readIndex(path.join(root, 'index')).catch((e: Error) => e);
  expect(err).toBeInstanceOf(StaleIndexError);
  expect((err as Error).message).toMatch(/rebuild it with `npm run index`$/);
  expect((err as Error).message).not.toContain('\n');
  return err as Error;
}

describe('index fingerprint', () => {
  it('serves an index built from the corpus as it is', async () => {
    const index = await readIndex(path.join(root, 'index'));
    expect(Object.keys(index.meta.fingerprint.components)).toEqual(
      expect.arrayContaining(['corpus manifest', 'document a-58-98', 'glossary', 'lexicon', 'segmentation', 'analysis', 'embedders']),
    );
    index.close();
  });

  it('refuses the index once a document changes, naming it', async () => {
    const file = path.join(corpusDir, '004_a82fe351acae5571.txt');
    const before = await readFile(file);
    await appendFile(file, '\n15. Un paragraphe ajouté.\n');
    try {
      expect((await refusal()).message).toContain('document riviera-maya-2010 changed');
    } finally {
      await writeFile(file, before);
    }
  });

  it('refuses the index once the manifest changes', async () => {
    const file = path.join(corpusDir, 'manifest.json');
    const before = await readFile(file, 'utf8');
    await writeFile(file, before.replace('"titleEn": "Declaration of the High-level Dialogue', '"titleEn": "The Declaration of the High-level Dialogue'));
    try {
      expect((await refusal()).message).toContain('corpus manifest changed');
    } finally {
      await writeFile(file, before);
    }
  });

  it('names the glossary when the glossary the index was built with differs', async () => {
    const index = await readIndex(path.join(root, 'index'));
    index.close();
    const built = { ...index.meta.fingerprint, components: { ...index.meta.fingerprint.components, glossary: 'an older glossary' } };
    const err = await checkFingerprint({ ...built, hash: 'older' }, { corpusDir, embedders: index.meta.embedders.map((e) => e.descriptor) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(StaleIndexError);
    expect((err as Error).message).toBe('the index is stale: glossary changed since it was built; rebuild it with `npm run index`');
  });
});
