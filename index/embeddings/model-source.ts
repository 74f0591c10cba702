import { access } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@xenova/transformers';

/**
 * Where a transformers.js model comes from, decided before loading so that a user who
 * lacks it gets one line saying how to get it, not a stack trace from deep in the library.
 */
export type ModelLocation =
  /** A complete folder `<modelsDir>/<org>/<name>/`. */
  | { status: 'local'; path: string }
  /** A complete folder in the transformers.js download cache (`<cacheDir>/<org>/<name>/`). */
  | { status: 'cached'; path: string }
  /** Not on disk, but the Hub answers: transformers.js will download it on load. */
  | { status: 'remote' }
  /** Not on disk and cannot be downloaded; `reason` is one line that says what to do. */
  | { status: 'missing'; reason: string };

export interface ModelSourceOptions {
  /** Hub id or folder name under `modelsDir`, e.g. "Xenova/multilingual-e5-small". */
  model: string;
  /**
   * Local models folder (MODELS_DIR). Default: unset. When set, it is the only source: remote
   * loading and the download cache are off, so an offline machine never waits on the network
   * and the copy you put there is the one that runs.
   */
  modelsDir?: string;
  /**
   * The transformers.js download cache. Default: the library's own
   * (`node_modules/@xenova/transformers/.cache/`). Set it to keep downloads across `npm ci`.
   */
  cacheDir?: string;
  /**
   * Load `onnx/model_quantized.onnx` (int8, ~4x smaller, what Xenova repos ship) rather than
   * `onnx/model.onnx`. Default: true.
   */
  quantized?: boolean;
}

export interface LocateModelOptions extends ModelSourceOptions {
  /** How long to wait for the Hub's answer before calling the model missing. Default: 3000 ms. */
  hubTimeoutMs?: number;
}

/** A model that cannot be loaded; the message is one line that says how to get it. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';

  constructor(
    readonly model: string,
    message: string,
  ) {
    super(message);
  }
}

/** The files transformers.js reads for a feature-extraction model; all are fetched as required. */
export function requiredModelFiles(quantized = true): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/${quantized ? 'model_quantized' : 'model'}.onnx`];
}

// Captured at import, before anyone changes them, so that each load starts from the
// library's defaults rather than from whatever the previous load in this process set.
const LIBRARY_DEFAULTS = {
  cacheDir: env.cacheDir,
  localModelPath: env.localModelPath,
  allowRemoteModels: env.allowRemoteModels,
  useFSCache: env.useFSCache,
};

/**
 * Finds the model where the loader will look, or asks the Hub whether it could be downloaded
 * (a HEAD request for its config.json, downloading nothing). With `modelsDir` set, only that
 * folder counts (see {@link configureTransformersEnv}); without it, the download cache, then the Hub.
 *
 * @example
 * const where = await locateModel({ model: 'Xenova/multilingual-e5-small', modelsDir: '/srv/models' });
 * if (where.status === 'missing') throw new ModelUnavailableError('Xenova/multilingual-e5-small', where.reason);
 */
export async function locateModel(options: LocateModelOptions): Promise<ModelLocation> {
  const { model, modelsDir, quantized = true, hubTimeoutMs = 3000 } = options;
  const files = requiredModelFiles(quantized);

  const cacheDir = options.cacheDir ?? LIBRARY_DEFAULTS.cacheDir;
  // The library's file cache keys a file of the main revision by "<model>/<file>".
  const cached = cacheDir ? path.resolve(cacheDir, model) : undefined;

  if (modelsDir !== undefined) {
    const folder = path.resolve(modelsDir, model);
    const absent = await missingFiles(folder, files);
    if (absent.length === 0) return { status: 'local', path: folder };
    const lacking = absent.length === files.length ? 'not found' : `incomplete (no ${absent.join(', ')})`;
    const hint = cached && (await hasAll(cached, files)) ? ` (a copy is in the transformers.js cache: ${cached})` : '';
    return {
      status: 'missing',
      reason:
        `model ${model} ${lacking} in MODELS_DIR=${path.resolve(modelsDir)} (and remote loading is off); ` +
        `copy the model folder (${files.join(', ')}) to ${folder}${hint}`,
    };
  }

  if (cached && (await hasAll(cached, files))) return { status: 'cached', path: cached };

  const url = hubUrl(model, 'config.json');
  const hub = await askHub(url, hubTimeoutMs);
  if (hub === 'reachable') return { status: 'remote' };
  return {
    status: 'missing',
    reason:
      `model ${model} is not in the transformers.js cache (${cacheDir}) and ${url} ${hub}; ` +
      `set MODELS_DIR=<dir> and copy the model folder (${files.join(', ')}) to <dir>/${model}`,
  };
}

/**
 * Points transformers.js at the model's source. Its `env` is one object shared by the whole
 * process, so this module is the only place that writes it, and it writes every field it
 * uses on each call: a load never inherits the previous load's settings. Prefer
 * {@link withModelSource}, which also keeps concurrent loads from seeing each other's settings.
 *
 * @example
 * configureTransformersEnv({ model: 'tiny/bert-tiny', modelsDir: 'test/fixtures/models' });
 * const tokenizer = await AutoTokenizer.from_pretrained('tiny/bert-tiny');
 */
export function configureTransformersEnv(options: ModelSourceOptions): void {
  const { modelsDir, cacheDir } = options;
  const local = modelsDir !== undefined;
  env.allowLocalModels = true;
  env.allowRemoteModels = local ? false : LIBRARY_DEFAULTS.allowRemoteModels;
  // The library reads its cache before the local folder: off, so MODELS_DIR alone decides
  // which copy is loaded (a stale download cannot shadow it).
  env.useFSCache = local ? false : LIBRARY_DEFAULTS.useFSCache;
  // transformers.js joins this path with "<model>/<file>" and reads it relative to the cwd.
  env.localModelPath = local ? path.resolve(modelsDir) : LIBRARY_DEFAULTS.localModelPath;
  env.cacheDir = cacheDir === undefined ? LIBRARY_DEFAULTS.cacheDir : path.resolve(cacheDir);
}

// The tail of the loads queued so far (see withModelSource).
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `load` with transformers.js pointed at the model's source. transformers.js reads its
 * `env` throughout a load (file after file), so loads run one at a time: two started
 * together with different MODELS_DIR cannot mix their files. A failed load does not block the next.
 *
 * @example
 * const extractor = await withModelSource({ model, modelsDir }, () =>
 *   pipeline('feature-extraction', model, { quantized: true }),
 * );
 */
export function withModelSource<T>(options: ModelSourceOptions, load: () => Promise<T>): Promise<T> {
  const run = loadQueue.then(() => {
    configureTransformersEnv(options);
    return load();
  });
  loadQueue = run.catch(() => undefined);
  return run;
}

/** The URL transformers.js fetches a file of the main revision from (honours a mirror set in `env.remoteHost`). */
function hubUrl(model: string, file: string): string {
  const repoPath = env.remotePathTemplate.replaceAll('{model}', model).replaceAll('{revision}', 'main');
  return [env.remoteHost, repoPath, file].map((part) => part.replace(/^\/+|\/+$/g, '')).join('/');
}

/** 'reachable', or why not, phrased to follow the URL in a sentence. */
async function askHub(url: string, timeoutMs: number): Promise<'reachable' | string> {
  try {
    // The Hub answers `resolve` URLs with a redirect to its CDN for large files: a redirect is a yes.
    const response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status < 400) return 'reachable';
    return `answered HTTP ${response.status}`;
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return timedOut ? `did not answer within ${timeoutMs} ms` : 'is unreachable (no network)';
  }
}

async function missingFiles(folder: string, files: string[]): Promise<string[]> {
  const present = await Promise.all(files.map((file) => access(path.join(folder, file)).then(() => true, () => false)));
  return files.filter((_, i) => !present[i]);
}

async function hasAll(folder: string, files: string[]): Promise<boolean> {
  return (await missingFiles(folder, files)).length === 0;
}
