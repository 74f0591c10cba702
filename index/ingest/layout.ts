/**
 * What the extractors (PDF, Word) hand over: the document as printed, block by
 * block, in reading order. `renderLayout` writes it as the corpus text files are
 * written, so that `segmentDocument` reads it with the same rules: lines as
 * printed, a blank line between blocks, page furniture (running heads, job
 * numbers, page numbers) on lines of their own, footnotes after a rule line,
 * `<sup>` for raised text, `*…*` for italics, `#` for headings of the title page.
 */
export interface LayoutBlock {
  /** Lines as printed, with inline markup (`<sup>1</sup>`, `*italic*`). */
  lines: string[];
  /**
   * `text`: body text or a heading; `furniture`: running head, job number, page
   * number; `notes`: footnotes (each line starting with its mark, or continuing
   * the note above); `page`: a page break.
   */
  kind: 'text' | 'furniture' | 'notes' | 'page';
  /** Set in bold or larger than the body text throughout. */
  emphasised?: boolean;
}

/** Rule line printed before footnotes; `segmentDocument` reads notes after it. */
const FOOTNOTE_RULE = '__________________';

const NUMBERED_PARAGRAPH = /^\s*\d{1,3}\.\s+\S/;
/** Headings that carry their own level ("I.", "A.", "1."): segmentation ranks them by it. */
const ENUMERATED_HEADING = /^\s*(?:[IVXL]+|[A-Z]|\d{1,2})\.\s+\S/;
/** A heading needs words, not just a symbol or a number. */
const HAS_WORDS = /\p{L}{3,}.*\s.*\p{L}{2,}|\p{L}{4,}/u;

/**
 * Emphasised blocks before paragraph 1 (the masthead's title and headings) are
 * written as `# heading` lines: segmentation takes them as headings, never as a
 * preamble. A document with no paragraph 1 (numbered by ordinal) gets the same
 * treatment throughout, so its title and headings are not counted as paragraphs.
 * After paragraph 1, headings stay as printed lines, which segmentation ranks
 * by their enumerators and shape.
 */
export function renderLayout(blocks: LayoutBlock[]): string {
  const firstParagraph = blocks.findIndex((b) => b.kind === 'text' && !b.emphasised && NUMBERED_PARAGRAPH.test(b.lines[0] ?? ''));
  const out: string[] = [];
  blocks.forEach((block, i) => {
    if (block.kind === 'page') {
      out.push('', '');
      return;
    }
    const beforeParagraphs = firstParagraph < 0 || i < firstParagraph;
    const text = block.lines.join(' ').replace(/\s+/g, ' ').trim();
    if (block.kind === 'notes') out.push(FOOTNOTE_RULE, '');
    if (block.kind === 'text' && block.emphasised && beforeParagraphs && !ENUMERATED_HEADING.test(text) && HAS_WORDS.test(text)) {
      out.push(`# ${text.replace(/^\*(.*)\*$/, '$1')}`);
    } else {
      out.push(...block.lines);
    }
    out.push('');
  });
  return `${out.join('\n').replace(/\n{4,}/g, '\n\n\n').trim()}\n`;
}
