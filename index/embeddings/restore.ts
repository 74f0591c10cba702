import type { Glossary } from '../glossary.ts';
import { IndexFormatError, type EmbedderEntry } from '../store.ts';
import { sameDescriptor, type CorpusEmbeddings } from './corpus-embeddings.ts';
import type { SentenceModelSettings } from './neural.ts';
import { OfflineEmbeddings } from './offline.ts';

export interface RestoreOptions {
  glossary: Glossary;
  /** Local models folder for a neural embedder (MODELS_DIR). */
  modelsDir?: string;
}

/**
 * Recreates the embedders an index was built with, so queries are embedded in
 * the same space as the paragraphs. An index whose embedder this version
 * cannot reproduce is refused with a one-line reason.
 */
export async function restoreEmbedders(entries: EmbedderEntry[], options: RestoreOptions): Promise<CorpusEmbeddings[]> {
  return Promise.all(entries.map((entry) => restoreEmbedder(entry, options)));
}

async function restoreEmbedder(entry: EmbedderEntry, options: RestoreOptions): Promise<CorpusEmbeddings> {
  const built = entry.descriptor;
  if (built.kind === 'offline') {
    const embedder = new OfflineEmbeddings({ glossary: options.glossary, dim: built.dim });
    assertSame(built, embedder);
    return embedder;
  }
  const settings = built.settings as Partial<SentenceModelSettings> & { quantized?: boolean };
  // Loaded only for a neural index: transformers.js brings onnxruntime-node, whose native
  // addon is not made for worker threads (a server's workers crash on exit when it is loaded).
  const { TransformersEmbeddings } = await import('./neural.ts');
  const { ModelUnavailableError } = await import('./model-source.ts');
  try {
    const embedder = await TransformersEmbeddings.load({ ...settings, model: built.id, modelsDir: options.modelsDir });
    assertSame(built, embedder);
    return embedder;
  } catch (err) {
    if (!(err instanceof ModelUnavailableError)) throw err;
    throw new IndexFormatError(
      `the index was built with the neural model ${built.id}, which is not available here (${err.message}); get the model or rebuild with EMBEDDER=offline npm run index`,
    );
  }
}

function assertSame(built: EmbedderEntry['descriptor'], embedder: CorpusEmbeddings): void {
  if (!sameDescriptor(built, embedder.descriptor)) {
    throw new IndexFormatError(
      `the index was built with ${describe(built)}, this version embeds with ${describe(embedder.descriptor)}: rebuild it with \`npm run index\``,
    );
  }
}

function describe(d: EmbedderEntry['descriptor']): string {
  return `${d.id} (${d.dim} dimensions, ${JSON.stringify(d.settings)})`;
}
