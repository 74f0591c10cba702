import type { Glossary } from '../glossary.ts';
import { vectorFeatures } from '../lexical.ts';
import { analyzeQuestion, passageTerms, type QuestionAnalysis } from '../terms.ts';
import { CorpusEmbeddings, type EmbedderDescriptor } from './corpus-embeddings.ts';

export interface OfflineEmbeddingsOptions {
  glossary: Glossary;
  /** Size of the dense form LangChain callers get (`embedDocuments`, `embedQuery`). Default 1280. */
  dim?: number;
}

/** Bump when what the sparse vectors mean changes: an index built by another version is refused. */
const VERSION = 2;
const DEFAULT_DIM = 1280;

/**
 * The built-in embedder: no weights to download. A paragraph or question is a
 * sparse TF-IDF vector over the lexical index's own terms — stems, glossary
 * concepts (shared by English and French terms of art) and six-letter cognate
 * keys — so an English question lands near the French paragraphs that use its
 * concepts or cognates.
 *
 * The vectors are sparse: retrieval scores them exactly from the counts the
 * index stores (`LexicalIndex.similar`), and a build writes no HNSW graph for
 * them. At 100,000 paragraphs a graph of their 1,280-dimension hashed form
 * reached recall@10 0.64 against exact search at efSearch 3,200 (a sparse
 * question is near-orthogonal to most of the corpus, so the graph has no slope
 * to follow), cost 52 ms a question, half the build and 0.5 GB per worker.
 * For LangChain callers, `embedDocuments` and `embedQuery` give the vectors
 * hashed into `dim` dimensions, without IDF (which is the index's); nothing
 * in the product uses that form.
 * @example
 * const embedder = new OfflineEmbeddings({ glossary: Glossary.load() });
 * index.lexical.similar(embedder.sparseQuestion(question), candidates);
 */
export class OfflineEmbeddings extends CorpusEmbeddings {
  readonly descriptor: EmbedderDescriptor;
  override readonly sparse: boolean = true;
  private readonly glossary: Glossary;
  private readonly dim: number;

  constructor(options: OfflineEmbeddingsOptions) {
    super({});
    this.glossary = options.glossary;
    this.dim = options.dim ?? DEFAULT_DIM;
    this.descriptor = { kind: 'offline', id: 'offline-bilingual-tfidf', dim: this.dim, settings: { version: VERSION, vectors: 'sparse' } };
  }

  override sparseQuestion(question: QuestionAnalysis): Map<string, number> {
    return vectorFeatures(question);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.hashed(vectorFeatures(passageTerms(t, this.glossary))));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.hashed(vectorFeatures(analyzeQuestion(text, { glossary: this.glossary })));
  }

  /** Signed feature hashing of a sparse vector into `dim` dimensions, unit length. */
  private hashed(features: Map<string, number>): number[] {
    const v = new Array<number>(this.dim).fill(0);
    for (const [feature, weight] of features) {
      const h = fnv1a(feature);
      v[h % this.dim]! += (h & 0x80000000 ? -1 : 1) * weight;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }
}

/** 32-bit FNV-1a: a stable, fast string hash for feature hashing. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
