import type { CitationLabels, Lang } from './api.ts';

/** A quoted text and the citation it came with, as kept in the basket. */
export interface Quotation {
  text: string;
  labels: CitationLabels;
}

/** French guillemets take no-break spaces inside, as French typography (and Word) expects. */
const QUOTE_MARKS: Record<Lang, readonly [string, string]> = {
  fr: ['«\u00a0', '\u00a0»'],
  en: ['\u201c', '\u201d'],
};

/** Line breaks and runs of spaces inside a passage mean nothing in a quote. */
export function normalizeQuoteText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The quote followed by its reference, in the interface language. The reference is
 * the server's label, never rebuilt here.
 * @example
 * formatQuotation({ text: 'Nous…', labels }, 'fr') // '« Nous… » (A/RES/68/4, par. 27)'
 */
export function formatQuotation(quotation: Quotation, lang: Lang): string {
  const { quoted, reference } = quotationParts(quotation, lang);
  return `${quoted} ${reference}`;
}

/** The two halves of `formatQuotation`, for formats that mark them apart (the quote is French, the reference may not be). */
export function quotationParts(quotation: Quotation, lang: Lang): { quoted: string; reference: string } {
  const [open, close] = QUOTE_MARKS[lang];
  return { quoted: `${open}${normalizeQuoteText(quotation.text)}${close}`, reference: `(${quotation.labels[lang]})` };
}

/** Plain text for the clipboard: a title, then one quotation per paragraph. */
export function quotationsToText(quotations: readonly Quotation[], lang: Lang, title: string): string {
  return [title, ...quotations.map((q) => formatQuotation(q, lang))].join('\n\n') + '\n';
}

/** Markdown: the same text, with the characters Markdown would read as formatting escaped. */
export function quotationsToMarkdown(quotations: readonly Quotation[], lang: Lang, title: string): string {
  return [`# ${escapeMarkdown(title)}`, ...quotations.map((q) => escapeMarkdown(formatQuotation(q, lang)))].join('\n\n') + '\n';
}

/**
 * Escapes inline Markdown. Every quotation line starts with a quote mark, so
 * line-start syntax (`#`, `>`, `1.`) cannot arise there.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&|]/g, (c) => `\\${c}`);
}
