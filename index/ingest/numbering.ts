/** A line that starts a printed paragraph: its number, then text starting with a capital, a quotation or a digit (OCR's "11" for "Il"). */
const PARAGRAPH_START = /^\s*(\d{1,3})\.\s+[\p{Lu}\d«"“(]/u;
/**
 * A number further ahead than this is not a lost paragraph but something else
 * at the start of a line (a year, a count): the sequence is not broken by it.
 */
const MAX_JUMP = 10;

export interface NumberingBreak {
  /** The last paragraph found in sequence. */
  after: number;
  /** The number printed where `after + 1` was expected. */
  next: number;
  /** 1-based line of the file where `next` is printed. */
  line: number;
}

/**
 * Where a printed numbering cannot be followed: segmentation reads paragraphs
 * 1, 2, 3… in order, so a skipped number (10 then 12) would merge everything
 * after it into one paragraph and cite it wrongly. Headings and lists that
 * restart at 1 are numbers below the sequence and do not break it.
 */
export function findNumberingBreak(text: string): NumberingBreak | null {
  let expected = 1;
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const m = PARAGRAPH_START.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    if (n === expected) expected++;
    else if (expected > 1 && n > expected && n <= expected + MAX_JUMP) return { after: expected - 1, next: n, line: i + 1 };
  }
  return null;
}
