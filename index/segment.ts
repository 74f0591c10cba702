import type { SourceDocument } from './corpus.ts';
import { repairOcr } from './ocr.ts';
import type { Note, Paragraph } from './paragraph.ts';

export interface SegmentOptions {
  /**
   * Applied to paragraph text, headings and notes for display and search; `raw`
   * keeps the unrepaired text. Default: identity (the document is clean).
   */
  repair?: (text: string) => string;
}

/**
 * A corpus document's paragraphs as the index cites them: an OCR'd scan
 * (`meta.ocr`) is cut with its character errors repaired.
 * @example segmentSource(source).find((p) => p.paragraph === 40)?.text
 */
export function segmentSource(source: SourceDocument): Paragraph[] {
  return segmentDocument(source, source.meta.ocr ? { repair: (s) => repairOcr(s).text } : {});
}

/**
 * Splits a document into citable paragraphs. Numbered documents keep their
 * printed numbers; a paragraph runs across page breaks, running heads and
 * footnotes until the next number in sequence. Documents that print no numbers
 * get ordinals. Text before paragraph 1 becomes a labelled unit; an annex too.
 * @example
 * const paragraphs = segmentDocument({ meta, text });
 * paragraphs.find((p) => p.paragraph === 27)?.text;
 */
export function segmentDocument(source: SourceDocument, options: SegmentOptions = {}): Paragraph[] {
  const repair = options.repair ?? ((s: string) => s);
  const lines = source.text.split(/\r?\n/).map((text) => ({ text, kind: classifyLine(text) }));
  const footnotes = extractFootnotes(lines);
  const units =
    source.meta.numbering === 'ordinal' ? segmentUnnumbered(lines) : segmentNumbered(lines, source.meta.preambleLabel);
  const paragraphs = units.map((u) => toParagraph(source.meta.id, u, repair));
  attachNotes(paragraphs, units, footnotes, repair);
  return paragraphs;
}

// ---------------------------------------------------------------------------
// Lines

type LineKind = 'blank' | 'artifact' | 'text';
interface Line {
  text: string;
  kind: LineKind;
}

/** Running heads, job numbers, page numbers and recycling notices printed on every page of UN documents. */
const ARTIFACT_PATTERNS: RegExp[] = [
  /^[A-Z]{1,3}(?:\/[A-Z0-9.]+){2,4}(?:\s+\d{1,3})?$/, // running head: A/58/98, A/61/187 16
  /^(?:\d{1,3}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{1,3})?$/, // job number: 13-43970, 16 06-44787
  /^\d{7}[a-z]$/, // OCR'd job number: 0341623f
  /^\d{1,3}$/, // bare page number
  /^Merci de recycler$/i,
  /^Please recycle$/i,
  /^(?:-{3,}|\*{3,}|_{3,})$/, // rules, also footnote separators (handled before this applies)
];

function classifyLine(text: string): LineKind {
  const t = text.trim();
  if (t === '') return 'blank';
  return ARTIFACT_PATTERNS.some((re) => re.test(t)) ? 'artifact' : 'text';
}

const TERMINAL = /[.;:!?…»)]$/;
const SENTENCE_END = /[.;!?…]["»)]?$/;

function endsSentence(text: string): boolean {
  return TERMINAL.test(stripMarkup(text).trim());
}

function startsLowercase(text: string): boolean {
  return /^\p{Ll}/u.test(stripMarkup(text).trim());
}

// ---------------------------------------------------------------------------
// Footnotes: "____" or "---" followed by lines that start with the note's number.

interface Footnote extends Note {
  /** Line index where the note was printed: the calling paragraph is at or before it. */
  line: number;
}

const FOOTNOTE_LINE = /^\s*(?:<sup>(\d{1,2})<\/sup>|(\d{1,2}))\s+(\S.*)$/;
const NOTES_HEADING = /^\s*(?:Notes?|Notes de bas de page)\s*$/i;

/** Removes footnote blocks from the line stream (marking them blank) and returns them. */
function extractFootnotes(lines: Line[]): Footnote[] {
  const notes: Footnote[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.trim();
    const isSeparator = /^(?:_{5,}|-{3,})$/.test(t) || NOTES_HEADING.test(t);
    if (!isSeparator) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.kind === 'blank') j++;
    if (j >= lines.length || !FOOTNOTE_LINE.test(lines[j]!.text)) continue;
    lines[i]!.kind = 'blank';
    while (j < lines.length) {
      const m = FOOTNOTE_LINE.exec(lines[j]!.text);
      if (!m) break;
      const start = j;
      const parts = [m[3]!];
      lines[j]!.kind = 'blank';
      // A note runs over its lines until a blank line or the end of its sentence.
      while (!SENTENCE_END.test(parts.at(-1)!.trim()) && lines[j + 1]?.kind === 'text' && !FOOTNOTE_LINE.test(lines[j + 1]!.text)) {
        j++;
        parts.push(lines[j]!.text);
        lines[j]!.kind = 'blank';
      }
      notes.push({ mark: m[1] ?? m[2]!, text: joinLines(parts), line: start });
      j++;
      while (j < lines.length && lines[j]!.kind === 'blank' && FOOTNOTE_LINE.test(lines[j + 1]?.text ?? '')) j++;
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------
// Numbered documents

interface Unit {
  unit: Paragraph['unit'];
  paragraph: number | null;
  unitLabel: string | null;
  sectionPath: string[];
  lines: string[];
  /** First source line, for attaching footnotes. */
  from: number;
}

const PARAGRAPH_START = /^\s*(\d{1,3})\.\s+(\S.*)$/;
const BACK_MATTER = /^\s*(?:Notes?|Annexes?|Annex)\s*$/i;

function segmentNumbered(lines: Line[], preambleLabel: string): Unit[] {
  const starts: number[] = [];
  for (let i = 0, expected = 1; i < lines.length; i++) {
    const m = lines[i]!.kind === 'text' ? PARAGRAPH_START.exec(lines[i]!.text) : null;
    if (m && Number(m[1]) === expected) {
      starts.push(i);
      expected++;
    }
  }
  if (starts.length === 0) return segmentUnnumbered(lines);

  const sections = new SectionTracker();
  const units: Unit[] = [];

  // Front matter: headings give paragraph 1 its section; prose before it is a labelled unit.
  const front = splitHeadingZone(range(lines, 0, starts[0]!), 0);
  const preamble = front.body.filter((b) => isProse(b.lines));
  sections.pushGroup(front.body.filter((b) => isMarkdownHeading(b.lines[0]!)).map((b) => joinLines(b.lines)));
  if (preamble.length > 0) units.push(unitOf('labelled', null, preambleLabel, sections.path(), preamble));
  sections.pushGroup(front.headings);

  for (let k = 0; k < starts.length; k++) {
    const isLast = k === starts.length - 1;
    let end = isLast ? lines.length : starts[k + 1]!;
    let backMatterStart = -1;
    if (isLast) {
      backMatterStart = findBackMatter(lines, starts[k]!, end);
      if (backMatterStart >= 0) end = backMatterStart;
    }
    const span = range(lines, starts[k]!, end);
    span[0] = { ...span[0]!, text: PARAGRAPH_START.exec(span[0]!.text)![2]! };
    const { body, headings } = splitHeadingZone(span);
    units.push(unitOf('numbered', k + 1, null, sections.path(), body));
    sections.pushGroup(headings);
    if (backMatterStart >= 0) units.push(...backMatter(lines, backMatterStart));
  }
  return units;
}

interface Block {
  lines: string[];
  /** First source line. */
  from: number;
}

interface NumberedLine extends Line {
  index: number;
}

function range(lines: Line[], from: number, to: number): NumberedLine[] {
  return lines.slice(from, to).map((l, i) => ({ ...l, index: from + i }));
}

function blocksOf(lines: NumberedLine[]): Block[] {
  const blocks: Block[] = [];
  let current: NumberedLine[] = [];
  const flush = () => {
    if (current.length > 0) {
      blocks.push({ lines: current.map((l) => l.text), from: current[0]!.index });
    }
    current = [];
  };
  for (const line of lines) {
    if (line.kind === 'text') current.push(line);
    else if (line.kind === 'blank') flush();
    // artifacts are skipped without ending the block: a page break can fall mid-sentence
  }
  flush();
  return blocks;
}

/**
 * Separates a span's text from the headings that close it (the headings of the
 * next paragraph). Headings are the longest tail that starts after a finished
 * sentence, starts with a capital or an enumerator, and whose blocks are short
 * and do not end a sentence; anything that continues a sentence is body text.
 */
function splitHeadingZone(span: NumberedLine[], firstCandidate = 1): { body: Block[]; headings: string[] } {
  const textLines = span.filter((l) => l.kind === 'text');
  let zoneStart = textLines.length;
  for (let z = textLines.length - 1; z >= firstCandidate; z--) {
    const before = textLines[z - 1];
    const startsHeading = /^\s*(?:#{1,6}\s|[IVX]+\.\s|[A-Z]\.\s|\d{1,2}\.\s|\p{Lu}|\*\*)/u.test(textLines[z]!.text);
    const afterSentence = before === undefined || endsSentence(before.text) || isMarkdownHeading(before.text);
    if (startsHeading && afterSentence && isHeadingZone(span, textLines[z]!.index)) zoneStart = z;
  }
  const cut = textLines[zoneStart]?.index ?? Infinity;
  const body = blocksOf(span.filter((l) => l.index < cut));
  const headings = blocksOf(span.filter((l) => l.index >= cut)).map((b) => joinLines(b.lines));
  return { body, headings };
}

/** Every block from `from` on is heading-shaped: short, few lines, no sentence end. */
function isHeadingZone(span: NumberedLine[], from: number): boolean {
  const zone = span.filter((l) => l.index >= from);
  const blocks = blocksOf(zone);
  return (
    blocks.length > 0 &&
    zone.every((l) => l.kind !== 'text' || !SENTENCE_END.test(stripMarkup(l.text).trim())) &&
    blocks.every((b) => {
      const text = joinLines(b.lines);
      if (isMarkdownHeading(b.lines[0]!)) return b.lines.length === 1;
      return b.lines.length <= 6 && text.length <= 400 && !/[.;,!?…]$/.test(stripMarkup(text)) && !startsLowercase(text);
    })
  );
}

function isMarkdownHeading(text: string): boolean {
  return /^\s*#{1,6}\s/.test(text);
}

/** Front-matter prose (a chapeau, a transmittal note), as opposed to dates, session lines and italic formulas. */
function isProse(lines: string[]): boolean {
  const text = joinLines(lines);
  if (/^\s*(?:\*[^*]|\[|\*\*|#)/.test(lines[0]!)) return false;
  return stripMarkup(text).length >= 100 && /\p{Ll}{3,}/u.test(text);
}

/** Where the text after the last paragraph stops being paragraph text: "Notes", "Annexe", or an italic closing formula ("*25e séance plénière*"). */
function findBackMatter(lines: Line[], from: number, to: number): number {
  for (let i = from + 1; i < to; i++) {
    if (lines[i]!.kind !== 'text') continue;
    const italicBlock = /^\s*\*[^*\s]/.test(lines[i]!.text) && lines[i - 1]?.kind === 'blank';
    if (BACK_MATTER.test(lines[i]!.text) || italicBlock) return i;
  }
  return -1;
}

/** After the last paragraph: notes are already extracted; an annex is one labelled unit; the rest (signature, date) is not text. */
function backMatter(lines: Line[], from: number): Unit[] {
  for (let i = from; i < lines.length; i++) {
    if (lines[i]!.kind === 'text' && /^\s*Annexe?s?\s*$/i.test(lines[i]!.text)) {
      const blocks = blocksOf(range(lines, i + 1, lines.length));
      if (blocks.length === 0) return [];
      const [title, ...content] = blocks;
      return [unitOf('labelled', null, 'annex', [joinLines(title!.lines)], content.length > 0 ? content : blocks)];
    }
  }
  return [];
}

function unitOf(unit: Unit['unit'], paragraph: number | null, unitLabel: string | null, sectionPath: string[], blocks: Block[]): Unit {
  return {
    unit,
    paragraph,
    unitLabel,
    sectionPath,
    lines: blocks.flatMap((b) => b.lines),
    from: blocks[0]?.from ?? 0,
  };
}

/**
 * Heading levels: markdown `#` counts; "I." > "A." > "1."; plain headings (the
 * OCR'd report prints agency names without enumerators) nest in the order a
 * group of them is printed, and a lone plain heading replaces the deepest one.
 */
class SectionTracker {
  private stack: { level: number; title: string }[] = [];

  pushGroup(raws: string[]): void {
    const plainCount = raws.filter((r) => headingLevel(r) === null).length;
    let plainLevel = plainCount > 1 ? PLAIN_LEVEL : (this.stack.filter((s) => s.level >= PLAIN_LEVEL).at(-1)?.level ?? PLAIN_LEVEL);
    for (const raw of raws) {
      const title = cleanHeading(raw);
      if (title === '') continue;
      const level = headingLevel(raw) ?? plainLevel++;
      while (this.stack.length > 0 && this.stack.at(-1)!.level >= level) this.stack.pop();
      this.stack.push({ level, title });
    }
  }

  path(): string[] {
    return this.stack.map((s) => s.title);
  }
}

const PLAIN_LEVEL = 10;

function headingLevel(raw: string): number | null {
  const t = raw.trim();
  const md = /^(#{1,6})\s/.exec(t);
  if (md) return md[1]!.length;
  if (/^[IVX]+\.\s/.test(t)) return 1;
  if (/^[A-Z]\.\s/.test(t)) return 2;
  if (/^\d{1,2}\.\s/.test(t)) return 3;
  return null;
}

function cleanHeading(raw: string): string {
  return stripMarkup(raw.replace(/^\s*#{1,6}\s+/, '')).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// Documents without printed numbers

const PLACE_AND_DATE = /^[\p{L} .'’-]+(?:,\s*[\p{L} .'’-]+)*,\s*(?:le\s+)?\d{1,2}(?:er)?\s+\p{L}+\s+\d{4}\.?$/u;
const ORNAMENT = /^(?:\\?\*\s*){3}$/;

function segmentUnnumbered(lines: Line[]): Unit[] {
  const merged: Block[] = [];
  for (const block of blocksOf(range(lines, 0, lines.length))) {
    const text = joinLines(block.lines);
    if (isMarkdownHeading(block.lines[0]!) || PLACE_AND_DATE.test(stripMarkup(text)) || ORNAMENT.test(text.trim())) continue;
    const previous = merged.at(-1);
    // A paragraph cut by a blank line (a page break) mid-sentence is one paragraph.
    if (previous && (!endsSentence(joinLines(previous.lines)) || startsLowercase(text))) {
      previous.lines.push(...block.lines);
    } else {
      merged.push({ ...block, lines: [...block.lines] });
    }
  }
  const title = lines.find((l) => isMarkdownHeading(l.text));
  const sectionPath = title ? [cleanHeading(title.text)] : [];
  return merged.map((b, i) => unitOf('ordinal', i + 1, null, sectionPath, [b]));
}

// ---------------------------------------------------------------------------
// Text

function toParagraph(docId: string, u: Unit, repair: (s: string) => string): Paragraph {
  const raw = cleanText(joinLines(u.lines));
  const sectionPath = u.sectionPath.map(repair);
  return {
    docId,
    unit: u.unit,
    paragraph: u.paragraph,
    unitLabel: u.unitLabel,
    section: sectionPath.at(-1) ?? null,
    sectionPath,
    text: repair(raw),
    raw,
    notes: [],
  };
}

/** Joins printed lines: a line-final hyphen is kept and glued (main-d’oeuvre, 2001-2003). */
function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    const t = line.trim();
    if (t === '') continue;
    out = out === '' ? t : out.endsWith('-') && /^\p{L}|^\d/u.test(t) ? out + t : `${out} ${t}`;
  }
  return out;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Removes markdown markup; a footnote call `<sup>1</sup>` becomes ¹, an ordinal `25<sup>e</sup>` becomes 25e. */
function stripMarkup(text: string): string {
  return text
    .replace(/<sup>(\d+)<\/sup>/g, (_, d: string) => [...d].map((c) => SUPERSCRIPT_DIGITS[Number(c)]).join(''))
    .replace(/<\/?sup>/g, '')
    .replace(/\\([*_#[\]])/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(«"])\*([^*\s][^*]*?)\*(?=$|[\s).,;:»"])/g, '$1$2');
}

function cleanText(text: string): string {
  return stripMarkup(text).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// Notes

/**
 * A footnote belongs to the paragraph that calls it (¹ or a number glued to a
 * word, "rapport1"), which is at or before the page where the note is printed.
 */
function attachNotes(paragraphs: Paragraph[], units: Unit[], notes: Footnote[], repair: (s: string) => string): void {
  const seen = new Set<string>();
  for (const note of notes) {
    if (seen.has(note.mark)) continue;
    const sup = [...note.mark].map((c) => SUPERSCRIPT_DIGITS[Number(c)]).join('');
    const glued = new RegExp(`(\\p{Ll}{2,})${note.mark}(?!\\d)`, 'u');
    const candidates = paragraphs.filter((_, i) => units[i]!.from <= note.line).reverse();
    const caller = candidates.find((p) => p.raw.includes(sup)) ?? candidates.find((p) => glued.test(p.raw));
    if (!caller) continue;
    seen.add(note.mark);
    if (!caller.raw.includes(sup)) {
      caller.raw = caller.raw.replace(glued, `$1${sup}`);
      caller.text = caller.text.replace(glued, `$1${sup}`);
    }
    caller.notes.push({ mark: note.mark, text: repair(cleanText(note.text)) });
  }
}
