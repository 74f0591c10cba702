import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_CORPUS_DIR } from './corpus.ts';
import { DEFAULT_MODEL } from './embeddings/neural.ts';
import { DEFAULT_INDEX_DIR } from './store.ts';

const configSchema = z.object({
  /** Folder with manifest.json and the documents. */
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
  /** Port the server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; 0.0.0.0 to serve colleagues on the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Built web page (`npm run build`). */
  WEB_DIR: z.string().min(1).default(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist')),
});

/** Every setting of the product, from the environment: the one typed place, read once at start-up. */
export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
