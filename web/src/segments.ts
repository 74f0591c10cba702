/**
 * Cuts a text into plain runs and matched runs, so that the page can mark quoted
 * sentences inside a passage while still inserting every character as text.
 */

export interface Segment<T> {
  text: string;
  /** What this run matched, or null for plain text. */
  match: T | null;
}

export interface Needle<T> {
  text: string;
  value: T;
}

/**
 * Finds every needle in `text` and returns the text cut into segments. Where matches
 * overlap, the earliest wins, then the longest. Whitespace in a needle matches any run
 * of whitespace (a quote may have been reflowed).
 * @example
 * splitByNeedles(paragraph.text, [{ text: 'la pauvreté constitue une cause.', value: true }])
 */
export function splitByNeedles<T>(text: string, needles: readonly Needle<T>[]): Segment<T>[] {
  const matches: { start: number; end: number; value: T }[] = [];
  for (const needle of needles) {
    const pattern = needlePattern(needle.text);
    if (!pattern) continue;
    for (const m of text.matchAll(pattern)) {
      matches.push({ start: m.index, end: m.index + m[0].length, value: needle.value });
    }
  }
  matches.sort((a, b) => a.start - b.start || b.end - a.end);

  const segments: Segment<T>[] = [];
  let cursor = 0;
  for (const m of matches) {
    if (m.start < cursor) continue;
    if (m.start > cursor) segments.push({ text: text.slice(cursor, m.start), match: null });
    segments.push({ text: text.slice(m.start, m.end), match: m.value });
    cursor = m.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), match: null });
  return segments;
}

function needlePattern(needle: string): RegExp | null {
  const words = needle.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const body = words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+');
  return new RegExp(body, 'gu');
}
