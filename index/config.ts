import { z } from 'zod';
import { DEFAULT_CORPUS_DIR } from './corpus.ts';
import { DEFAULT_MODEL } from './embeddings/neural.ts';
import { DEFAULT_INDEX_DIR } from './store.ts';

/** Settings of the offline build and of everything that reads the index (server, CLI, evaluation). */
export const indexSettings = z.object({
  /** Folder with manifest.json and the documents. Read by `npm run index` only: the server reads the index, which carries what it needs of the corpus. */
  CORPUS_DIR: z.string().min(1).default(DEFAULT_CORPUS_DIR),
  /** Where `npm run index` writes and the server reads. */
  INDEX_DIR: z.string().min(1).default(DEFAULT_INDEX_DIR),
  /**
   * `auto`: the neural model beside the offline embedder when it can be had, else offline alone.
   * `neural`: insist on the model (fail without it). `offline`: built-in embedder only, no model.
   */
  EMBEDDER: z.enum(['auto', 'neural', 'offline']).default('auto'),
  /** transformers.js sentence model for the neural embedder. */
  NEURAL_MODEL: z.string().min(1).default(DEFAULT_MODEL),
  /** Local models folder (`<MODELS_DIR>/<org>/<name>/`); when set, nothing is downloaded. */
  MODELS_DIR: z.string().min(1).optional(),
});

/** The index settings, from the environment: typed, read once at start-up. Server settings are in `server/config.ts`. */
export type Config = z.infer<typeof indexSettings>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseSettings(indexSettings, env);
}

/** Parses the environment with `schema`; the first problem becomes one line naming the variable. */
export function parseSettings<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
