import hnswlib from 'hnswlib-node';
import { loadCorpus, DEFAULT_CORPUS_DIR } from './corpus.ts';
import type { CorpusEmbeddings } from './embeddings/corpus-embeddings.ts';
import { Glossary } from './glossary.ts';
import { LexicalIndex } from './lexical.ts';
import { repairOcr } from './ocr.ts';
import type { Paragraph } from './paragraph.ts';
import { segmentDocument } from './segment.ts';
import { analyzeParagraph } from './terms.ts';
import { DEFAULT_INDEX_DIR, INDEX_FORMAT_VERSION, writeIndex, type EmbedderEntry } from './store.ts';

export interface BuildOptions {
  /** Folder with manifest.json and the documents. Default: the repo's corpus/. */
  corpusDir?: string;
  /** Where builds are written (`<indexDir>/current`). Default: index/data. */
  indexDir?: string;
  /** Embedders whose vectors go into the index, each in its own HNSW graph. */
  embedders: CorpusEmbeddings[];
  glossary?: Glossary;
  /** Called as work advances, for a progress bar. */
  onProgress?: (event: BuildProgress) => void;
}

export type BuildProgress =
  | { stage: 'segment'; documents: number; paragraphs: number }
  | { stage: 'embed'; embedder: string; done: number; total: number };

export interface BuildSummary {
  dir: string;
  documents: number;
  paragraphs: number;
  seconds: number;
  embedders: { id: string; dim: number; seconds: number; perSecond: number }[];
}

/** Paragraphs embedded per call: small enough for steady progress, large enough for neural batching. */
const EMBED_BATCH = 32;

/**
 * The offline step: segment every document, repair OCR'd ones, embed every
 * paragraph with each embedder into an HNSW graph, build the lexical index,
 * and write it all atomically.
 * @example
 * await buildIndex({ embedders: [new OfflineEmbeddings({ glossary })] });
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const glossary = options.glossary ?? Glossary.load();
  const sources = await loadCorpus(options.corpusDir ?? DEFAULT_CORPUS_DIR);
  const paragraphs: Paragraph[] = sources.flatMap((source) =>
    segmentDocument(source, source.meta.ocr ? { repair: (s) => repairOcr(s).text } : {}),
  );
  options.onProgress?.({ stage: 'segment', documents: sources.length, paragraphs: paragraphs.length });
  const analyses = paragraphs.map((p) => analyzeParagraph(p, glossary));

  const texts = paragraphs.map(embeddingText);
  const entries: EmbedderEntry[] = [];
  const graphs: hnswlib.HierarchicalNSW[] = [];
  const timings: BuildSummary['embedders'] = [];
  for (const embedder of options.embedders) {
    const t0 = performance.now();
    await embedder.fit(texts);
    const { id, dim } = embedder.descriptor;
    const graph = new hnswlib.HierarchicalNSW('cosine', dim);
    graph.initIndex(paragraphs.length, 16, 200, 42);
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      const vectors = await embedder.embedDocuments(texts.slice(i, i + EMBED_BATCH));
      vectors.forEach((v, j) => graph.addPoint(v, i + j));
      options.onProgress?.({ stage: 'embed', embedder: id, done: Math.min(i + EMBED_BATCH, texts.length), total: texts.length });
    }
    const seconds = (performance.now() - t0) / 1000;
    timings.push({ id, dim, seconds, perSecond: texts.length / seconds });
    entries.push({ descriptor: embedder.descriptor, file: `${entries.length}-${id.replace(/[^a-z0-9]+/gi, '-')}.hnsw`, state: embedder.state() });
    graphs.push(graph);
  }

  const seconds = (performance.now() - started) / 1000;
  const dir = await writeIndex(options.indexDir ?? DEFAULT_INDEX_DIR, {
    meta: {
      formatVersion: INDEX_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      buildSeconds: seconds,
      documents: sources.map((s) => ({ ...s.meta, paragraphs: paragraphs.filter((p) => p.docId === s.meta.id).length })),
      paragraphCount: paragraphs.length,
      embedders: entries,
    },
    paragraphs,
    analyses,
    lexical: LexicalIndex.build(analyses),
    graphs,
  });
  return { dir, documents: sources.length, paragraphs: paragraphs.length, seconds: (performance.now() - started) / 1000, embedders: timings };
}

/** What an embedder sees of a paragraph: its heading too, since questions often name the agency or theme. */
export function embeddingText(p: Paragraph): string {
  return p.section ? `${p.section}. ${p.text}` : p.text;
}
