import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../corpus.ts';
import { segmentDocument } from '../segment.ts';
import { ModelUnavailableError, withModelSource } from './model-source.ts';
import { TransformersEmbeddings } from './neural.ts';

// The tiny model is written by scripts/make-tiny-model.py, which also computed
// expected.json in numpy from the weights: matching it proves the ONNX graph ran.
const MODELS_DIR = fileURLToPath(new URL('../../test/fixtures/models', import.meta.url));
const TINY = 'tiny/bert-tiny';

interface Expected {
  hidden_size: number;
  probes: { text: string; input_ids: number[]; embedding: number[]; embedding_quantized: number[] }[];
}
const expected: Expected = JSON.parse(await readFile(path.join(MODELS_DIR, 'tiny/expected.json'), 'utf8'));

function maxDifference(a: number[], b: number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
}

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

/** The raw model: no prefixes, so other instances can be checked against it. */
function loadTiny(options: Parameters<typeof TransformersEmbeddings.load>[0] = {}) {
  return TransformersEmbeddings.load({ model: TINY, modelsDir: MODELS_DIR, queryPrefix: '', passagePrefix: '', ...options });
}

describe.each([
  { quantized: true, file: 'onnx/model_quantized.onnx' },
  { quantized: false, file: 'onnx/model.onnx' },
])('the tiny model from MODELS_DIR, $file', ({ quantized }) => {
  let embedder: TransformersEmbeddings;
  beforeAll(async () => {
    embedder = await loadTiny({ quantized });
  });
  afterAll(() => embedder.dispose());

  it('gives the vectors numpy computed from the weights of that file', async () => {
    const vectors = await embedder.embedDocuments(expected.probes.map((p) => p.text));
    vectors.forEach((vector, i) => {
      const probe = expected.probes[i]!;
      const [own, other] = quantized ? [probe.embedding_quantized, probe.embedding] : [probe.embedding, probe.embedding_quantized];
      expect(maxDifference(vector, own)).toBeLessThan(1e-4);
      // The two files differ by quantization error, far above the tolerance: the right one was loaded.
      expect(maxDifference(vector, other)).toBeGreaterThan(1e-3);
    });
  });

  it('describes itself with the dimension the model outputs', () => {
    expect(embedder.descriptor).toEqual({
      kind: 'neural',
      id: TINY,
      dim: expected.hidden_size,
      settings: { pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', quantized },
    });
  });
});

describe('TransformersEmbeddings', () => {
  let raw: TransformersEmbeddings;
  let paragraphs: string[];
  beforeAll(async () => {
    raw = await loadTiny();
    const documents = await loadCorpus();
    paragraphs = documents.flatMap((doc) => segmentDocument(doc).map((p) => p.text)).slice(0, 40);
  });
  afterAll(() => raw.dispose());

  it('tokenizes with the tokenizer.json of the model folder, as the numpy reference did', async () => {
    const tokenizer = await withModelSource({ model: TINY, modelsDir: MODELS_DIR }, () => AutoTokenizer.from_pretrained(TINY));
    for (const probe of expected.probes) {
      const { input_ids } = tokenizer(probe.text);
      expect(Array.from(input_ids.data as BigInt64Array, Number)).toEqual(probe.input_ids);
    }
  });

  it('returns unit vectors for real paragraphs, questions and the empty string', async () => {
    const vectors = [...(await raw.embedDocuments(paragraphs)), await raw.embedQuery('Quels droits pour les migrants ?')];
    vectors.push(...(await raw.embedDocuments([''])));
    for (const vector of vectors) {
      expect(vector).toHaveLength(expected.hidden_size);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('puts the query prefix before questions and the passage prefix before paragraphs', async () => {
    const prefixed = await loadTiny({ queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    try {
      const [rawQuery, rawPassage, plain] = await raw.embedDocuments(['query: x', 'passage: x', 'x']);
      const query = await prefixed.embedQuery('x');
      const [passage] = await prefixed.embedDocuments(['x']);
      expect(maxDifference(query, rawQuery!)).toBeLessThan(1e-6);
      expect(maxDifference(passage!, rawPassage!)).toBeLessThan(1e-6);
      expect(maxDifference(query, plain!)).toBeGreaterThan(1e-3);
    } finally {
      await prefixed.dispose();
    }
  });

  it('embeds in batches, in input order, with the same vectors as one at a time, reporting progress', async () => {
    const progress = vi.fn();
    const batched = await loadTiny({ batchSize: 16, onBatch: progress });
    try {
      const before = batched.stats.modelCalls;
      const together = await batched.embedDocuments(paragraphs);
      expect(batched.stats.modelCalls - before).toBe(3);
      expect(progress.mock.calls).toEqual([
        [16, 40],
        [32, 40],
        [40, 40],
      ]);
      for (const [i, text] of paragraphs.entries()) {
        const [alone] = await raw.embedDocuments([text]);
        expect(maxDifference(together[i]!, alone!)).toBeLessThan(1e-5);
      }
    } finally {
      await batched.dispose();
    }
  });

  it('answers a repeated question from the cache, without running the model', async () => {
    const question = 'Quelles obligations pour les États de transit ?';
    const first = await raw.embedQuery(question);
    const { modelCalls, queryCacheHits } = raw.stats;
    first[0] = 42; // a caller editing its copy must not change what the next caller gets
    const second = await raw.embedQuery(question);
    expect(raw.stats.modelCalls).toBe(modelCalls);
    expect(raw.stats.queryCacheHits).toBe(queryCacheHits + 1);
    const [fresh] = await raw.embedDocuments([question]);
    expect(second).toEqual(fresh);
  });

  it('runs the model for every question when the cache is off', async () => {
    const uncached = await loadTiny({ queryCacheSize: 0 });
    try {
      const before = uncached.stats.modelCalls;
      await uncached.embedQuery('asile');
      await uncached.embedQuery('asile');
      expect(uncached.stats.modelCalls - before).toBe(2);
    } finally {
      await uncached.dispose();
    }
  });
});

describe('TransformersEmbeddings.load', () => {
  it('uses the default model with its E5 prefixes once its folder is copied into MODELS_DIR, while another loads', async () => {
    // Stands in for a user who copied Xenova/multilingual-e5-small: same layout, tiny weights.
    const modelsDir = await mkdtemp(path.join(tmpdir(), 'models-'));
    try {
      await cp(path.join(MODELS_DIR, TINY), path.join(modelsDir, 'Xenova/multilingual-e5-small'), { recursive: true });
      // Loaded alongside another MODELS_DIR: transformers.js settings are global, loads must not mix them.
      const [embedder, other] = await Promise.all([TransformersEmbeddings.load({ modelsDir }), loadTiny()]);
      expect(other.descriptor.id).toBe(TINY);
      await other.dispose();
      expect(embedder.descriptor).toMatchObject({
        id: 'Xenova/multilingual-e5-small',
        settings: { pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ', quantized: true },
      });
      await embedder.dispose();
    } finally {
      await rm(modelsDir, { recursive: true, force: true });
    }
  });

  it('fails with a one-line ModelUnavailableError, without the network, when MODELS_DIR lacks the model', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const error = await TransformersEmbeddings.load({ model: 'Xenova/multilingual-e5-small', modelsDir: MODELS_DIR }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelUnavailableError);
      const message = (error as ModelUnavailableError).message;
      expect(message).toMatch(/^model Xenova\/multilingual-e5-small not found in MODELS_DIR=/);
      expect(message).toContain(`to ${path.join(MODELS_DIR, 'Xenova/multilingual-e5-small')}`);
      expect(message).not.toContain('\n');
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(loadTiny({ batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
