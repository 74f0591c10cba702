import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, readlink, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { DocumentMeta } from './corpus.ts';
import type { EmbedderDescriptor } from './embeddings/corpus-embeddings.ts';
import { checkFingerprint, fingerprintSchema, type Fingerprint } from './fingerprint.ts';
import {
  damaged,
  describeFile,
  IndexFormatError,
  indexedFileSchema,
  paragraphSchema,
  readHnswHeader,
  verifyFiles,
  type IndexedFile,
} from './integrity.ts';
import { LexicalIndex, writeLexical, type LexicalStats } from './lexical.ts';
import type { Paragraph } from './paragraph.ts';
import type { ParagraphAnalysis } from './terms.ts';

export { IndexFormatError } from './integrity.ts';

/** Bump when the files' layout or meaning changes: an older index is refused, not misread. */
export const INDEX_FORMAT_VERSION = 4;

/** Where `npm run index` writes and the server reads, unless INDEX_DIR says otherwise. */
export const DEFAULT_INDEX_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** Paragraphs, their analyses and the lexical index, in one SQLite file every worker opens read-only. */
const DATABASE_FILE = 'index.sqlite';
/** Parsed paragraphs and analyses kept per reader: a question reads about a hundred; each worker holds its own. */
const PARSED_CACHE = 1_000;

/** How an embedder's HNSW graph was built and is searched; recorded so a reader uses the same. */
export interface HnswSettings {
  maxElements: number;
  /** Links per node. */
  M: number;
  efConstruction: number;
  /** Candidates examined per search: the smallest whose recall@10 against exact search reached the build's target on its probes. */
  efSearch: number;
  /** Recall@10 against exact search measured at build with `efSearch`. */
  recallAt10: number;
}

export interface EmbedderEntry {
  descriptor: EmbedderDescriptor;
  /** A dense embedder's HNSW graph: its file inside the build folder and settings. None for a sparse one. */
  graph?: { file: string; hnsw: HnswSettings };
}

export type IndexedDocument = DocumentMeta & {
  paragraphs: number;
  /** Position of the document's first paragraph: a document's paragraphs are contiguous. */
  firstId: number;
  /** SHA-256 of the manifest entry, the file and the build settings: an incremental build reuses a document whose key it finds. */
  contentKey: string;
};

export interface IndexMeta {
  formatVersion: number;
  builtAt: string;
  buildSeconds: number;
  documents: IndexedDocument[];
  paragraphCount: number;
  embedders: EmbedderEntry[];
  lexical: LexicalStats;
  /** Everything the index was built from (corpus, glossary, lexicon, code, embedders). */
  fingerprint: Fingerprint;
  /** The corpus folder it was built from, checked at load unless told another. */
  corpusDir: string;
  /** Hash of the code that wrote its lexical tables: a build extends them only with the same code (`lexicalWriterHash`). */
  lexicalWriter?: string;
  /** Every other file of the build, with its size and SHA-256, verified at load. */
  files: IndexedFile[];
}

/** What a build writes: its paragraphs with their analyses, in index order. */
export interface IndexFiles {
  meta: Omit<IndexMeta, 'files' | 'lexical'>;
  /** The paragraphs this build adds, from position `base.lexical.size` (0 without a base). */
  paragraphs: Paragraph[];
  analyses: ParagraphAnalysis[];
  /** A previous build this one extends: its database is copied and the paragraphs above are appended. */
  base?: { dir: string; lexical: LexicalStats };
  /** One HNSW graph per embedder, in the order of `meta.embedders`; null for a sparse one. */
  graphs: (hnswlib.HierarchicalNSW | null)[];
}

/**
 * A loaded index. Paragraphs are reached by position (0 … size-1), never as
 * one array: they are read from the index database on demand.
 */
export interface IndexContent {
  meta: IndexMeta;
  /** The build folder it was read from. */
  dir: string;
  /** Number of paragraphs. */
  size: number;
  paragraph(id: number): Paragraph;
  /** The paragraph's terms, concepts and sentences, computed at build time. */
  analysis(id: number): ParagraphAnalysis;
  /** The id of the document a paragraph belongs to, without reading the paragraph. */
  docIdOf(id: number): string;
  /** Positions of a document's paragraphs, in document order (empty for an unknown id). */
  idsOf(docId: string): number[];
  lexical: LexicalIndex;
  /** One HNSW graph per embedder, in the order of `meta.embedders`; null for a sparse one. */
  graphs: (hnswlib.HierarchicalNSW | null)[];
  /** Releases the database (a server switching to a new build closes the old one). */
  close(): void;
}

export interface WriteOptions {
  /** Stops the write between batches; the partial folder is removed. */
  signal?: AbortSignal;
}

/**
 * Writes a complete build beside the current one, then swaps the `current`
 * link in one rename: a failed or interrupted build leaves the previous index
 * in use. Keeps the previous build, removes older ones and leftovers.
 */
export async function writeIndex(root: string, content: IndexFiles, options: WriteOptions = {}): Promise<string> {
  const builds = path.join(root, 'builds');
  await mkdir(builds, { recursive: true });
  const name = content.meta.builtAt.replace(/[:.]/g, '-');
  const partial = path.join(builds, `${name}.partial-${process.pid}`);
  await mkdir(partial);
  const pause = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
  };
  try {
    const lexical = await writeDatabase(path.join(partial, DATABASE_FILE), content, pause);
    for (const [i, entry] of content.meta.embedders.entries()) {
      if (!entry.graph) continue;
      await content.graphs[i]!.writeIndex(path.join(partial, entry.graph.file));
      await pause();
    }
    const files = [];
    for (const file of [DATABASE_FILE, ...graphFiles(content.meta)]) files.push(await describeFile(partial, file));
    const meta: IndexMeta = { ...content.meta, lexical, files };
    // meta.json last: a folder without it is never a complete build.
    await writeFile(path.join(partial, 'meta.json'), JSON.stringify(meta, null, 2));
    options.signal?.throwIfAborted();
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
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

/**
 * One row per paragraph (its JSON and its analysis's JSON), then the lexical
 * tables; batch by batch, so no string holds the store. Extending a base
 * build starts from a copy of its database.
 */
async function writeDatabase(file: string, content: IndexFiles, pause: () => Promise<void>): Promise<LexicalStats> {
  // A copy-on-write clone where the file system has them, else a plain copy.
  if (content.base) await copyFile(path.join(content.base.dir, DATABASE_FILE), file, constants.COPYFILE_FICLONE);
  const db = new Database(file);
  try {
    // A file in a folder that only becomes the index once complete: no journal needed.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    if (!content.base) db.exec('CREATE TABLE paragraph (id INTEGER PRIMARY KEY, body TEXT NOT NULL, analysis TEXT NOT NULL)');
    const first = content.base?.lexical.size ?? 0;
    const insert = db.prepare('INSERT INTO paragraph VALUES (?, ?, ?)');
    const BATCH = 2000;
    for (let i = 0; i < content.paragraphs.length; i += BATCH) {
      db.transaction(() => {
        for (let j = i; j < Math.min(i + BATCH, content.paragraphs.length); j++) {
          insert.run(first + j, JSON.stringify(content.paragraphs[j]), JSON.stringify(content.analyses[j]));
        }
      })();
      await pause();
    }
    return await writeLexical(db, content.analyses, pause, content.base?.lexical);
  } finally {
    db.close();
  }
}

const metaSchema = z.looseObject({
  formatVersion: z.number(),
  builtAt: z.string(),
  paragraphCount: z.number().int().nonnegative(),
  documents: z.array(z.looseObject({ id: z.string(), paragraphs: z.number().int(), firstId: z.number().int() })),
  embedders: z.array(
    z.looseObject({
      descriptor: z.looseObject({ id: z.string(), dim: z.number().int().positive() }),
      graph: z
        .object({
          file: z.string(),
          hnsw: z.object({ maxElements: z.number(), M: z.number(), efConstruction: z.number(), efSearch: z.number(), recallAt10: z.number() }),
        })
        .optional(),
    }),
  ),
  lexical: z.object({ size: z.number(), fieldTerms: z.array(z.number()) }),
  fingerprint: fingerprintSchema,
  corpusDir: z.string(),
  files: z.array(indexedFileSchema),
});

export interface ReadOptions {
  /**
   * Corpus folder to check the index's fingerprint against; default the one it
   * was built from; `null` skips the check (an index served apart from its sources).
   */
  corpusDir?: string | null;
}

/**
 * Reads the current build under `root`, verified: the format version, every
 * file's size and SHA-256, the paragraph store against its schema, each HNSW
 * graph's count and dimension, and the fingerprint against the corpus and
 * code here. Anything wrong is an IndexFormatError in one line that names the
 * file and the command that fixes it.
 */
export async function readIndex(root: string, options: ReadOptions = {}): Promise<IndexContent> {
  const dir = path.join(root, 'current');
  const metaFile = path.join(dir, 'meta.json');
  if (!existsSync(metaFile)) {
    throw new IndexFormatError(`no index at ${root}: run \`npm run index\` first`);
  }
  const meta = await readMeta(metaFile, root);
  const expected = [DATABASE_FILE, ...graphFiles(meta)];
  const unlisted = expected.find((f) => !meta.files.some((listed) => listed.name === f));
  if (unlisted) throw damaged(metaFile, `does not list ${unlisted}`);
  await verifyFiles(dir, meta.files);

  const graphs = [];
  for (const { descriptor, graph } of meta.embedders) graphs.push(graph ? await readGraph(path.join(dir, graph.file), descriptor.dim, graph.hnsw, meta.paragraphCount) : null);
  const content = openStore(path.join(dir, DATABASE_FILE), meta, graphs, await realpath(dir));
  const corpusDir = options.corpusDir === undefined ? meta.corpusDir : options.corpusDir;
  if (corpusDir !== null) {
    try {
      await checkFingerprint(meta.fingerprint, { corpusDir, embedders: meta.embedders.map((e) => e.descriptor) });
    } catch (err) {
      content.close();
      throw err;
    }
  }
  return content;
}

async function readMeta(metaFile: string, root: string): Promise<IndexMeta> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(metaFile, 'utf8'));
  } catch {
    throw damaged(metaFile, 'is not JSON');
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(
      `the index at ${root} has format ${typeof version === 'number' ? version : 'unknown'}, this version reads format ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\``,
    );
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success) throw damaged(metaFile, `is malformed at ${parsed.error.issues[0]!.path.join('.')}`);
  // The JSON as written, not zod's output, which reorders keys (descriptors are compared as JSON).
  return json as IndexMeta;
}

/** Loads a graph after checking its header against the meta: hnswlib itself trusts the dimension it is given. */
async function readGraph(file: string, dim: number, settings: HnswSettings, paragraphs: number): Promise<hnswlib.HierarchicalNSW> {
  const header = await readHnswHeader(file);
  if (header.dim !== dim) throw damaged(file, `holds ${header.dim}-dimension vectors, meta.json says ${dim}`);
  if (header.count !== paragraphs) throw damaged(file, `holds ${header.count} vectors for ${paragraphs} paragraphs`);
  const graph = new hnswlib.HierarchicalNSW('cosine', dim);
  try {
    graph.readIndexSync(file);
  } catch (err) {
    throw damaged(file, `cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  if (graph.getCurrentCount() !== paragraphs || graph.getNumDimensions() !== dim) {
    throw damaged(file, `holds ${graph.getCurrentCount()} vectors of ${graph.getNumDimensions()} dimensions`);
  }
  graph.setEf(settings.efSearch);
  return graph;
}

/** The position of the last value ≤ `x` in ascending `values` (binary search). */
function sortedIndex(values: number[], x: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (values[mid]! <= x) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The HNSW files a build holds, one per dense embedder. */
function graphFiles(meta: Pick<IndexMeta, 'embedders'>): string[] {
  return meta.embedders.flatMap((e) => (e.graph ? [e.graph.file] : []));
}

/** JSON text as a value, or undefined where it is not JSON (a schema then refuses it). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The paragraph store and lexical index over the database: paragraphs checked
 * against their schema at load; analyses are read as stored (they are opaque here).
 */
function openStore(file: string, meta: IndexMeta, graphs: IndexContent['graphs'], dir: string): IndexContent {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // Every paragraph against its schema: citations are built from these fields (~15 ms per 1,000 paragraphs).
    let rows = 0;
    for (const { id, body } of db.prepare('SELECT id, body FROM paragraph ORDER BY id').iterate() as Iterable<{ id: number; body: string }>) {
      if (id !== rows || !paragraphSchema.safeParse(parseJson(body)).success) throw damaged(file, `holds a malformed paragraph at position ${id}`);
      rows++;
    }
    if (rows !== meta.paragraphCount) throw damaged(file, `holds ${rows} paragraphs, meta.json says ${meta.paragraphCount}`);
  } catch (err) {
    if (err instanceof IndexFormatError) throw err;
    throw damaged(file, `cannot be read (${(err as Error).message})`);
  }
  const select = db.prepare<[number], { body: string; analysis: string }>('SELECT body, analysis FROM paragraph WHERE id = ?');
  // A paragraph's body is parsed only when asked for: rankers read many analyses and few bodies.
  type Entry = { body: string; paragraph?: Paragraph; analysis: ParagraphAnalysis };
  const parsed = new LRUCache<number, Entry>({ max: PARSED_CACHE });
  const checkPosition = (id: number) => {
    if (!Number.isInteger(id) || id < 0 || id >= meta.paragraphCount) throw new RangeError(`no paragraph at position ${id}`);
  };
  const row = (id: number): Entry => {
    const cached = parsed.get(id);
    if (cached) return cached;
    checkPosition(id);
    const stored = select.get(id);
    // Read as the build wrote it: the file's SHA-256 matched at load, and a schema check here was 40 % of a read.
    const analysis = stored && parseJson(stored.analysis);
    if (!stored || typeof analysis !== 'object' || analysis === null) throw damaged(file, `holds a malformed analysis at position ${id}`);
    const entry = { body: stored.body, analysis: analysis as ParagraphAnalysis };
    parsed.set(id, entry);
    return entry;
  };
  const documents = new Map(meta.documents.map((d) => [d.id, d]));
  // Documents by first position, for `docIdOf`: a document's paragraphs are contiguous.
  const starts = meta.documents.map((d) => d.firstId);
  return {
    meta,
    dir,
    size: meta.paragraphCount,
    paragraph: (id) => {
      const entry = row(id);
      return (entry.paragraph ??= JSON.parse(entry.body) as Paragraph);
    },
    docIdOf: (id) => {
      checkPosition(id);
      return meta.documents[sortedIndex(starts, id)]!.id;
    },
    analysis: (id) => row(id).analysis,
    idsOf: (docId) => {
      const d = documents.get(docId);
      return d ? Array.from({ length: d.paragraphs }, (_, i) => d.firstId + i) : [];
    },
    lexical: new LexicalIndex(db, meta.lexical),
    graphs,
    close: () => db.close(),
  };
}
