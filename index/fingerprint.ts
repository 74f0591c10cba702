import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { EmbedderDescriptor } from './embeddings/corpus-embeddings.ts';
import { DEFAULT_GLOSSARY_FILE } from './glossary.ts';
import { DEFAULT_LEXICON_FILE } from './lexicon.ts';

const INDEX_SOURCES = path.dirname(fileURLToPath(import.meta.url));

/**
 * Modules whose code decides how a document is cut and how a paragraph is
 * analysed, with everything they import from this folder. Their source is
 * hashed rather than a version number bumped by hand: a forgotten bump would
 * serve an index analysed by other code without a word; the price is a
 * rebuild after a change to a comment. The lexical tables are not here: they
 * are written from the stored analyses, and an extended build appends to them
 * only when the code that wrote them is the same (`lexicalWriterHash`).
 */
const SHAPING_MODULES = { segmentation: ['segment.ts', 'ocr.ts'], analysis: ['terms.ts'] };

export const fingerprintSchema = z.object({
  /** SHA-256 over every component, in order. */
  hash: z.string(),
  /** SHA-256 of each thing that shapes the index, by name ("glossary", "document a-58-98", …). */
  components: z.record(z.string(), z.string()),
});
export type Fingerprint = z.infer<typeof fingerprintSchema>;

/** What an index was built from, component by component. */
export async function fingerprintOf(options: { corpusDir: string; embedders: EmbedderDescriptor[] }): Promise<Fingerprint> {
  return withHash({
    ...(await sourceComponents(options.corpusDir)),
    ...buildComponents(),
    // Read by question analysis, not stored: a change makes the index stale, but its paragraphs stay reusable.
    lexicon: existsSync(DEFAULT_LEXICON_FILE) ? fileHash(DEFAULT_LEXICON_FILE) : 'absent',
    embedders: sha256(JSON.stringify(options.embedders)),
  });
}

/**
 * The components an incremental build must share with the previous index to
 * reuse its paragraphs: how documents are cut and analysed, and the data
 * analysis reads.
 */
export function buildComponents(): Record<string, string> {
  return {
    segmentation: sourcesHash(SHAPING_MODULES.segmentation),
    analysis: sourcesHash(SHAPING_MODULES.analysis),
    glossary: fileHash(DEFAULT_GLOSSARY_FILE),
  };
}

/** Hash of the code that writes the lexical tables: an extended build appends to tables this code wrote. */
export function lexicalWriterHash(): string {
  return sourcesHash(['lexical.ts']);
}

/** The corpus: its manifest and each document's bytes. */
async function sourceComponents(corpusDir: string): Promise<Record<string, string>> {
  const manifestFile = path.join(corpusDir, 'manifest.json');
  const manifest = await readFile(manifestFile);
  const components: Record<string, string> = { 'corpus manifest': sha256(manifest) };
  const parsed = z.object({ documents: z.array(z.object({ id: z.string(), file: z.string() })) }).safeParse(JSON.parse(manifest.toString('utf8')));
  for (const doc of parsed.success ? parsed.data.documents : []) {
    const file = path.join(corpusDir, doc.file);
    components[`document ${doc.id}`] = existsSync(file) ? await streamHash(file) : 'missing';
  }
  return components;
}

/** The index no longer matches what it was built from. */
export class StaleIndexError extends Error {
  override name = 'StaleIndexError';
}

/**
 * Compares an index's fingerprint with the corpus, glossary, lexicon and code
 * here now; throws a one-line StaleIndexError naming what changed.
 */
export async function checkFingerprint(built: Fingerprint, options: { corpusDir: string; embedders: EmbedderDescriptor[] }): Promise<void> {
  const now = await fingerprintOf(options);
  if (now.hash === built.hash) return;
  const names = new Set([...Object.keys(built.components), ...Object.keys(now.components)]);
  const changed = [...names].filter((n) => built.components[n] !== now.components[n]).map((n) => describeChange(n, built, now));
  const shown = changed.length > 3 ? [...changed.slice(0, 3), `${changed.length - 3} more`] : changed;
  throw new StaleIndexError(`the index is stale: ${shown.join(', ')} since it was built; rebuild it with \`npm run index\``);
}

function describeChange(name: string, built: Fingerprint, now: Fingerprint): string {
  if (!(name in built.components)) return `${name} added`;
  if (!(name in now.components) || now.components[name] === 'missing') return `${name} removed`;
  return `${name} changed`;
}

function withHash(components: Record<string, string>): Fingerprint {
  return { hash: sha256(JSON.stringify(Object.entries(components))), components };
}

/** Hash of the given modules and of every module of this folder they import, transitively. */
function sourcesHash(entries: string[]): string {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(path.join(INDEX_SOURCES, file), 'utf8');
    for (const [, spec] of source.matchAll(/from '\.\/([\w-]+\.ts)'/g)) visit(spec!);
  };
  entries.forEach(visit);
  const hash = createHash('sha256');
  for (const file of [...seen].sort()) hash.update(file).update('\0').update(readFileSync(path.join(INDEX_SOURCES, file)));
  return hash.digest('hex');
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function fileHash(file: string): string {
  return sha256(readFileSync(file));
}

/** SHA-256 of a file read as a stream, so a file of any size costs constant memory. */
export async function streamHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
