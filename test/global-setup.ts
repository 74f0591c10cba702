import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIndex } from '../index/build.ts';
import { OfflineEmbeddings } from '../index/embeddings/offline.ts';
import { Glossary } from '../index/glossary.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    indexDir: string;
  }
}

/** Builds one index of the real corpus for the whole run, as `npm run index` would, in a temp folder. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'migration-index-'));
  const glossary = Glossary.load();
  await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
  project.provide('indexDir', root);
  process.env.INDEX_DIR = root;
  return () => rm(root, { recursive: true, force: true });
}
