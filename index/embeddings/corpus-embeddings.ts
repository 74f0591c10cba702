import { Embeddings } from '@langchain/core/embeddings';
import type { Paragraph } from '../paragraph.ts';
import type { QuestionAnalysis } from '../terms.ts';

/** What the index records about the embedder that built it; the server refuses a mismatch. */
export interface EmbedderDescriptor {
  /** `offline`: built-in, needs no weights. `neural`: a transformers.js model. */
  kind: 'offline' | 'neural';
  /** Stable name, e.g. "offline-bilingual-tfidf" or "Xenova/multilingual-e5-small". */
  id: string;
  dim: number;
  /** Everything else that changes the vectors (pooling, prefixes, feature weights, version). */
  settings: Record<string, unknown>;
}

/** Whether two descriptors describe the same vectors. */
export function sameDescriptor(a: EmbedderDescriptor, b: EmbedderDescriptor): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A paragraph as a build hands it to an embedder. */
export interface EmbeddingInput {
  /** What is embedded: the heading and the text (see `embeddingText`). */
  text: string;
  paragraph: Paragraph;
}

/** A LangChain `Embeddings` that can describe itself for the index, and may be sparse (scored without a graph). */
export abstract class CorpusEmbeddings extends Embeddings {
  abstract readonly descriptor: EmbedderDescriptor;
  /**
   * Whether the vectors are sparse over the lexical index's terms: retrieval
   * then scores them exactly from the stored counts (`sparseQuestion`) and a
   * build writes no HNSW graph for them.
   */
  readonly sparse: boolean = false;

  /** A sparse embedder's question vector before IDF (term → weight); only a sparse embedder has one. */
  sparseQuestion(_question: QuestionAnalysis): Map<string, number> {
    throw new Error(`${this.descriptor.id} is not sparse`);
  }

  /** Vectors of paragraphs at build time: their text. */
  async embedParagraphs(paragraphs: EmbeddingInput[]): Promise<number[][]> {
    return this.embedDocuments(paragraphs.map((p) => p.text));
  }

  /** A question already analysed by the retriever. Default: its text, as `embedQuery` takes it. */
  async embedQuestion(question: QuestionAnalysis): Promise<number[]> {
    return this.embedQuery(question.text);
  }

}
