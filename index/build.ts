import hnswlib from 'hnswlib-node';
import { loadCorpus, DEFAULT_CORPUS_DIR, type SourceDocument } from './corpus.ts';
import { sameDescriptor, type CorpusEmbeddings, type EmbeddingInput } from './embeddings/corpus-embeddings.ts';
import { buildComponents, fingerprintOf, lexicalWriterHash, sha256 } from './fingerprint.ts';
import { Glossary } from './glossary.ts';
import type { Paragraph } from './paragraph.ts';
import { segmentSource } from './segment.ts';
import { analyzeParagraph, type ParagraphAnalysis } from './terms.ts';
import {
  DEFAULT_INDEX_DIR,
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  readIndex,
  writeIndex,
  type EmbedderEntry,
  type HnswSettings,
  type IndexContent,
  type IndexedDocument,
} from './store.ts';

export interface BuildOptions {
  /** Folder with manifest.json and the documents. Default: the repo's corpus/. */
  corpusDir?: string;
  /** Where builds are written (`<indexDir>/current`). Default: index/data. */
  indexDir?: string;
  /** Embedders of the index: a dense one's vectors go into its own HNSW graph, a sparse one needs none. */
  embedders: CorpusEmbeddings[];
  glossary?: Glossary;
  /** Called as work advances, for a progress bar. */
  onProgress?: (event: BuildProgress) => void;
  /**
   * Build everything again instead of reusing, from the current index, the
   * documents whose content and build settings are unchanged. Default false.
   */
  full?: boolean;
  /** Aborts the build between batches (the CLI's SIGINT/SIGTERM): nothing is written, `current` stays. */
  signal?: AbortSignal;
  /** HNSW graph settings; by default efSearch is the smallest whose recall@10 against exact search reaches TARGET_RECALL on probes. */
  hnsw?: Partial<Omit<HnswSettings, 'maxElements' | 'recallAt10'>>;
}

export type BuildProgress =
  | { stage: 'segment'; documents: number; paragraphs: number; reusedDocuments: number }
  /** The previous index could not serve as a cache: the build starts from scratch. */
  | { stage: 'full'; reason: string }
  | { stage: 'analyse'; done: number; total: number }
  /** Writing the build: `paragraphs` new to it, and how many HNSW graphs. */
  | { stage: 'write'; paragraphs: number; graphs: number }
  | { stage: 'embed'; embedder: string; done: number; total: number };

export interface BuildSummary {
  dir: string;
  documents: number;
  paragraphs: number;
  /** Documents taken from the previous index unchanged. */
  reusedDocuments: number;
  /** Ids of the documents segmented and analysed by this build (all of them in a full build). */
  analysedDocuments: string[];
  /** The texts of the paragraphs this build analysed, in order. */
  analysedTexts: string[];
  seconds: number;
  embedders: { id: string; dim: number; seconds: number; perSecond: number }[];
}

/** Paragraphs per step between yields to the event loop: progress and signals get through, the overhead stays negligible. */
const BATCH = 256;
/**
 * Graph settings of a dense (neural) embedder. M 16 and efConstruction 100
 * are the usual balance of build time and graph quality; efSearch is not fixed
 * but measured at each build (`tuneEfSearch`).
 */
const HNSW_DEFAULTS = { M: 16, efConstruction: 100 };
/**
 * Recall@10 against exact search that efSearch must reach on the build's
 * probes. Probes are easier than real questions (at 100k paragraphs, 0.99 on
 * probes was 0.98 on the evaluation questions), hence 0.99 for a 0.98 goal.
 */
const TARGET_RECALL = 0.99;
/** Probe questions measuring recall at build: every 4th word of paragraphs spread over the corpus, 8 words. */
const RECALL_PROBES = 100;
const PROBE_WORDS = 8;
const PROBE_STRIDE = 4;
/** efSearch values tried, smallest first; the first to reach TARGET_RECALL is kept. */
const EF_STEPS = [100, 200, 400, 800, 1200, 1600, 2400, 3200];
/** Fixed so that two builds of the same corpus make the same graph. */
const HNSW_SEED = 42;

/**
 * The offline step: segment every document, repair OCR'd ones, analyse each
 * paragraph once, embed it with each dense embedder into an HNSW graph, and
 * write it all (with the lexical index, which also serves the sparse offline
 * embedder) atomically. Documents unchanged since the current index keep
 * their segmentation, analysis and dense vectors.
 * @example
 * await buildIndex({ embedders: [new OfflineEmbeddings({ glossary })] });
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const pause = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
  };
  const glossary = options.glossary ?? Glossary.load();
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const indexDir = options.indexDir ?? DEFAULT_INDEX_DIR;
  const sources = await loadCorpus(corpusDir);
  const settings = JSON.stringify(buildComponents());
  const previous = options.full ? null : await openPrevious(indexDir, options.onProgress);
  try {
    const keys = sources.map((source) => contentKeyOf(source, settings));
    // Documents only added at the end (`npm run add`): the previous build is extended, not rewritten.
    const base = previous && extendsPrevious(previous, keys, options.embedders) ? previous : null;
    const offset = base?.size ?? 0;
    const corpus = base
      ? await collectParagraphs(sources.slice(base.meta.documents.length), keys.slice(base.meta.documents.length), null, glossary, options, pause, offset)
      : await collectParagraphs(sources, keys, previous, glossary, options, pause);
    const reused = base ? base.meta.documents.length : corpus.reused.size;
    const documents = [...(base?.meta.documents ?? []), ...corpus.documents];
    const paragraphCount = offset + corpus.paragraphs.length;
    options.onProgress?.({ stage: 'segment', documents: sources.length, paragraphs: paragraphCount, reusedDocuments: reused });
    let inputs: EmbeddingInput[] | undefined;

    const entries: EmbedderEntry[] = [];
    const graphs: (hnswlib.HierarchicalNSW | null)[] = [];
    const timings: BuildSummary['embedders'] = [];
    for (const [e, embedder] of options.embedders.entries()) {
      // A sparse embedder's vectors are the lexical index's counts: nothing to embed.
      if (embedder.sparse) {
        entries.push({ descriptor: embedder.descriptor });
        graphs.push(null);
        continue;
      }
      const t0 = performance.now();
      inputs ??= corpus.paragraphs.map((paragraph) => ({ paragraph, text: embeddingText(paragraph) }));
      const settings = { ...HNSW_DEFAULTS, ...options.hnsw, maxElements: Math.max(1, paragraphCount) };
      const extended = base?.graphs[e] ?? null;
      let graph: hnswlib.HierarchicalNSW;
      if (extended) {
        graph = extended;
        graph.resizeIndex(settings.maxElements);
      } else {
        graph = new hnswlib.HierarchicalNSW('cosine', embedder.descriptor.dim);
        graph.initIndex(settings.maxElements, settings.M, settings.efConstruction, HNSW_SEED);
      }
      // Exact search for tuning efSearch; an extended graph keeps the efSearch measured when it was built whole.
      const exact = extended ? null : new hnswlib.BruteforceSearch('cosine', embedder.descriptor.dim);
      exact?.initIndex(settings.maxElements);
      const reusable = previousGraph(previous, embedder);
      for (let i = 0; i < inputs.length; i += BATCH) {
        const batch = inputs.slice(i, i + BATCH);
        const fresh = await embedder.embedParagraphs(batch.filter((_, j) => !(reusable && corpus.previousId[i + j] !== undefined)));
        batch.forEach((_, j) => {
          const old = corpus.previousId[i + j];
          const vector = reusable && old !== undefined ? reusable.getPoint(old) : fresh.shift()!;
          graph.addPoint(vector, offset + i + j);
          exact?.addPoint(vector, offset + i + j);
        });
        options.onProgress?.({ stage: 'embed', embedder: embedder.descriptor.id, done: i + batch.length, total: inputs.length });
        await pause();
      }
      const hnsw = exact
        ? { ...settings, ...(await tuneEfSearch(graph, exact, embedder, inputs, options.hnsw?.efSearch)) }
        : { ...base!.meta.embedders[e]!.graph!.hnsw, maxElements: settings.maxElements };
      const seconds = (performance.now() - t0) / 1000;
      timings.push({ id: embedder.descriptor.id, dim: embedder.descriptor.dim, seconds, perSecond: inputs.length / seconds });
      const file = `${entries.length}-${embedder.descriptor.id.replace(/[^a-z0-9]+/gi, '-')}.hnsw`;
      entries.push({ descriptor: embedder.descriptor, graph: { file, hnsw } });
      graphs.push(graph);
    }

    const fingerprint = await fingerprintOf({ corpusDir, embedders: options.embedders.map((e) => e.descriptor) });
    options.onProgress?.({ stage: 'write', paragraphs: corpus.paragraphs.length, graphs: graphs.filter((g) => g !== null).length });
    const dir = await writeIndex(
      indexDir,
      {
        meta: {
          formatVersion: INDEX_FORMAT_VERSION,
          builtAt: new Date().toISOString(),
          buildSeconds: (performance.now() - started) / 1000,
          documents,
          paragraphCount,
          embedders: entries,
          fingerprint,
          corpusDir,
          lexicalWriter: lexicalWriterHash(),
        },
        paragraphs: corpus.paragraphs,
        analyses: corpus.analyses,
        base: base ? { dir: base.dir, lexical: base.meta.lexical } : undefined,
        graphs,
      },
      { signal: options.signal },
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      dir,
      documents: sources.length,
      paragraphs: paragraphCount,
      reusedDocuments: reused,
      analysedDocuments: corpus.documents.map((d) => d.id).filter((id) => !corpus.reused.has(id)),
      analysedTexts: corpus.paragraphs.filter((_, i) => corpus.previousId[i] === undefined).map((p) => p.text),
      seconds,
      embedders: timings,
    };
  } finally {
    previous?.close();
  }
}

/** What decides whether a document's stored paragraphs can be reused: its manifest entry, its text and the build settings. */
function contentKeyOf(source: SourceDocument, settings: string): string {
  return sha256(JSON.stringify([source.meta, sha256(source.text), settings]));
}

/**
 * Whether this build only adds documents after the previous one's, with the
 * same embedders: it can then extend that build instead of rewriting it.
 */
function extendsPrevious(previous: IndexContent, keys: string[], embedders: CorpusEmbeddings[]): boolean {
  return (
    previous.meta.documents.length <= keys.length &&
    previous.meta.documents.every((d, i) => d.contentKey === keys[i]) &&
    previous.meta.lexicalWriter === lexicalWriterHash() &&
    previous.meta.embedders.length === embedders.length &&
    previous.meta.embedders.every((e, i) => sameDescriptor(e.descriptor, embedders[i]!.descriptor))
  );
}

interface CollectedCorpus {
  documents: IndexedDocument[];
  paragraphs: Paragraph[];
  analyses: ParagraphAnalysis[];
  /** For a paragraph taken from the previous index, its position there. */
  previousId: (number | undefined)[];
  /** Ids of the documents reused. */
  reused: Set<string>;
}

/** Every document's paragraphs and analyses: from the previous index when its key matches, else segmented and analysed now. */
async function collectParagraphs(
  sources: SourceDocument[],
  keys: string[],
  previous: IndexContent | null,
  glossary: Glossary,
  options: BuildOptions,
  pause: () => Promise<void>,
  offset = 0,
): Promise<CollectedCorpus> {
  const before = new Map(previous?.meta.documents.map((d) => [d.contentKey, d]));
  const out: CollectedCorpus = { documents: [], paragraphs: [], analyses: [], previousId: [], reused: new Set() };
  const pending: number[] = [];
  for (const [d, source] of sources.entries()) {
    const contentKey = keys[d]!;
    const firstId = out.paragraphs.length;
    const old = before.get(contentKey);
    if (previous && old) {
      for (let i = 0; i < old.paragraphs; i++) {
        // By position: paragraphs of a document analysed below may come before.
        out.analyses[out.paragraphs.length] = previous.analysis(old.firstId + i);
        out.paragraphs.push(previous.paragraph(old.firstId + i));
        out.previousId.push(old.firstId + i);
      }
      out.reused.add(source.meta.id);
    } else {
      const segmented = segmentSource(source);
      for (const p of segmented) {
        pending.push(out.paragraphs.length);
        out.paragraphs.push(p);
        out.previousId.push(undefined);
      }
    }
    out.documents.push({ ...source.meta, paragraphs: out.paragraphs.length - firstId, firstId: offset + firstId, contentKey });
  }
  const headings = new Map<string, string[]>();
  for (let i = 0; i < pending.length; i += BATCH) {
    for (const id of pending.slice(i, i + BATCH)) out.analyses[id] = analyzeParagraph(out.paragraphs[id]!, glossary, headings);
    options.onProgress?.({ stage: 'analyse', done: Math.min(i + BATCH, pending.length), total: pending.length });
    await pause();
  }
  return out;
}

/**
 * The smallest efSearch whose recall@10 against exact search reaches
 * TARGET_RECALL on probe questions, and the recall measured. A neighbour
 * counts when it is as close as the 10th exact one (recombined text has ties).
 */
async function tuneEfSearch(
  graph: hnswlib.HierarchicalNSW,
  exact: hnswlib.BruteforceSearch,
  embedder: CorpusEmbeddings,
  inputs: EmbeddingInput[],
  fixed?: number,
): Promise<{ efSearch: number; recallAt10: number }> {
  const k = Math.min(10, inputs.length);
  const step = Math.max(1, Math.floor(inputs.length / RECALL_PROBES));
  const probes: { vector: number[]; tenth: number }[] = [];
  for (let id = 0; id < inputs.length && probes.length < RECALL_PROBES; id += step) {
    const words = inputs[id]!.paragraph.text.split(/\s+/).filter((_, w) => w % PROBE_STRIDE === 1);
    const vector = await embedder.embedQuery(words.slice(0, PROBE_WORDS).join(' '));
    const truth = exact.searchKnn(vector, k);
    probes.push({ vector, tenth: Math.max(...truth.distances) + 1e-6 });
  }
  const recallAt = (ef: number) => {
    graph.setEf(ef);
    let found = 0;
    for (const p of probes) found += graph.searchKnn(p.vector, k).distances.filter((d) => d <= p.tenth).length;
    return probes.length === 0 ? 1 : found / (probes.length * k);
  };
  if (fixed !== undefined) return { efSearch: fixed, recallAt10: recallAt(fixed) };
  for (const ef of EF_STEPS) {
    const recall = recallAt(ef);
    if (recall >= TARGET_RECALL || ef === EF_STEPS.at(-1)) return { efSearch: ef, recallAt10: recall };
  }
  throw new Error('unreachable: EF_STEPS is not empty');
}

/** The current index as a cache, verified; a damaged one is reported in one line and the build starts from scratch. */
async function openPrevious(indexDir: string, onProgress: BuildOptions['onProgress']): Promise<IndexContent | null> {
  try {
    return await readIndex(indexDir, { corpusDir: null });
  } catch (err) {
    const missing = err instanceof IndexFormatError && err.message.startsWith('no index at');
    if (!missing) onProgress?.({ stage: 'full', reason: (err as Error).message });
    return null;
  }
}

/** The previous graph of the same embedder (same descriptor), whose vectors can be reused. */
function previousGraph(previous: IndexContent | null, embedder: CorpusEmbeddings): hnswlib.HierarchicalNSW | null {
  const i = previous?.meta.embedders.findIndex((e) => sameDescriptor(e.descriptor, embedder.descriptor)) ?? -1;
  return i >= 0 ? previous!.graphs[i] ?? null : null;
}

/** What an embedder sees of a paragraph: its heading too, since questions often name the agency or theme. */
export function embeddingText(p: Paragraph): string {
  return p.section ? `${p.section}. ${p.text}` : p.text;
}
