import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, embeddingText } from '../index/build.ts';
import { chooseEmbedders } from '../index/embeddings/choose.ts';
import type { TransformersEmbeddings } from '../index/embeddings/neural.ts';
import { Glossary } from '../index/glossary.ts';
import { IndexFormatError, readIndex } from '../index/store.ts';
import { Assistant } from '../server/assistant.ts';
import { startServer } from '../server/serve.ts';

/** The tiny BERT-shaped model the repo makes (scripts/make-tiny-model.py): real tokenizer, real ONNX graph. */
const MODELS_DIR = path.resolve('test/fixtures/models');
const TINY = { EMBEDDER: 'neural', NEURAL_MODEL: 'tiny/bert-tiny', MODELS_DIR } as const;
const glossary = Glossary.load();
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'neural-index-'));
  const { embedders } = await chooseEmbedders(TINY, glossary);
  await buildIndex({ indexDir: root, glossary, embedders });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('neural embedder, end to end with no download', () => {
  it('records both embedders, the model id, dimension and pooling in the index', async () => {
    const { meta } = await readIndex(root);
    expect(meta.embedders.map((e) => e.descriptor.kind)).toEqual(['offline', 'neural']);
    expect(meta.embedders[1]!.descriptor).toMatchObject({ id: 'tiny/bert-tiny', dim: 16, settings: { pooling: 'mean', normalize: true } });
  });

  it('stores in HNSW the vectors the ONNX model computes for each paragraph', async () => {
    const index = await readIndex(root);
    const { embedders } = await chooseEmbedders(TINY, glossary);
    const neural = embedders[1]!;
    for (const id of [0, 57, 187]) {
      const [expected] = await neural.embedDocuments([embeddingText(index.paragraph(id))]);
      const stored = index.graphs[1]!.getPoint(id);
      stored.forEach((x, i) => expect(x).toBeCloseTo(expected![i]!, 4));
    }
  });

  it('answers through the API with the neural ranking fused in', async () => {
    const server = await startServer({ port: 0, indexDir: root, modelsDir: MODELS_DIR, workers: 1, watch: false });
    try {
      const health = await (await fetch(`${server.url}/api/health`)).json();
      expect(health.index.embedders.map((e: { id: string }) => e.id)).toEqual(['offline-bilingual-tfidf', 'tiny/bert-tiny']);
      const res = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'envois de fonds des travailleurs migrants' }) });
      expect((await res.json()).passages.length).toBe(5);
    } finally {
      await server.close();
    }
  });

  it('fuses the neural ranking and embeds a repeated question once', async () => {
    const assistant = await Assistant.open(root, { modelsDir: MODELS_DIR });
    const { passages } = await assistant.retriever.search('envois de fonds des travailleurs migrants', { k: 20 });
    expect(passages.some((p) => p.ranks['dense:tiny/bert-tiny'] !== undefined)).toBe(true);
    const neural = assistant.embedders[1] as TransformersEmbeddings;
    await assistant.ask('envois de fonds des travailleurs migrants');
    const calls = neural.stats.modelCalls;
    await assistant.ask('envois de fonds des travailleurs migrants');
    expect(neural.stats.modelCalls).toBe(calls);
  });

  it('refuses, in one line, to serve a neural index without its model', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-models-'));
    const err = await Assistant.open(root, { modelsDir: empty }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(IndexFormatError);
    expect((err as Error).message).toMatch(/built with the neural model tiny\/bert-tiny, which is not available here/);
    expect((err as Error).message).not.toContain('\n');
    await rm(empty, { recursive: true });
  });
});

describe('npm run index without the model', () => {
  const run = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'index/cli.ts'], { env: { ...process.env, INDEX_DIR: root, ...env } });

  it('EMBEDDER=neural exits non-zero with one line and leaves the previous index untouched', async () => {
    const before = (await readIndex(root)).meta.builtAt;
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-models-'));
    const err = (await run({ EMBEDDER: 'neural', MODELS_DIR: empty }).catch((e) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr.trim()).toMatch(/^index: model Xenova\/multilingual-e5-small not found in MODELS_DIR=.*copy the model folder/);
    expect(err.stderr.trim().split('\n')).toHaveLength(1);
    expect((await readIndex(root)).meta.builtAt).toBe(before);
    await rm(empty, { recursive: true });
  });

  it('EMBEDDER=auto builds the offline index and says in one line why and how to get the model', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-models-'));
    const { stdout } = await run({ EMBEDDER: 'auto', MODELS_DIR: empty });
    expect(stdout).toMatch(/neural embedder skipped, building the offline index: model Xenova\/multilingual-e5-small not found/);
    expect((await readIndex(root)).meta.embedders.map((e) => e.descriptor.kind)).toEqual(['offline']);
    await rm(empty, { recursive: true });
  });
});
