import type { Config } from '../config.ts';
import type { Glossary } from '../glossary.ts';
import type { CorpusEmbeddings } from './corpus-embeddings.ts';
import { ModelUnavailableError, locateModel } from './model-source.ts';
import { TransformersEmbeddings } from './neural.ts';
import { OfflineEmbeddings } from './offline.ts';

export interface ChosenEmbedders {
  embedders: CorpusEmbeddings[];
  /** One line for the user when `auto` fell back to the offline embedder alone. */
  notice?: string;
}

/**
 * The embedders an index is built with. The offline one always (it needs
 * nothing and its ranking is fused with the neural one); the neural model too
 * where it is available: in MODELS_DIR, in the transformers.js cache, or
 * downloadable once. `EMBEDDER=neural` fails without it; `auto` says why it
 * went without and how to get the model.
 */
export async function chooseEmbedders(
  config: Pick<Config, 'EMBEDDER' | 'NEURAL_MODEL' | 'MODELS_DIR'>,
  glossary: Glossary,
): Promise<ChosenEmbedders> {
  const offline = new OfflineEmbeddings({ glossary });
  if (config.EMBEDDER === 'offline') return { embedders: [offline] };
  const source = { model: config.NEURAL_MODEL, modelsDir: config.MODELS_DIR };
  const location = await locateModel(source);
  if (location.status === 'missing') {
    if (config.EMBEDDER === 'neural') throw new ModelUnavailableError(config.NEURAL_MODEL, location.reason);
    return { embedders: [offline], notice: `neural embedder skipped, building the offline index: ${location.reason}` };
  }
  const neural = await TransformersEmbeddings.load(source);
  return { embedders: [offline, neural] };
}
