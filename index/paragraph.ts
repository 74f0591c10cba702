/**
 * A citable unit of a document. Citations are data: formatting a reference
 * happens in one place (`formatCitation` in citation.ts).
 */
export interface Paragraph {
  docId: string;
  /**
   * `numbered`: `paragraph` is the number printed in the document.
   * `ordinal`: the document prints no numbers; `paragraph` is its position (1, 2, 3…).
   * `labelled`: text outside the numbered run (preamble, annex); `paragraph` is null.
   */
  unit: 'numbered' | 'ordinal' | 'labelled';
  paragraph: number | null;
  /** For labelled units: how the unit is named ("preamble", "annex"). */
  unitLabel: string | null;
  /** The heading the paragraph sits under (nearest first is last in `sectionPath`). */
  section: string | null;
  sectionPath: string[];
  /** Text for display, quotes and search: layout artifacts removed, OCR repaired. */
  text: string;
  /** The same text as printed in the source (before OCR repair), for checking against the scan. */
  raw: string;
  /** Footnotes this paragraph calls. */
  notes: Note[];
}

export interface Note {
  /** The footnote's printed number. */
  mark: string;
  text: string;
}

/** URL fragment of a paragraph in its document view: `p27`, `preamble`, `annex`. */
export function paragraphAnchor(p: Pick<Paragraph, 'paragraph' | 'unitLabel'>): string {
  if (p.paragraph !== null) return `p${p.paragraph}`;
  return (p.unitLabel ?? 'unit').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
