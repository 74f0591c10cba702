import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The corpus folder shipped with the repo: the source files and `manifest.json`. */
export const DEFAULT_CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../corpus');

export const documentMetaSchema = z.object({
  /** Stable id used in URLs and citations' data (`/doc/<id>#p27`). */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes'),
  /** File name inside the corpus folder, kept as published. */
  file: z.string().min(1),
  /** Symbol or reference printed in the document, or null where it prints none. */
  symbol: z.string().nullable(),
  /** How a reference to this document begins, e.g. "A/RES/68/4" in "A/RES/68/4, para. 27". */
  citeAs: z.string().min(1),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  kind: z.string().min(1),
  kindEn: z.string().min(1),
  /** ISO date, or just the year where the day is not printed. */
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
  body: z.string().min(1),
  bodyEn: z.string().min(1),
  language: z.string().min(2),
  /** `printed`: paragraphs carry their printed numbers; `ordinal`: the document prints none, we count them. */
  numbering: z.enum(['printed', 'ordinal']),
  /** How to cite text that stands before paragraph 1 (a chapeau, a transmittal note). */
  preambleLabel: z.string().min(1).default('preamble'),
  /** The file is an OCR'd scan: repair character errors for display and search. */
  ocr: z.boolean().default(false),
  /** The PDF or Word file the text was extracted from (`npm run add`), kept in the corpus folder. */
  original: z.string().min(1).optional(),
});

const manifestSchema = z.object({ documents: z.array(documentMetaSchema).min(1) });

export type DocumentMeta = z.infer<typeof documentMetaSchema>;

export interface SourceDocument {
  meta: DocumentMeta;
  /** The file's text exactly as stored. */
  text: string;
}

/** The manifest is missing, malformed or names a file that is not there. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

/**
 * Reads `manifest.json` and every file it names.
 * @example
 * const docs = await loadCorpus(); // the repo's corpus/
 */
export async function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): Promise<SourceDocument[]> {
  const manifestPath = path.join(dir, 'manifest.json');
  const documents = await readManifest(dir);
  return Promise.all(
    documents.map(async (meta) => {
      try {
        return { meta, text: await readFile(path.join(dir, meta.file), 'utf8') };
      } catch {
        throw new CorpusError(`${manifestPath}: document "${meta.id}" names ${meta.file}, which is not in ${dir}`);
      }
    }),
  );
}

/** The manifest's entries, validated (ids unique), without reading the documents. */
export async function readManifest(dir: string = DEFAULT_CORPUS_DIR): Promise<DocumentMeta[]> {
  const manifestPath = path.join(dir, 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (err) {
    throw new CorpusError(`cannot read ${manifestPath}: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CorpusError(`${manifestPath}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const meta of parsed.data.documents) {
    if (ids.has(meta.id)) throw new CorpusError(`${manifestPath}: duplicate document id "${meta.id}"`);
    ids.add(meta.id);
  }
  return parsed.data.documents;
}

/**
 * Replaces the manifest in one step (a temporary file, then a rename): a reader
 * never sees half a manifest, and a failed write leaves the old one.
 */
export async function writeManifest(dir: string, documents: DocumentMeta[]): Promise<void> {
  const parsed = manifestSchema.parse({ documents });
  await writeAtomically(path.join(dir, 'manifest.json'), `${JSON.stringify(parsed, null, 2)}\n`);
}

/** Writes a file whole or not at all: a temporary beside it, then one rename. */
export async function writeAtomically(file: string, content: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}
