import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateSync, crc32 } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR, loadCorpus, readManifest, type DocumentMeta, type SourceDocument } from '../../index/corpus.ts';
import { readConfig } from '../../index/config.ts';
import { segmentDocument } from '../../index/segment.ts';
import type { Paragraph } from '../../index/paragraph.ts';
import { addToCorpus, indexRebuilder, manifestEntry, prepareDocument, removeFromCorpus, segmentPrepared, type MetadataFlags } from '../../index/ingest/add.ts';
import { DocumentRefused, MissingMetadata } from '../../index/ingest/errors.ts';
import { Assistant } from '../../server/assistant.ts';
import { writeUnDocx, writeUnPdf } from './un-layout.ts';

let work: string;
let corpus: string;
let index: string;
let sources: SourceDocument[];
const where = () => ({ corpusDir: corpus, rebuildIndex: indexRebuilder(readConfig({ CORPUS_DIR: corpus, INDEX_DIR: index, EMBEDDER: 'offline' })) });

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ingest-'));
  corpus = path.join(work, 'corpus');
  index = path.join(work, 'index');
  await cp(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
  sources = await loadCorpus();
  for (const { meta, text } of sources) {
    await writeUnPdf(path.join(work, `${meta.id}.pdf`), meta, text);
    await writeUnDocx(path.join(work, `${meta.id}.docx`), meta, text);
  }
  await where().rebuildIndex();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** What a reader checks of a cut: unit, number or label, first and last words as printed. */
const cut = (paragraphs: Paragraph[]) =>
  paragraphs.map((p) => {
    const words = p.raw.split(/\s+/);
    return `${p.unit} ${p.paragraph ?? p.unitLabel}: ${words.slice(0, 4).join(' ')} … ${words.slice(-4).join(' ')}`;
  });

/** The flags a user gives for what the document does not print (its English title, at least). */
const flagsFor = (meta: DocumentMeta): MetadataFlags => ({ titleEn: meta.titleEn, bodyEn: meta.bodyEn, ocr: meta.ocr });

describe.each(['pdf', 'docx'])('a %s laid out like the UN original', (ext) => {
  it.each(['osce-mc-2006', 'a-res-68-4', 'a-58-98', 'a-61-187', 'riviera-maya-2010'])('%s: same paragraphs as the text file', async (id) => {
    const source = sources.find((s) => s.meta.id === id)!;
    const prepared = await prepareDocument(path.join(work, `${id}.${ext}`), flagsFor(source.meta));
    const meta = manifestEntry(prepared, source.meta.ocr);
    expect(cut(segmentPrepared(meta, prepared.text))).toEqual(cut(segmentDocument(source)));
  });

  it.each(['osce-mc-2006', 'a-res-68-4', 'a-58-98', 'a-61-187', 'riviera-maya-2010'])('%s: metadata found as in the manifest', async (id) => {
    const expected = sources.find((s) => s.meta.id === id)!.meta;
    const { fields, missing } = await prepareDocument(path.join(work, `${id}.${ext}`), {});
    expect({ ...fields, kind: undefined, kindEn: undefined, body: undefined, bodyEn: undefined }).toEqual({
      id: expected.id,
      symbol: expected.symbol,
      citeAs: expected.citeAs,
      title: expected.title,
      titleEn: undefined,
      date: expected.date,
      language: expected.language,
      numbering: expected.numbering,
      preambleLabel: expected.preambleLabel,
      kind: undefined,
      kindEn: undefined,
      body: undefined,
      bodyEn: undefined,
    });
    // The manifest's kind and body say more ("…, declaration", "…, sixtieth session"): they begin with what the document shows.
    expect(expected.kind.startsWith(fields.kind!)).toBe(true);
    expect(expected.kindEn.startsWith(fields.kindEn!)).toBe(true);
    if (id === 'riviera-maya-2010') {
      expect(fields.body).toMatch(/^Chefs d'état et de gouvernement/);
      expect(missing).toEqual(['titleEn', 'bodyEn']);
    } else {
      expect(expected.body.startsWith(fields.body!)).toBe(true);
      expect(expected.bodyEn.startsWith(fields.bodyEn!)).toBe(true);
      expect(missing).toEqual(['titleEn']);
    }
  });
});

describe('the text files as received', () => {
  it('show what they print, and name the flags for the rest', async () => {
    const found: Record<string, string[]> = {};
    for (const { meta } of sources) {
      const { fields, missing } = await prepareDocument(path.join(DEFAULT_CORPUS_DIR, meta.file), {});
      for (const [field, value] of Object.entries(fields)) {
        if (value === undefined || ['kind', 'kindEn', 'body', 'bodyEn'].includes(field)) continue;
        expect(value, `${meta.id} ${field}`).toEqual(meta[field as keyof DocumentMeta]);
      }
      found[meta.id] = missing;
    }
    // Without a masthead, a text file leaves these to the flags (A/58/98 and A/61/187 start at their first page of text).
    expect(found).toEqual({
      'osce-mc-2006': ['id', 'titleEn', 'date'],
      'a-res-68-4': ['titleEn'],
      'a-58-98': ['title', 'titleEn', 'kind', 'kindEn', 'body', 'bodyEn'],
      'a-61-187': ['title', 'titleEn', 'kind', 'kindEn'],
      'riviera-maya-2010': ['titleEn', 'bodyEn'],
    });
  });
});

/** Every file's bytes under the corpus and index folders. */
async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const root of [corpus, index]) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      files[file] = createHash('sha256').update(await readFile(file)).digest('hex');
    }
  }
  return files;
}

async function add(file: string, flags: MetadataFlags, replace = false): Promise<DocumentMeta> {
  const prepared = await prepareDocument(file, flags);
  const meta = manifestEntry(prepared, flags.ocr);
  segmentPrepared(meta, prepared.text);
  await addToCorpus(meta, prepared, where(), replace);
  return meta;
}

describe('adding and removing', () => {
  it('adds a PDF: text and original in the corpus, manifest entry, index rebuilt; removes it', async () => {
    const a5898 = sources.find((s) => s.meta.id === 'a-58-98')!.meta;
    const started = performance.now();
    const meta = await add(path.join(work, 'a-58-98.pdf'), { ...flagsFor(a5898), id: 'a-58-98-pdf', citeAs: 'A/58/98 (PDF)' });
    console.log(`add of a 55-paragraph PDF to the five-document corpus: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(meta).toMatchObject({ file: 'a-58-98-pdf.txt', original: 'originals/a-58-98.pdf', symbol: 'A/58/98' });
    expect((await readManifest(corpus)).map((d) => d.id)).toContain('a-58-98-pdf');
    const assistant = await Assistant.open(index);
    expect(assistant.document('a-58-98-pdf').paragraphs.filter((p) => p.unit === 'numbered')).toHaveLength(55);

    await removeFromCorpus('a-58-98-pdf', where());
    expect((await readManifest(corpus)).map((d) => d.id)).not.toContain('a-58-98-pdf');
    expect((await readdir(corpus)).includes('a-58-98-pdf.txt')).toBe(false);
    const after = await Assistant.open(index);
    expect(() => after.document('a-58-98-pdf')).toThrow();
  });
});

/** A PNG of grey pixels: a page image with no text behind it. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

async function pdf(file: string, write: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<string> {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  write(doc);
  doc.end();
  await done;
  await writeFile(file, Buffer.concat(chunks));
  return file;
}

/** The first half of a generated file, as an interrupted download leaves it. */
async function truncated(name: string): Promise<[string, MetadataFlags]> {
  const whole = await readFile(path.join(work, name));
  const file = path.join(work, `truncated-${name}`);
  await writeFile(file, whole.subarray(0, whole.length / 2));
  return [file, {}];
}

describe('what it refuses, with one line and nothing changed', () => {
  const riviera = () => sources.find((s) => s.meta.id === 'riviera-maya-2010')!;
  const refusals: [string, () => Promise<[string, MetadataFlags]>, RegExp][] = [
    ['a scan (an image, no text layer)', async () => [await pdf(path.join(work, 'scan.pdf'), (d) => d.image(png(60, 80), 50, 50, { width: 500 })), {}], /no text layer.*OCR is not done/],
    ['an encrypted PDF', async () => [await pdf(path.join(work, 'secret.pdf'), (d) => d.text('Confidentiel'), { userPassword: 'secret' }), {}], /encrypted/],
    ['a truncated PDF', () => truncated('a-res-68-4.pdf'), /damaged/],
    ['a truncated Word file', () => truncated('a-res-68-4.docx'), /damaged/],
    ['an unknown format', async () => [path.join(work, 'notes.odt'), {}], /unknown format "\.odt"/],
    [
      'a numbering that skips a paragraph',
      async () => {
        const text = (await readFile(path.join(DEFAULT_CORPUS_DIR, sources[1]!.meta.file), 'utf8')).replace(/^12\. /m, '13. ').replace(/^13\. Exprimons/m, '14. Exprimons');
        await writeFile(path.join(work, 'skipped.txt'), text);
        return [path.join(work, 'skipped.txt'), { id: 'skipped', titleEn: 'x' }];
      },
      /paragraph 11 is followed by 13 \(line \d+\)/,
    ],
    [
      'an id already in the corpus',
      async () => {
        await writeFile(path.join(work, 'again.txt'), riviera().text);
        return [path.join(work, 'again.txt'), { titleEn: 'x', bodyEn: 'y' }];
      },
      /id "riviera-maya-2010" is already in the corpus \(--replace/,
    ],
    ['a field the document does not show', async () => [path.join(work, 'a-58-98.docx'), {}], /not found in the document, give it with --title-en/],
  ];
  it.each(refusals)('%s', async (_, make, message) => {
    const [file, flags] = await make();
    const before = await snapshot();
    const refusal = add(file, flags);
    await expect(refusal).rejects.toThrow(DocumentRefused);
    await expect(refusal).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it('a missing field is a MissingMetadata refusal naming every flag', async () => {
    await expect(add(path.join(DEFAULT_CORPUS_DIR, sources[2]!.meta.file), {})).rejects.toThrow(MissingMetadata);
  });

  it('the command line says it in one line on stderr and exits non-zero', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'index/ingest/cli.ts', 'add', path.join(work, 'notes.odt'), '--yes'], {
      env: { ...process.env, CORPUS_DIR: corpus, INDEX_DIR: index, EMBEDDER: 'offline' },
    });
    const failure = await run.then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual(['add: unknown format ".odt": give a .pdf (with text), .docx or .txt file']);
  });
});
