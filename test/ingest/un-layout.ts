/**
 * Test documents laid out as UN and OSCE documents are printed, made from the
 * corpus text files: a masthead (two columns for UN documents: "Nations Unies"
 * and the symbol, the organ and the distribution date), the title, running
 * heads with the symbol and page numbers, job numbers on the first page,
 * footnotes at the foot of the page that calls them. PDF with pdfkit, Word
 * with docx.
 */
import { createWriteStream } from 'node:fs';
import { Document, Footer, FootnoteReferenceRun, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, BorderStyle } from 'docx';
import PDFDocument from 'pdfkit';
import type { DocumentMeta } from '../../index/corpus.ts';

interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  sup?: boolean;
}
type Element =
  | { type: 'paragraph'; runs: Run[]; heading: boolean }
  | { type: 'notes'; notes: { mark: string; runs: Run[] }[] };

/** Page furniture of the text files; the layout prints its own. */
const FURNITURE = [/^[A-Z]{1,3}(?:\/[A-Z0-9.]+){2,4}(?:\s+\d{1,3})?$/, /^(?:\d{1,3}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{1,3})?$/, /^\d{7}[a-z]$/, /^\d{1,3}$/, /^Merci de recycler$/i];
const NOTE_LINE = /^\s*(?:<sup>(\d{1,2})<\/sup>|(\d{1,2}))\s+(\S.*)$/;

/** Inline markup of the text files (`<sup>`, `*`, `**`, `\*`) as runs. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  const re = /<sup>([^<]*)<\/sup>|\*\*([^*]+)\*\*|(?<![\\\w])\*([^*\s][^*]*?)\*(?!\w)|\\\*|([^<*\\]+|[<*\\])/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) runs.push({ text: m[1], sup: true });
    else if (m[2] !== undefined) runs.push({ text: m[2], bold: true });
    else if (m[3] !== undefined) runs.push({ text: m[3], italic: true });
    else if (m[0] === '\\*') runs.push({ text: '*' });
    else runs.push({ text: m[4]! });
  }
  return runs.filter((r) => r.text !== '');
}

const plainText = (runs: Run[]) => runs.map((r) => r.text).join('');

/** Reads a corpus text file into paragraphs, headings and footnote groups. */
export function parseCorpusText(text: string): Element[] {
  const lines = text.split(/\r?\n/);
  const elements: Element[] = [];
  let block: string[] = [];
  let nextNumber = 1;
  const flush = () => {
    if (block.length === 0) return;
    const hardBreaks = block.some((l) => l.endsWith('\n'));
    const joined = block.map((l) => (l.endsWith('\n') ? l : `${l.trim()} `)).join('').replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
    block = [];
    const md = /^#{1,6}\s+(.*)$/.exec(joined);
    const runs = runsOf(md ? md[1]! : joined);
    const plain = plainText(runs);
    const heading = Boolean(md) || (!hardBreaks && plain.length < 160 && !/[.;:,!?…)»]$/.test(plain) && /^(?:[IVX]+\.|[A-Z]\.|\d{1,2}\.)?\s*\p{Lu}/u.test(plain) && !/^\d{1,3}\.\s+\p{Lu}.{60,}/u.test(plain));
    elements.push({ type: 'paragraph', runs: heading ? runs.map((r) => ({ ...r, bold: true })) : runs, heading });
  };
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') {
      flush();
      continue;
    }
    if (FURNITURE.some((re) => re.test(t))) continue;
    // A printed paragraph number or an enumerated heading after a finished sentence starts a new block.
    const previous = block.at(-1)?.trim() ?? '';
    const indentedHeading = /^\s+\S/.test(lines[i]!) && t.length < 90 && !/[.;:,]$/.test(t);
    const number = /^(\d{1,3})\.\s+\S/.exec(t);
    if (number && Number(number[1]) === nextNumber) {
      nextNumber++;
      flush();
    } else if (/[.;:]$/.test(previous) && ( /^(?:[IVX]+|[A-Z])\.\s+\p{Lu}.{0,80}$/u.test(t) || indentedHeading)) flush();
    // A markdown hard line break ("  " at the end) keeps the next line on a line of its own.
    if (/ {2}$/.test(lines[i]!) && lines[i + 1]?.trim()) {
      block.push(`${t}\n`);
      continue;
    }
    if (/^(?:_{5,}|-{3,})$/.test(t)) {
      flush();
      let j = i + 1;
      while (j < lines.length && lines[j]!.trim() === '') j++;
      const notes: { mark: string; runs: Run[] }[] = [];
      while (j < lines.length && NOTE_LINE.test(lines[j]!)) {
        const m = NOTE_LINE.exec(lines[j]!)!;
        const parts = [m[3]!];
        while (!/[.;!?…]$/.test(parts.at(-1)!.trim()) && lines[j + 1]?.trim() && !NOTE_LINE.test(lines[j + 1]!)) parts.push(lines[++j]!.trim());
        notes.push({ mark: m[1] ?? m[2]!, runs: runsOf(parts.join(' ')) });
        j++;
        while (j < lines.length && lines[j]!.trim() === '' && NOTE_LINE.test(lines[j + 1] ?? '')) j++;
      }
      if (notes.length > 0) elements.push({ type: 'notes', notes });
      i = j - 1;
      continue;
    }
    block.push(t);
  }
  flush();
  return elements;
}

/** The masthead a UN document prints, from what the text lacks and the manifest knows. */
interface Masthead {
  /** Left and right columns of the first rows. */
  rows: [string, string[]][];
  title: string[];
  /** Job number on the first page (and its bar code), none for OSCE and summit texts. */
  job: string | null;
  /** Running head on pages after the first. */
  runningHead: string | null;
  pageNumber: (n: number) => string;
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const frenchDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS_FR[m! - 1]} ${y}`;
};

function mastheadOf(meta: DocumentMeta, elements: Element[], text: string): Masthead {
  const job = /^\s*(\d{2}-\d{5})/m.exec(text)?.[1] ?? (/^\s*(\d{2})(\d{5})[a-z]\s*$/m.exec(text)?.slice(1).join('-') ?? null);
  if (meta.symbol?.startsWith('MC')) {
    return { rows: [['Organisation pour la sécurité et la coopération en Europe', ['Conseil ministériel', frenchDate(meta.date)]]], title: [], job: null, runningHead: null, pageNumber: (n) => `- ${n} -` };
  }
  if (!meta.symbol) return { rows: [], title: [], job: null, runningHead: null, pageNumber: (n) => String(n) };
  // The text's own masthead lines (organ, distribution date) move into the second row's columns.
  const takeParagraph = (test: (s: string) => boolean) => {
    const i = elements.findIndex((e) => e.type === 'paragraph' && test(plainText(e.runs)));
    return i >= 0 ? plainText((elements.splice(i, 1)[0] as { runs: Run[] }).runs) : null;
  };
  const organ = takeParagraph((s) => s === 'Assemblée générale') ?? 'Assemblée générale';
  const distribution = takeParagraph((s) => s.startsWith('Distr.'));
  const right = distribution
    ? [distribution.replace(/\s+(\d)/, '\n$1')]
    : ['Distr. générale', ...(meta.date.length === 10 ? [frenchDate(meta.date)] : [])];
  const [title, subtitle] = meta.title.split(' : ');
  const hasTitle = elements.some((e) => e.type === 'paragraph' && e.heading && plainText(e.runs).includes(title!));
  return {
    rows: [
      ['Nations Unies', [meta.symbol]],
      [organ, right.flatMap((r) => r.split('\n'))],
    ],
    title: hasTitle ? [] : [title!, ...(subtitle ? [subtitle.charAt(0).toUpperCase() + subtitle.slice(1)] : [])],
    job,
    runningHead: meta.symbol,
    pageNumber: (n) => String(n),
  };
}

// ---------------------------------------------------------------------------
// PDF

const BODY = 10;
const NOTE = 8;
const MARGIN = 72;

/** Writes the document as a PDF with a text layer. */
export async function writeUnPdf(file: string, meta: DocumentMeta, text: string): Promise<void> {
  const elements = parseCorpusText(text);
  const masthead = mastheadOf(meta, elements, text);
  const doc = new PDFDocument({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true, autoFirstPage: true });
  const out = createWriteStream(file);
  doc.pipe(out);
  const width = doc.page.width - 2 * MARGIN;

  for (const [left, right] of masthead.rows) {
    const y = doc.y;
    // "Nations Unies" large; a long organisation name smaller, on one line as printed.
    doc.font('Times-Bold').fontSize(left.length > 30 ? 11 : 16).text(left, MARGIN, y, { width: width * 0.6 });
    const leftEnd = doc.y;
    doc.font(right[0] === meta.symbol ? 'Times-Bold' : 'Times-Roman').fontSize(right[0] === meta.symbol ? 14 : BODY);
    right.forEach((line, i) => doc.text(line, MARGIN + width * 0.65, y + i * 13, { width: width * 0.35 }));
    doc.y = Math.max(leftEnd, doc.y) + 8;
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).stroke();
    doc.y += 12;
  }
  for (const [i, line] of masthead.title.entries()) doc.font('Times-Bold').fontSize(i === 0 ? 14 : 12).text(line, MARGIN, doc.y, { width, paragraphGap: 10 });

  for (const element of elements) {
    if (element.type === 'notes') {
      notesAtFoot(doc, element.notes, width);
      continue;
    }
    const size = element.heading ? 11 : BODY;
    // A heading is kept with the lines that follow it, as printers do.
    const keep = element.heading ? doc.font('Times-Bold').fontSize(size).heightOfString(plainText(element.runs), { width }) + 4 * size : 3 * size;
    if (doc.y > doc.page.height - MARGIN - keep) doc.addPage();
    element.runs.forEach((run, i) => {
      const font = run.bold && run.italic ? 'Times-BoldItalic' : run.bold ? 'Times-Bold' : run.italic ? 'Times-Italic' : 'Times-Roman';
      doc.font(font).fontSize(run.sup ? size * 0.6 : size);
      // Lines broken by hand stay in one paragraph: the gap between paragraphs comes after the last run.
      const options = { width, continued: i < element.runs.length - 1, lineGap: 2, paragraphGap: 0, ...(run.sup ? { baseline: 'hanging' as const } : {}) };
      if (i === 0) doc.text(run.text, MARGIN, doc.y, options);
      else doc.text(run.text, options);
    });
    doc.y += 8;
  }

  const range = doc.bufferedPageRange();
  for (let n = 0; n < range.count; n++) {
    doc.switchToPage(n);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Times-Roman').fontSize(NOTE);
    if (n > 0 && masthead.runningHead) doc.font('Times-Bold').text(masthead.runningHead, n % 2 ? MARGIN : MARGIN + width - 60, 40, { width: 60, lineBreak: false });
    if (n > 0 || !masthead.rows.length || !masthead.job) doc.font('Times-Roman').text(masthead.pageNumber(n + 1), MARGIN + width / 2 - 15, doc.page.height - 45, { width: 30, align: 'center', lineBreak: false });
    if (n === 0 && masthead.job) {
      doc.text(`${masthead.job} (F)`, MARGIN, doc.page.height - 50, { lineBreak: false });
      doc.text(`*${masthead.job.replace('-', '')}*`, MARGIN, doc.page.height - 40, { lineBreak: false });
      doc.text('Merci de recycler', MARGIN + width - 80, doc.page.height - 45, { lineBreak: false });
    }
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
}

/** Footnotes at the foot of the page under a short rule; the text goes on on the next page. */
function notesAtFoot(doc: PDFKit.PDFDocument, notes: { mark: string; runs: Run[] }[], width: number): void {
  const heights = notes.map((n) => doc.font('Times-Roman').fontSize(NOTE).heightOfString(plainText(n.runs), { width: width - 15 }) + 3);
  const total = heights.reduce((a, b) => a + b, 0) + 10;
  const top = doc.page.height - MARGIN - total;
  if (doc.y > top - 5) doc.addPage();
  doc.moveTo(MARGIN, top).lineTo(MARGIN + 100, top).lineWidth(0.5).stroke();
  let y = top + 6;
  notes.forEach((note, i) => {
    doc.font('Times-Roman').fontSize(NOTE * 0.65).text(note.mark, MARGIN, y - 2, { lineBreak: false });
    note.runs.forEach((run, k) => {
      doc.font(run.italic ? 'Times-Italic' : 'Times-Roman').fontSize(NOTE);
      const options = { width: width - 15, continued: k < note.runs.length - 1 };
      if (k === 0) doc.text(run.text, MARGIN + 15, y, options);
      else doc.text(run.text, options);
    });
    y += heights[i]!;
  });
  doc.addPage();
}

// ---------------------------------------------------------------------------
// Word

/** Writes the document as a .docx: the masthead is a two-column table, running heads in the page header. */
export async function writeUnDocx(file: string, meta: DocumentMeta, text: string): Promise<Buffer> {
  const elements = parseCorpusText(text);
  const masthead = mastheadOf(meta, elements, text);
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let noteId = 0;
  const children: (Paragraph | Table)[] = [];
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  if (masthead.rows.length > 0) {
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
        rows: masthead.rows.map(
          ([left, right]) =>
            new TableRow({
              children: [
                new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: left, bold: true, size: 32 })] })] }),
                new TableCell({ children: right.map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: line === meta.symbol, size: 20 })] })) }),
              ],
            }),
        ),
      }),
    );
  }
  for (const [i, line] of masthead.title.entries()) children.push(new Paragraph({ children: [new TextRun({ text: line, bold: true, size: i === 0 ? 28 : 24 })] }));
  // A note group follows the paragraph that calls its marks: the calls become Word footnote references.
  for (const [k, element] of elements.entries()) {
    if (element.type === 'notes') continue;
    const next = elements[k + 1] ?? elements[k + 2];
    const notes = next?.type === 'notes' ? next.notes : elements[k + 2]?.type === 'notes' ? (elements[k + 2] as { notes: { mark: string; runs: Run[] }[] }).notes : [];
    const runs = element.runs.map((run) => {
      const note = run.sup ? notes.find((n) => n.mark === run.text) : undefined;
      if (note) {
        footnotes[++noteId] = { children: [new Paragraph({ children: note.runs.map((r) => new TextRun({ text: r.text, italics: r.italic })) })] };
        notes.splice(notes.indexOf(note), 1);
        return new FootnoteReferenceRun(noteId);
      }
      // A hard line break inside a paragraph (the masthead's "Distr. générale / date").
      return run.text.split('\n').map((part, i) => new TextRun({ text: part, break: i > 0 ? 1 : 0, bold: run.bold, italics: run.italic, superScript: run.sup, size: 20 }));
    });
    children.push(new Paragraph({ children: runs.flat(), spacing: { after: 120 } }));
  }
  const document = new Document({
    footnotes,
    sections: [
      {
        properties: { titlePage: true },
        headers: { default: new Header({ children: [new Paragraph(masthead.runningHead ?? '')] }) },
        footers: {
          default: new Footer({ children: [new Paragraph({ children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }),
          first: new Footer({ children: [new Paragraph(masthead.job ?? '')] }),
        },
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, buffer);
  return buffer;
}
