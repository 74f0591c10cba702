import { Embeddings } from '@langchain/core/embeddings';
import type { Paragraph } from '../paragraph.ts';
import type { ParagraphAnalysis, QuestionAnalysis } from '../terms.ts';

/** What the index records about the embedder that built it; the server refuses a mismatch. */
export interface EmbedderDescriptor {
  /** `offline`: built-in, needs no weights. `neural`: a transformers.js model. */
  kind: 'offline' | 'neural';
  /** Stable name, e.g. "offline-bilingual-hash" or "Xenova/multilingual-e5-small". */
  id: string;
  dim: number;
  /** Everything else that changes the vectors (pooling, prefixes, feature weights, version). */
  settings: Record<string, unknown>;
}

/** A paragraph as a build hands it to an embedder: the text to embed and the analysis already stored for it. */
export interface EmbeddingInput {
  /** What is embedded: the heading and the text (see `embeddingText`). */
  text: string;
  paragraph: Paragraph;
  analysis: ParagraphAnalysis;
}

/**
 * A LangChain `Embeddings` that can describe itself for the index, and that
 * may learn corpus statistics before embedding documents.
 */
export abstract class CorpusEmbeddings extends Embeddings {
  abstract readonly descriptor: EmbedderDescriptor;
  /**
   * Whether a paragraph's vector depends on the rest of the corpus (learnt by
   * `fit`): an incremental build then recomputes every vector rather than reuse them.
   */
  readonly corpusDependent: boolean = false;

  /** Learns what the embedder needs from the whole corpus (e.g. term weights). Default: nothing. */
  async fit(_paragraphs: EmbeddingInput[]): Promise<void> {}

  /** Vectors of paragraphs at build time. Default: their text; an embedder may read the stored analysis instead. */
  async embedParagraphs(paragraphs: EmbeddingInput[]): Promise<number[][]> {
    return this.embedDocuments(paragraphs.map((p) => p.text));
  }

  /** A question already analysed by the retriever. Default: its text, as `embedQuery` takes it. */
  async embedQuestion(question: QuestionAnalysis): Promise<number[]> {
    return this.embedQuery(question.text);
  }

  /** State to persist in the index and hand back to the constructor when loading. Default: none. */
  state(): unknown {
    return null;
  }
}
