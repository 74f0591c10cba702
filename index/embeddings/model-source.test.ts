import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env } from '@xenova/transformers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  ModelUnavailableError,
  configureTransformersEnv,
  locateModel,
  requiredModelFiles,
} from './model-source.ts';

const MODEL = 'Xenova/multilingual-e5-small';

let root: string;
let fetchSpy: MockInstance<typeof fetch>;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'model-source-'));
  // Any test that reaches the network without saying so fails loudly.
  fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('unexpected network access'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

/** Writes a model folder with the given files (empty: only their presence matters here). */
async function writeModel(dir: string, files: string[]): Promise<string> {
  const folder = path.join(dir, MODEL);
  for (const file of files) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), '{}');
  }
  return folder;
}

const TEXT_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

describe('locateModel', () => {
  it('finds a complete folder in MODELS_DIR without asking the Hub', async () => {
    const folder = await writeModel(root, [...TEXT_FILES, 'onnx/model_quantized.onnx']);
    await expect(locateModel({ model: MODEL, modelsDir: root })).resolves.toEqual({ status: 'local', path: folder });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('looks for the quantized or the full-precision ONNX file as asked', async () => {
    const folder = await writeModel(root, [...TEXT_FILES, 'onnx/model.onnx']);
    await expect(locateModel({ model: MODEL, modelsDir: root, quantized: false })).resolves.toEqual({
      status: 'local',
      path: folder,
    });
    const quantized = await locateModel({ model: MODEL, modelsDir: root });
    expect(quantized.status).toBe('missing');
    expect(quantized).toMatchObject({ reason: expect.stringContaining('incomplete (no onnx/model_quantized.onnx)') });
  });

  it('reports a model absent from MODELS_DIR as missing, in one line naming the folder, offline', async () => {
    const location = await locateModel({ model: MODEL, modelsDir: root });
    expect(location.status).toBe('missing');
    const reason = (location as { reason: string }).reason;
    expect(reason).toBe(
      `model ${MODEL} not found in MODELS_DIR=${root} (and remote loading is off); ` +
        `copy the model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx) ` +
        `to ${path.join(root, MODEL)}`,
    );
    expect(reason).not.toContain('\n');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('with MODELS_DIR set, ignores the download cache but points at the copy there', async () => {
    const cacheDir = path.join(root, 'cache');
    const cached = await writeModel(cacheDir, requiredModelFiles());
    const location = await locateModel({ model: MODEL, modelsDir: path.join(root, 'models'), cacheDir });
    expect(location.status).toBe('missing');
    expect(location).toMatchObject({ reason: expect.stringContaining(`a copy is in the transformers.js cache: ${cached}`) });
  });

  it('finds a model in the transformers.js cache laid out as <cacheDir>/<org>/<name>/', async () => {
    const folder = await writeModel(root, requiredModelFiles());
    await expect(locateModel({ model: MODEL, cacheDir: root })).resolves.toEqual({ status: 'cached', path: folder });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('calls a model remote when the Hub answers a HEAD request for its config.json', async () => {
    fetchSpy.mockResolvedValue(new Response(null, { status: 200 }));
    await expect(locateModel({ model: MODEL, cacheDir: root })).resolves.toEqual({ status: 'remote' });
    expect(fetchSpy).toHaveBeenCalledOnce();
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe(`https://huggingface.co/${MODEL}/resolve/main/config.json`);
    expect(init).toMatchObject({ method: 'HEAD' });
  });

  it('reports an unreachable Hub as missing, saying how to install the model by hand', async () => {
    const location = await locateModel({ model: MODEL, cacheDir: root });
    expect(location).toEqual({
      status: 'missing',
      reason:
        `model ${MODEL} is not in the transformers.js cache (${root}) and ` +
        `https://huggingface.co/${MODEL}/resolve/main/config.json is unreachable (no network); ` +
        `set MODELS_DIR=<dir> and copy the model folder (config.json, tokenizer.json, tokenizer_config.json, ` +
        `onnx/model_quantized.onnx) to <dir>/${MODEL}`,
    });
  });

  it('gives up on a Hub that does not answer within the timeout', async () => {
    fetchSpy.mockImplementation(
      (_url, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    );
    const location = await locateModel({ model: MODEL, cacheDir: root, hubTimeoutMs: 50 });
    expect(location).toMatchObject({ status: 'missing', reason: expect.stringContaining('did not answer within 50 ms') });
  });

  it('reports a model the Hub does not have', async () => {
    fetchSpy.mockResolvedValue(new Response(null, { status: 404 }));
    const location = await locateModel({ model: 'Xenova/no-such-model', cacheDir: root });
    expect(location).toMatchObject({ status: 'missing', reason: expect.stringContaining('answered HTTP 404') });
  });
});

describe('configureTransformersEnv', () => {
  it('turns remote loading and the cache off for MODELS_DIR, and back on for the next load without it', () => {
    const defaults = { allowRemoteModels: env.allowRemoteModels, useFSCache: env.useFSCache, localModelPath: env.localModelPath };
    configureTransformersEnv({ model: MODEL, modelsDir: 'test/fixtures/models' });
    expect(env).toMatchObject({
      allowRemoteModels: false,
      useFSCache: false,
      localModelPath: path.resolve('test/fixtures/models'),
    });
    configureTransformersEnv({ model: MODEL });
    expect(env).toMatchObject(defaults);
  });
});

describe('ModelUnavailableError', () => {
  it('is a named error carrying the model and the one-line reason', () => {
    const error = new ModelUnavailableError(MODEL, 'copy it');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ModelUnavailableError');
    expect(error.model).toBe(MODEL);
    expect(error.message).toBe('copy it');
  });
});
