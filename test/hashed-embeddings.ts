import type { EmbedderDescriptor } from '../index/embeddings/corpus-embeddings.ts';
import { OfflineEmbeddings } from '../index/embeddings/offline.ts';
import type { Glossary } from '../index/glossary.ts';

const DIM = 256;

/**
 * A dense embedder for tests that need an HNSW graph without a model: the
 * offline embedder's hashed form, which a build puts in a graph. Indexes it
 * builds are read (`readIndex`), not served: no release restores it.
 */
export class HashedEmbeddings extends OfflineEmbeddings {
  override readonly sparse = false;
  override readonly descriptor: EmbedderDescriptor;

  constructor(options: { glossary: Glossary }) {
    super({ ...options, dim: DIM });
    this.descriptor = { kind: 'offline', id: 'test-hashed-dense', dim: DIM, settings: { vectors: 'dense' } };
  }
}
