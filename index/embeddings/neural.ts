import { pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { LRUCache } from 'lru-cache';
import { CorpusEmbeddings, type EmbedderDescriptor } from './corpus-embeddings.ts';
import { ModelUnavailableError, locateModel, withModelSource } from './model-source.ts';

/** How a sentence model turns token vectors into one text vector, and what it expects in front of texts. */
export interface SentenceModelSettings {
  /** `mean`: average of the token vectors (sentence-transformers, E5). `cls`: the first token's. */
  pooling: 'mean' | 'cls';
  /** Scale vectors to unit length, so a dot product is the cosine. */
  normalize: boolean;
  /** Put in front of a question before embedding it; E5 models were trained with "query: ". */
  queryPrefix: string;
  /** Put in front of a corpus paragraph; E5 models were trained with "passage: ". */
  passagePrefix: string;
}

/** The model used when none is named: small (118M parameters, 384 dimensions), multilingual, strong on FR and EN. */
export const DEFAULT_MODEL = 'Xenova/multilingual-e5-small';

/**
 * Settings of models we know, as their model cards prescribe. A model not listed here gets
 * {@link FALLBACK_SETTINGS} unless the options say otherwise.
 */
export const KNOWN_MODELS: Readonly<Record<string, SentenceModelSettings>> = {
  'Xenova/multilingual-e5-small': { pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  'Xenova/multilingual-e5-base': { pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': { pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' },
};

/** The most common recipe for sentence-transformers exports: mean pooling, unit vectors, no prefixes. */
export const FALLBACK_SETTINGS: Readonly<SentenceModelSettings> = {
  pooling: 'mean',
  normalize: true,
  queryPrefix: '',
  passagePrefix: '',
};

export interface TransformersEmbeddingsOptions extends Partial<SentenceModelSettings> {
  /**
   * Hub id, or folder name under `modelsDir`. Default: {@link DEFAULT_MODEL}.
   * Change it for a bigger model (better recall, slower indexing) or a test model.
   * `pooling`, `normalize` and the prefixes default to the model's entry in {@link KNOWN_MODELS}.
   */
  model?: string;
  /**
   * Local models folder (MODELS_DIR), holding `<org>/<name>/`. Default: unset (download from
   * the Hub into the cache). When set, it is the only source and nothing is downloaded.
   */
  modelsDir?: string;
  /** The transformers.js download cache. Default: the library's, under node_modules. */
  cacheDir?: string;
  /**
   * Use `onnx/model_quantized.onnx` (int8: ~4x smaller and faster on CPU, recall barely
   * changes). Default: true. False loads `onnx/model.onnx`, when only that one is at hand.
   */
  quantized?: boolean;
  /**
   * Paragraphs per model call when embedding documents. Default: 16. Larger batches pad more
   * and use more memory for little gain on CPU.
   */
  batchSize?: number;
  /**
   * Query vectors kept in memory, so a repeated question costs no inference. Default: 500
   * (~0.8 MB at 384 dimensions). 0 turns the cache off.
   */
  queryCacheSize?: number;
  /**
   * Called after each batch of `embedDocuments` with paragraphs done so far and the total,
   * for a progress bar and a paragraphs-per-second figure. Default: none.
   */
  onBatch?: (done: number, total: number) => void;
}

/** What an instance has cost so far: the server reports it, tests read it. */
export interface EmbeddingStats {
  /** Calls to the ONNX model (one per batch, one per uncached query). */
  modelCalls: number;
  /** Texts that went through the model. */
  textsEmbedded: number;
  /** Queries answered from the cache without the model. */
  queryCacheHits: number;
}

/**
 * Sentence embeddings from a transformers.js (ONNX) model, loaded once and kept: create it
 * with {@link TransformersEmbeddings.load}, which fails with a {@link ModelUnavailableError}
 * whose one-line message says how to get a model that is neither local nor downloadable.
 *
 * @example
 * const embedder = await TransformersEmbeddings.load({ modelsDir: process.env.MODELS_DIR });
 * const vectors = await embedder.embedDocuments(paragraphs.map((p) => p.text)); // "passage: " + text
 * const question = await embedder.embedQuery('Quels droits pour les travailleurs migrants ?'); // "query: " + text
 */
export class TransformersEmbeddings extends CorpusEmbeddings {
  readonly descriptor: EmbedderDescriptor;
  readonly settings: Readonly<SentenceModelSettings>;
  private readonly extractor: FeatureExtractionPipeline;
  private readonly batchSize: number;
  private readonly onBatch: ((done: number, total: number) => void) | undefined;
  private readonly queryCache: LRUCache<string, number[]> | undefined;
  private readonly counters: EmbeddingStats = { modelCalls: 0, textsEmbedded: 0, queryCacheHits: 0 };

  private constructor(
    extractor: FeatureExtractionPipeline,
    descriptor: EmbedderDescriptor,
    settings: SentenceModelSettings,
    options: TransformersEmbeddingsOptions,
  ) {
    super({});
    this.extractor = extractor;
    this.descriptor = descriptor;
    this.settings = settings;
    this.batchSize = options.batchSize ?? 16;
    this.onBatch = options.onBatch;
    const cacheSize = options.queryCacheSize ?? 500;
    this.queryCache = cacheSize > 0 ? new LRUCache({ max: cacheSize }) : undefined;
  }

  /**
   * Locates the model (see `locateModel`), loads it once, and reads its dimension from one
   * embedding. Throws {@link ModelUnavailableError} when it is neither on disk nor downloadable.
   */
  static async load(options: TransformersEmbeddingsOptions = {}): Promise<TransformersEmbeddings> {
    const model = options.model ?? DEFAULT_MODEL;
    const quantized = options.quantized ?? true;
    if (options.batchSize !== undefined && !(Number.isInteger(options.batchSize) && options.batchSize > 0)) {
      throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    const source = { model, modelsDir: options.modelsDir, cacheDir: options.cacheDir, quantized };

    const location = await locateModel(source);
    if (location.status === 'missing') throw new ModelUnavailableError(model, location.reason);

    const extractor = await withModelSource(source, () => pipeline('feature-extraction', model, { quantized }));

    const known = KNOWN_MODELS[model] ?? FALLBACK_SETTINGS;
    const settings: SentenceModelSettings = {
      pooling: options.pooling ?? known.pooling,
      normalize: options.normalize ?? known.normalize,
      queryPrefix: options.queryPrefix ?? known.queryPrefix,
      passagePrefix: options.passagePrefix ?? known.passagePrefix,
    };
    // The dimension is whatever the model outputs, so a config that lies cannot mislabel an index.
    const probe = await extractor('dimension', { pooling: settings.pooling, normalize: settings.normalize });
    const dim = probe.dims.at(-1);
    if (!dim) throw new Error(`model ${model} gave no vector (output dims ${JSON.stringify(probe.dims)})`);
    const descriptor: EmbedderDescriptor = {
      kind: 'neural',
      id: model,
      dim,
      settings: { ...settings, quantized },
    };
    return new TransformersEmbeddings(extractor, descriptor, settings, options);
  }

  /** Corpus paragraphs, with the passage prefix, in batches; vectors come back in input order. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = new Array(texts.length);
    // Batching texts of similar length wastes less compute on padding; padding is masked
    // out of the pooling, so the order does not change the vectors.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const embedded = await this.embed(batch.map((i) => this.settings.passagePrefix + texts[i]));
      batch.forEach((textIndex, j) => (vectors[textIndex] = embedded[j]!));
      this.onBatch?.(start + batch.length, texts.length);
    }
    return vectors;
  }

  /** A question, with the query prefix; a question asked before is answered from the cache. */
  async embedQuery(text: string): Promise<number[]> {
    const cached = this.queryCache?.get(text);
    if (cached) {
      this.counters.queryCacheHits++;
      return cached.slice(); // a copy: a caller that edits its vector must not edit the cache
    }
    const vector = (await this.embed([this.settings.queryPrefix + text]))[0]!;
    this.queryCache?.set(text, vector);
    return vector.slice();
  }

  get stats(): Readonly<EmbeddingStats> {
    return { ...this.counters };
  }

  /** Frees the ONNX session; the instance cannot embed afterwards. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }

  /** One model call on texts exactly as given. */
  private async embed(texts: string[]): Promise<number[][]> {
    const output = await this.extractor(texts, { pooling: this.settings.pooling, normalize: this.settings.normalize });
    this.counters.modelCalls++;
    this.counters.textsEmbedded += texts.length;
    const dim = this.descriptor.dim;
    const data = output.data as Float32Array;
    return texts.map((_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
  }
}
