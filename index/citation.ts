import type { DocumentMeta } from './corpus.ts';
import type { Lang } from './analyzer.ts';
import type { Paragraph } from './paragraph.ts';

/** Names of labelled units (text outside the numbered run) in each language. */
const UNIT_NAMES: Record<string, Record<Lang, string>> = {
  preamble: { en: 'preamble', fr: 'préambule' },
  'transmittal note': { en: 'transmittal note', fr: 'note de transmission' },
  annex: { en: 'annex', fr: 'annexe' },
};

/**
 * How a drafter cites a paragraph: "A/RES/68/4, para. 27" (en), "A/RES/68/4,
 * par. 27" (fr). A document that prints no numbers is cited by position, and
 * the reference says so: "…, 3rd paragraph (unnumbered)". The one place
 * references are formatted.
 */
export function formatCitation(
  doc: Pick<DocumentMeta, 'citeAs'>,
  p: Pick<Paragraph, 'unit' | 'paragraph' | 'unitLabel'>,
  lang: Lang,
): string {
  if (p.unit === 'ordinal') return `${doc.citeAs}, ${ordinal(p.paragraph!, lang)}`;
  if (p.unit === 'labelled') {
    const name = UNIT_NAMES[p.unitLabel ?? '']?.[lang] ?? p.unitLabel ?? '';
    return `${doc.citeAs}, ${name}`;
  }
  return `${doc.citeAs}, ${lang === 'fr' ? 'par.' : 'para.'} ${p.paragraph}`;
}

function ordinal(n: number, lang: Lang): string {
  if (lang === 'fr') return `${n === 1 ? '1er' : `${n}e`} paragraphe (non numéroté)`;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix} paragraph (unnumbered)`;
}
