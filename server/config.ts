import { z } from 'zod';
import { DEFAULT_INDEX_DIR } from '../index/store.ts';

const configSchema = z.object({
  /** Port to listen on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; 0.0.0.0 to serve colleagues on the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where `npm run index` wrote the index. */
  INDEX_DIR: z.string().min(1).default(DEFAULT_INDEX_DIR),
  /** Built web page (`npm run build`). */
  WEB_DIR: z.string().min(1).default(new URL('../web/dist', import.meta.url).pathname),
  /** Local folder of transformers.js models; when set, no model is fetched from the network. */
  MODELS_DIR: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** The server's settings, from the environment, validated once at start-up. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
