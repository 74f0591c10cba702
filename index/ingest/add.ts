import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildIndex } from '../build.ts';
import type { Config } from '../config.ts';
import { documentMetaSchema, loadCorpus, readManifest, writeAtomically, writeManifest, type DocumentMeta } from '../corpus.ts';
import { chooseEmbedders } from '../embeddings/choose.ts';
import { Glossary } from '../glossary.ts';
import type { Paragraph } from '../paragraph.ts';
import { segmentSource } from '../segment.ts';
import { detectMetadata, PARAGRAPH_ONE, type DetectableField, type DetectedMetadata } from './detect.ts';
import { DocumentRefused, MissingMetadata } from './errors.ts';
import { extractDocx } from './extract-docx.ts';
import { extractPdf } from './extract-pdf.ts';
import { renderLayout } from './layout.ts';
import { findNumberingBreak } from './numbering.ts';

/** Where originals (PDF, Word) are kept, inside the corpus folder. */
const ORIGINALS_DIR = 'originals';

/** Each manifest field and the flag that sets it. */
export const FIELD_FLAGS: Record<DetectableField, string> = {
  id: 'id',
  symbol: 'symbol',
  citeAs: 'cite-as',
  title: 'title',
  titleEn: 'title-en',
  kind: 'kind',
  kindEn: 'kind-en',
  date: 'date',
  body: 'body',
  bodyEn: 'body-en',
  language: 'language',
  numbering: 'numbering',
  preambleLabel: 'preamble-label',
};

/** What the user says on the command line: flags override what the document shows. */
export type MetadataFlags = Partial<Record<DetectableField, string>> & { ocr?: boolean };

export interface PreparedDocument {
  /** The text written to the corpus: what citations are checked against. */
  text: string;
  /** The original's bytes when it is a PDF or Word file (a text file is its own original). */
  original: { name: string; bytes: Uint8Array } | null;
  detected: DetectedMetadata;
  /** Detected fields with the flags applied; `missing` lists what neither gave. */
  fields: Partial<Record<DetectableField, string | null>>;
  missing: DetectableField[];
}

const EXTRACTORS: Record<string, (bytes: Uint8Array) => Promise<string>> = {
  '.pdf': async (bytes) => renderLayout(await extractPdf(bytes)),
  '.docx': async (bytes) => renderLayout(await extractDocx(bytes)),
  '.txt': async (bytes) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new DocumentRefused('the text file is not UTF-8 text');
    }
  },
};

/**
 * Reads a PDF, Word or text file and finds its metadata; changes nothing.
 * @example
 * const prepared = await prepareDocument('A_58_98.pdf', { titleEn: 'International migration and development' });
 */
export async function prepareDocument(file: string, flags: MetadataFlags): Promise<PreparedDocument> {
  const extension = path.extname(file).toLowerCase();
  const extract = EXTRACTORS[extension];
  if (!extract) throw new DocumentRefused(`unknown format "${extension || path.basename(file)}": give a .pdf (with text), .docx or .txt file`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new DocumentRefused(`cannot read ${file}`);
  }
  const text = await extract(bytes);
  const detected = detectMetadata(text);
  const fields: PreparedDocument['fields'] = {};
  for (const field of Object.keys(FIELD_FLAGS) as DetectableField[]) {
    fields[field] = flags[field] ?? detected[field]?.value;
  }
  if (flags.symbol !== undefined && flags.citeAs === undefined) fields.citeAs = flags.symbol;
  const missing = (Object.keys(FIELD_FLAGS) as DetectableField[]).filter((f) => f !== 'symbol' && (fields[f] === undefined || fields[f] === ''));
  return { text, original: extension === '.txt' ? null : { name: path.basename(file), bytes }, detected, fields, missing };
}

/** The manifest entry, validated; a field that does not fit names its flag. */
export function manifestEntry(prepared: PreparedDocument, ocr = false): DocumentMeta {
  if (prepared.missing.length > 0) {
    const list = prepared.missing.map((f) => `--${FIELD_FLAGS[f]}`).join(', ');
    throw new MissingMetadata(`not found in the document, give it with ${list}`);
  }
  const f = prepared.fields;
  const candidate = {
    id: f.id,
    file: `${f.id}.txt`,
    symbol: f.symbol ?? null,
    citeAs: f.citeAs,
    title: f.title,
    titleEn: f.titleEn,
    kind: f.kind,
    kindEn: f.kindEn,
    date: f.date,
    body: f.body,
    bodyEn: f.bodyEn,
    language: f.language,
    numbering: f.numbering,
    preambleLabel: f.preambleLabel,
    ocr,
    ...(prepared.original ? { original: `${ORIGINALS_DIR}/${prepared.original.name}` } : {}),
  };
  const parsed = documentMetaSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0]) as DetectableField;
    throw new DocumentRefused(`invalid --${FIELD_FLAGS[field] ?? field} "${String(candidate[field as keyof typeof candidate])}": ${issue.message}`);
  }
  return parsed.data;
}

/** The document cut into citable units, as the index will cut it; refuses a numbering that cannot be followed. */
export function segmentPrepared(meta: DocumentMeta, text: string): Paragraph[] {
  if (meta.numbering === 'printed') {
    const broken = findNumberingBreak(text);
    if (broken) {
      throw new DocumentRefused(
        `the paragraph numbering cannot be followed: paragraph ${broken.after} is followed by ${broken.next} (line ${broken.line}); correct the file or add it with --numbering ordinal`,
      );
    }
    if (!PARAGRAPH_ONE.test(text)) throw new DocumentRefused('no paragraph 1 is printed: add it with --numbering ordinal');
  }
  return segmentSource({ meta, text });
}

export interface CorpusLocation {
  corpusDir: string;
  /** Rebuilds the index from the corpus as it now is; a failure undoes the change. */
  rebuildIndex: () => Promise<unknown>;
}

/**
 * Writes the text, the original and the manifest entry, then rebuilds the
 * index. Refuses an id or file that exists (unless `replace`). Any failure
 * puts every file back as it was; the index is replaced only by a finished build.
 */
export async function addToCorpus(meta: DocumentMeta, prepared: PreparedDocument, where: CorpusLocation, replace = false): Promise<void> {
  const documents = await readManifest(where.corpusDir);
  const previous = documents.find((d) => d.id === meta.id);
  const writes = new Map<string, Uint8Array | string>([[path.join(where.corpusDir, meta.file), prepared.text]]);
  if (prepared.original) writes.set(path.join(where.corpusDir, meta.original!), prepared.original.bytes);
  if (!replace) {
    if (previous) throw new DocumentRefused(`a document with id "${meta.id}" is already in the corpus (--replace to replace it, --id to choose another)`);
    const taken = [...writes.keys()].find((p) => existsSync(p));
    if (taken) throw new DocumentRefused(`${path.relative(where.corpusDir, taken)} already exists in the corpus (--replace to replace it)`);
  }
  const others = documents.filter((d) => d.id !== meta.id);
  const clash = others.find((d) => d.file === meta.file || (meta.original && d.original === meta.original));
  if (clash) throw new DocumentRefused(`${meta.original ?? meta.file} belongs to document "${clash.id}" (--id to choose another id, or rename the file)`);

  const stale = previous ? [previous.file, previous.original].filter((f): f is string => !!f && ![meta.file, meta.original].includes(f)) : [];
  await changeCorpus(where, [...writes.keys(), path.join(where.corpusDir, 'manifest.json')], async () => {
    await mkdir(path.join(where.corpusDir, ORIGINALS_DIR), { recursive: true });
    for (const [file, content] of writes) await writeAtomically(file, content);
    await writeManifest(where.corpusDir, previous ? documents.map((d) => (d.id === meta.id ? meta : d)) : [...documents, meta]);
  });
  for (const file of stale) await rm(path.join(where.corpusDir, file), { force: true });
}

/** Takes a document out of the manifest, rebuilds the index, then deletes its files. */
export async function removeFromCorpus(id: string, where: CorpusLocation): Promise<DocumentMeta> {
  const documents = await readManifest(where.corpusDir);
  const doc = documents.find((d) => d.id === id);
  if (!doc) throw new DocumentRefused(`no document with id "${id}" (npm run documents lists them)`);
  if (documents.length === 1) throw new DocumentRefused(`"${id}" is the only document: the corpus cannot be empty`);
  await changeCorpus(where, [path.join(where.corpusDir, 'manifest.json')], () =>
    writeManifest(
      where.corpusDir,
      documents.filter((d) => d.id !== id),
    ),
  );
  for (const file of [doc.file, doc.original]) if (file) await rm(path.join(where.corpusDir, file), { force: true });
  return doc;
}

/** Runs `change` then the index rebuild; on any failure restores `files` to their bytes before. */
async function changeCorpus(where: CorpusLocation, files: string[], change: () => Promise<void>): Promise<void> {
  const before = new Map<string, Buffer | null>();
  for (const file of files) before.set(file, existsSync(file) ? await readFile(file) : null);
  try {
    await change();
    await where.rebuildIndex();
  } catch (err) {
    for (const [file, bytes] of before) {
      if (bytes === null) await rm(file, { force: true });
      else await writeAtomically(file, bytes);
    }
    throw err;
  }
}

/** The index rebuild `npm run index` does, with the same settings (CORPUS_DIR, INDEX_DIR, EMBEDDER). */
export function indexRebuilder(config: Config): () => Promise<unknown> {
  return async () => {
    const glossary = Glossary.load();
    const { embedders } = await chooseEmbedders(config, glossary);
    return buildIndex({ embedders, glossary, corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR });
  };
}

export interface CorpusEntry {
  meta: DocumentMeta;
  paragraphs: Paragraph[];
}

/** Every document with its citable units, for `npm run documents`. */
export async function listDocuments(corpusDir: string): Promise<CorpusEntry[]> {
  return (await loadCorpus(corpusDir)).map((source) => ({
    meta: source.meta,
    paragraphs: segmentSource(source),
  }));
}
