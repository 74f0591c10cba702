import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { DocumentRefused } from './errors.ts';
import type { LayoutBlock } from './layout.ts';

/** pdf.js reads the 14 standard fonts' metrics from here (no network). */
const STANDARD_FONTS = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** Fewer printable characters than this per page on average: the pages are images (a scan). */
const MIN_CHARS_PER_PAGE = 20;
/** Items whose baselines differ by less than this share of their size sit on one line. */
const SAME_LINE = 0.5;
/** Smaller than this share of the line's size and raised: a footnote call or an ordinal's "e". */
const SUPERSCRIPT_SIZE = 0.8;
/** A horizontal gap wider than this many font sizes separates columns (the two-column masthead). */
const COLUMN_GAP = 4;
/** A baseline-to-baseline step this much over the usual line pitch is a gap between blocks. */
const BLOCK_GAP = 1.3;
/** Larger than the body text by this factor: a title or heading. */
const HEADING_SIZE = 1.15;
/** Smaller than the body text by this factor and below it on the page: footnotes or page furniture. */
const NOTE_SIZE = 0.92;

/** Lines that UN and OSCE pages print on every page: running heads, job numbers, page numbers. */
const FURNITURE = [
  /^[A-Z]{1,6}(?:\.\d+)?(?:\/[A-Za-z0-9.()-]+){1,5}(?:\s+\d{1,3})?$/, // symbol as running head
  /^(?:\d{1,3}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{1,3})?$/, // job number
  /^(?:-\s*)?\d{1,3}(?:\s*-)?$/, // page number, "- 2 -"
  /^(?:Merci de recycler|Please recycle)$/i,
];

interface Run {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
  bold: boolean;
  italic: boolean;
}

interface Line {
  runs: Run[];
  y: number;
  size: number;
}

interface PageLines {
  lines: Line[];
  height: number;
}

/**
 * Reads a PDF's text layer with pdf.js and lays it out as printed lines and
 * blocks. Refuses a file that is encrypted, damaged or has no text layer.
 * @example
 * const blocks = await extractPdf(await readFile('A_58_98.pdf'));
 */
export async function extractPdf(bytes: Uint8Array): Promise<LayoutBlock[]> {
  // pdf.js rebuilds a truncated file from what remains; a complete PDF ends with its end-of-file marker.
  if (!new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024))).includes('%%EOF')) {
    throw new DocumentRefused('the PDF is damaged or incomplete (no end-of-file marker)');
  }
  let pdf;
  try {
    pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: STANDARD_FONTS, verbosity: 0, isEvalSupported: false })
      .promise;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'PasswordException') throw new DocumentRefused('the PDF is encrypted (password-protected); save an unprotected copy');
    throw new DocumentRefused(`the PDF is damaged: ${(err as Error).message}`);
  }
  try {
    const pages: PageLines[] = [];
    for (let n = 1; n <= pdf.numPages; n++) pages.push(await readPage(await pdf.getPage(n)));
    const chars = pages.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + l.runs.reduce((r, run) => r + run.text.trim().length, 0), 0), 0);
    if (chars < MIN_CHARS_PER_PAGE * pages.length) {
      throw new DocumentRefused('the PDF has no text layer (a scanned image?); OCR is not done here: give a PDF with text, a Word or a text file');
    }
    return layOut(pages);
  } catch (err) {
    if (err instanceof DocumentRefused) throw err;
    throw new DocumentRefused(`the PDF is damaged: ${(err as Error).message}`);
  } finally {
    await pdf.destroy();
  }
}

async function readPage(page: Awaited<ReturnType<Awaited<ReturnType<typeof getDocument>['promise']>['getPage']>>): Promise<PageLines> {
  const content = await page.getTextContent();
  // Font names (bold, italic) are known once the page's operators are read.
  await page.getOperatorList();
  const runs: Run[] = [];
  for (const item of content.items as TextItem[]) {
    if (typeof item.str !== 'string' || item.str === '') continue;
    const [, , c, d, x, y] = item.transform as number[];
    const size = Math.hypot(c!, d!) || item.height;
    const font = page.commonObjs.has(item.fontName) ? String((page.commonObjs.get(item.fontName) as { name?: string }).name ?? '') : '';
    runs.push({ text: item.str, x: x!, y: y!, width: item.width, size, bold: /bold|black|heavy/i.test(font), italic: /italic|oblique/i.test(font) });
  }
  const height = page.view[3]! - page.view[1]!;
  return { lines: groupLines(runs), height };
}

/** Runs on (nearly) one baseline form a line; raised smaller runs join the line they sit on. */
function groupLines(runs: Run[]): Line[] {
  // Larger runs first: a raised footnote call then finds the line it belongs to.
  const byBaseline = [...runs].sort((a, b) => b.size - a.size || b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const run of byBaseline) {
    if (run.text.trim() === '' && run.width < 1) continue;
    const line = lines.find((l) => {
      const size = Math.max(l.size, run.size);
      const end = Math.max(...l.runs.map((r) => r.x + r.width));
      const start = Math.min(...l.runs.map((r) => r.x));
      const raised = run.size < l.size * SUPERSCRIPT_SIZE && run.y >= l.y && run.y - l.y < l.size * 0.7 && run.x <= end + run.size && run.x >= start - run.size * 3;
      return Math.abs(l.y - run.y) < size * SAME_LINE * 0.6 || raised;
    });
    if (line) {
      line.runs.push(run);
      if (run.size > line.size && run.text.trim() !== '') {
        line.size = run.size;
        line.y = run.y;
      }
    } else {
      lines.push({ runs: [run], y: run.y, size: run.size });
    }
  }
  for (const line of lines) line.runs.sort((a, b) => a.x - b.x);
  return lines.sort((a, b) => b.y - a.y);
}

/** Splits a line where a wide gap separates two columns; a paragraph number and its text stay together. */
function columnsOf(line: Line): Run[][] {
  const columns: Run[][] = [[]];
  let end = -Infinity;
  for (const run of line.runs) {
    const current = columns.at(-1)!;
    const left = current.map((r) => r.text).join('').trim();
    const gap = run.x - end;
    if (current.length > 0 && gap > COLUMN_GAP * line.size && !/^(?:\d{1,3}|[IVXL]+|[A-Za-z])\.?$/.test(left)) columns.push([run]);
    else current.push(run);
    if (run.text.trim() !== '') end = Math.max(end, run.x + run.width);
  }
  return columns.filter((c) => c.some((r) => r.text.trim() !== ''));
}

/** One line's text with `<sup>` for raised runs and `*…*` for italic runs. */
function lineText(runs: Run[], size: number, baseline: number): string {
  const parts: { text: string; italic: boolean }[] = [];
  let end = -Infinity;
  for (const run of runs) {
    const blank = run.text.trim() === '';
    const raised = !blank && run.size < size * SUPERSCRIPT_SIZE && run.y > baseline + size * 0.15;
    let text = raised ? `<sup>${run.text.trim()}</sup>` : run.text;
    const last = parts.at(-1);
    if (last && !raised && run.x - end > run.size * 0.15 && !/\s$/.test(last.text) && !/^\s/.test(text)) text = ` ${text}`;
    const italic = run.italic && !blank;
    if (last && (last.italic === italic || blank || raised)) last.text += text;
    else parts.push({ text, italic });
    end = run.x + run.width;
  }
  return parts
    .map((p) => (p.italic ? p.text.replace(/^(\s*)(.*?)(\s*)$/s, '$1*$2*$3') : p.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The human-readable line of the first page's bar code: the job number again, not text. */
const BAR_CODE = /^\*\d{7}\*$/;

/** Page furniture as the corpus files print it: a page number as its digits ("- 2 -" → "2"). */
function furniture(text: string): string {
  return text.replace(/^-\s*(\d{1,3})\s*-$/, '$1');
}

function isFurniture(text: string): boolean {
  return FURNITURE.some((re) => re.test(text.trim()));
}

/** The body's font size and line pitch: the size most characters are set in, and its most common step. */
function bodyMetrics(pages: PageLines[]): { size: number; pitch: number } {
  const sizes = new Map<number, number>();
  for (const line of pages.flatMap((p) => p.lines)) {
    for (const run of line.runs) {
      const key = Math.round(run.size * 2) / 2;
      sizes.set(key, (sizes.get(key) ?? 0) + run.text.length);
    }
  }
  const size = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  const steps = new Map<number, number>();
  for (const page of pages) {
    for (let i = 1; i < page.lines.length; i++) {
      const [a, b] = [page.lines[i - 1]!, page.lines[i]!];
      if (Math.abs(a.size - size) > 0.5 || Math.abs(b.size - size) > 0.5) continue;
      const step = Math.round((a.y - b.y) * 2) / 2;
      if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
  }
  const pitch = [...steps.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? size * 1.2;
  return { size, pitch };
}

function layOut(pages: PageLines[]): LayoutBlock[] {
  const { size: bodySize, pitch } = bodyMetrics(pages);
  const blocks: LayoutBlock[] = [];
  pages.forEach((page, n) => {
    if (n > 0) blocks.push({ lines: [], kind: 'page' });
    const lowestBody = Math.min(...page.lines.filter((l) => l.size >= bodySize * NOTE_SIZE).map((l) => l.y));
    let current = null as LayoutBlock | null;
    let previous: Line | null = null;
    for (const line of page.lines) {
      const columns = columnsOf(line);
      for (const [c, runs] of columns.entries()) {
        const size = Math.max(...runs.filter((r) => r.text.trim() !== '').map((r) => r.size));
        const printed = lineText(runs, size, line.y);
        if (printed === '' || BAR_CODE.test(printed)) continue;
        const text = isFurniture(printed) ? furniture(printed) : printed;
        const belowBody = line.y < lowestBody && size < bodySize * NOTE_SIZE;
        const kind: LayoutBlock['kind'] = isFurniture(text)
          ? 'furniture'
          : belowBody && (current?.kind === 'notes' || /^(?:<sup>)?\d{1,2}\b/.test(text))
            ? 'notes'
            : 'text';
        const inked = runs.filter((r) => r.text.trim() !== '');
        const emphasised: boolean = kind === 'text' && inked.every((r) => r.bold || r.size > bodySize * HEADING_SIZE);
        const step = previous ? previous.y - line.y : 0;
        const sameBlock =
          current !== null &&
          c === 0 &&
          columns.length === 1 &&
          current.kind === kind &&
          kind !== 'furniture' &&
          step <= pitch * BLOCK_GAP * Math.max(1, size / bodySize) &&
          Boolean(current.emphasised) === emphasised &&
          !(kind === 'notes' && /^<sup>|^\d{1,2}\s/.test(text) && current.lines.length > 0 && /[.;]\*?$/.test(current.lines.at(-1)!));
        if (sameBlock) {
          current!.lines.push(text);
        } else {
          current = { lines: [text], kind, emphasised };
          blocks.push(current);
        }
      }
      previous = line;
      if (columns.length > 1) current = null;
    }
  });
  return mergeNotes(blocks);
}

/** Consecutive note blocks of one page share one rule line. */
function mergeNotes(blocks: LayoutBlock[]): LayoutBlock[] {
  const out: LayoutBlock[] = [];
  for (const block of blocks) {
    const last = out.at(-1);
    if (block.kind === 'notes' && last?.kind === 'notes') last.lines.push(...block.lines);
    else out.push(block);
  }
  return out;
}
