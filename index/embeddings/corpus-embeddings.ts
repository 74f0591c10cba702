import { Embeddings } from '@langchain/core/embeddings';
import type { QuestionAnalysis } from '../terms.ts';

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

/**
 * A LangChain `Embeddings` that can describe itself for the index, and that
 * may learn corpus statistics before embedding documents.
 */
export abstract class CorpusEmbeddings extends Embeddings {
  abstract readonly descriptor: EmbedderDescriptor;

  /** Learns what the embedder needs from the whole corpus (e.g. term weights). Default: nothing. */
  async fit(_texts: string[]): Promise<void> {}

  /** A question already analysed by the retriever. Default: its text, as `embedQuery` takes it. */
  async embedQuestion(question: QuestionAnalysis): Promise<number[]> {
    return this.embedQuery(question.text);
  }

  /** State to persist in the index and hand back to the constructor when loading. Default: none. */
  state(): unknown {
    return null;
  }
}
