import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Lang } from './api.ts';
import { quotationParts, type Quotation } from './quotation.ts';

/**
 * The basket as a Word document: a title, then each quote followed by its reference,
 * one paragraph each, so that a drafter can paste them into a briefing note as they are.
 * Loaded on demand: the `docx` library is the page's largest dependency.
 * @example
 * downloadBlob(await quotationsToDocx(basket.items, 'fr', 'Citations'), 'citations.docx');
 */
export function quotationsToDocx(quotations: readonly Quotation[], lang: Lang, title: string): Promise<Blob> {
  const language = { value: lang === 'fr' ? 'fr-FR' : 'en-GB' };
  const doc = new Document({
    title,
    creator: 'Migration documents assistant',
    styles: {
      default: { document: { run: { font: 'Times New Roman', size: 24, language } } },
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(title)] }),
          ...quotations.map((q) => {
            const { quoted, reference } = quotationParts(q, lang);
            return new Paragraph({
              spacing: { after: 200 },
              // The corpus is French: spell-checking the quote as English would flag every word.
              children: [new TextRun({ text: quoted, language: { value: 'fr-FR' } }), new TextRun({ text: ` ${reference}`, language })],
            });
          }),
        ],
      },
    ],
  });
  return Packer.toBlob(doc);
}
