import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import hnswlib from 'hnswlib-node';
import type { DocumentMeta } from './corpus.ts';
import type { EmbedderDescriptor } from './embeddings/corpus-embeddings.ts';
import { LexicalIndex } from './lexical.ts';
import type { Paragraph } from './paragraph.ts';
import type { ParagraphAnalysis } from './terms.ts';

/** Bump when the files' layout or meaning changes: an older index is refused, not misread. */
export const INDEX_FORMAT_VERSION = 2;

/** Where `npm run index` writes and the server reads, unless INDEX_DIR says otherwise. */
export const DEFAULT_INDEX_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'data');

export interface EmbedderEntry {
  descriptor: EmbedderDescriptor;
  /** HNSW file inside the build folder. */
  file: string;
  /** What the embedder learnt from the corpus (see CorpusEmbeddings.state). */
  state: unknown;
}

export interface IndexMeta {
  formatVersion: number;
  builtAt: string;
  buildSeconds: number;
  documents: (DocumentMeta & { paragraphs: number })[];
  paragraphCount: number;
  embedders: EmbedderEntry[];
}

/** What a build writes: every paragraph with its analysis, in index order. */
export interface IndexFiles {
  meta: IndexMeta;
  paragraphs: Paragraph[];
  analyses: ParagraphAnalysis[];
  lexical: LexicalIndex;
  /** One HNSW graph per embedder, in the order of `meta.embedders`. */
  graphs: hnswlib.HierarchicalNSW[];
}

/**
 * A loaded index. Paragraphs are reached by position (0 … size-1), never as
 * one array, so the store behind them can grow past what fits in one string.
 */
export interface IndexContent {
  meta: IndexMeta;
  /** Number of paragraphs. */
  size: number;
  paragraph(id: number): Paragraph;
  /** The paragraph's terms, concepts and sentences, computed at build time. */
  analysis(id: number): ParagraphAnalysis;
  /** Positions of a document's paragraphs, in document order (empty for an unknown id). */
  idsOf(docId: string): number[];
  lexical: LexicalIndex;
  /** One HNSW graph per embedder, in the order of `meta.embedders`. */
  graphs: hnswlib.HierarchicalNSW[];
}

/** The index is missing, of another format, or damaged. Its message is one line a user can act on. */
export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/**
 * Writes a complete build beside the current one, then swaps the `current`
 * link in one rename: a failed or interrupted build leaves the previous index
 * in use. Keeps the previous build, removes older ones and leftovers.
 */
export async function writeIndex(root: string, content: IndexFiles): Promise<string> {
  const builds = path.join(root, 'builds');
  await mkdir(builds, { recursive: true });
  const name = content.meta.builtAt.replace(/[:.]/g, '-');
  const partial = path.join(builds, `${name}.partial-${process.pid}`);
  await mkdir(partial);
  await writeFile(path.join(partial, 'paragraphs.json'), JSON.stringify(content.paragraphs));
  await writeFile(path.join(partial, 'analysis.json'), JSON.stringify(content.analyses));
  await writeFile(path.join(partial, 'lexical.json'), JSON.stringify(content.lexical));
  for (const [i, entry] of content.meta.embedders.entries()) {
    await content.graphs[i]!.writeIndex(path.join(partial, entry.file));
  }
  // meta.json last: a folder without it is never a complete build.
  await writeFile(path.join(partial, 'meta.json'), JSON.stringify(content.meta, null, 2));
  const done = path.join(builds, name);
  await rename(partial, done);

  const link = path.join(root, 'current');
  const previous = existsSync(link) ? path.basename(await readlink(link)) : null;
  const tmpLink = `${link}.tmp-${process.pid}`;
  await symlink(path.join('builds', name), tmpLink);
  await rename(tmpLink, link);

  for (const entry of await readdir(builds)) {
    if (entry !== name && entry !== previous) await rm(path.join(builds, entry), { recursive: true, force: true });
  }
  return done;
}

/** Reads the current build under `root`; refuses an index of another format with a one-line reason. */
export async function readIndex(root: string): Promise<IndexContent> {
  const dir = path.join(root, 'current');
  const metaFile = path.join(dir, 'meta.json');
  if (!existsSync(metaFile)) {
    throw new IndexFormatError(`no index at ${root}: run \`npm run index\` first`);
  }
  const meta = JSON.parse(await readFile(metaFile, 'utf8')) as IndexMeta;
  if (meta.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(
      `the index at ${root} has format ${meta.formatVersion ?? 'unknown'}, this version reads format ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\``,
    );
  }
  const paragraphs = JSON.parse(await readFile(path.join(dir, 'paragraphs.json'), 'utf8')) as Paragraph[];
  const analyses = JSON.parse(await readFile(path.join(dir, 'analysis.json'), 'utf8')) as ParagraphAnalysis[];
  const lexical = LexicalIndex.fromJSON(await readFile(path.join(dir, 'lexical.json'), 'utf8'));
  const graphs = meta.embedders.map((e) => {
    const graph = new hnswlib.HierarchicalNSW('cosine', e.descriptor.dim);
    graph.readIndexSync(path.join(dir, e.file));
    return graph;
  });
  return memoryIndex({ meta, paragraphs, analyses, lexical, graphs });
}

/** An index held in memory, as a build makes it or as `readIndex` loads it. */
export function memoryIndex(files: IndexFiles): IndexContent {
  const byDocument = new Map<string, number[]>();
  files.paragraphs.forEach((p, id) => {
    const ids = byDocument.get(p.docId) ?? [];
    ids.push(id);
    byDocument.set(p.docId, ids);
  });
  return {
    meta: files.meta,
    size: files.paragraphs.length,
    paragraph: (id) => files.paragraphs[id]!,
    analysis: (id) => files.analyses[id]!,
    idsOf: (docId) => byDocument.get(docId) ?? [],
    lexical: files.lexical,
    graphs: files.graphs,
  };
}
