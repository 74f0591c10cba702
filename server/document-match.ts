import { analyze } from '../index/analyzer.ts';
import type { DocumentMeta } from '../index/corpus.ts';
import type { QuestionAnalysis } from '../index/terms.ts';

export interface DocumentMatch {
  /** Document id → how strongly the question names it, the best 1. */
  scores: Map<string, number>;
  /** Whether an analysed term names the document(s) the question points at. */
  isNaming: (term: string) => boolean;
}

interface Profile {
  id: string;
  terms: Set<string>;
  /** "A/RES/68/4" → "68/4", "A/58/98" → "58/98": the part people quote. */
  symbolCore: string | null;
}

const NONE: DocumentMatch = { scores: new Map(), isNaming: () => false };

/**
 * How strongly a question names each document by its metadata rather than by
 * its words ("the 2013 declaration", "le rapport du Secrétaire général de
 * 2003", "the OSCE ministers"): symbol, year, title, kind and issuing body in
 * both languages. A term shared by every document says nothing and is ignored.
 * @example
 * const matcher = new DocumentMatcher(documents);
 * matcher.match(analyzeQuestion('What did the OSCE ministers say?', glossary)).scores.get('osce-mc-2006'); // 1
 */
export class DocumentMatcher {
  private readonly profiles: Profile[];
  /** In how many documents' metadata each term occurs. */
  private readonly df = new Map<string, number>();

  constructor(documents: DocumentMeta[]) {
    this.profiles = documents.map((d) => ({
      id: d.id,
      terms: new Set([
        ...analyze([d.title, d.kind, d.body].join(' '), 'fr'),
        ...analyze([d.titleEn, d.kindEn, d.bodyEn].join(' '), 'en'),
        d.date.slice(0, 4),
      ]),
      symbolCore: d.symbol ? (/(\d+\/\d+)$/.exec(d.symbol)?.[1] ?? null) : null,
    }));
    for (const p of this.profiles) for (const t of p.terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /**
   * A score per document in [0, 1] (empty when the question names none), and
   * the terms that did the naming: they pick the document, so they should not
   * also rank its paragraphs.
   */
  match(question: QuestionAnalysis): DocumentMatch {
    const n = this.profiles.length;
    const telling = (t: string) => (this.df.get(t) ?? n) < n;
    const questionTerms = question.eitherLanguage;
    const scores = new Map<string, number>();
    for (const p of this.profiles) {
      let score = 0;
      for (const t of questionTerms) if (p.terms.has(t) && telling(t)) score += Math.log(n / this.df.get(t)!);
      if (p.symbolCore && question.text.includes(p.symbolCore)) score += 3;
      if (score > 0) scores.set(p.id, score);
    }
    const best = Math.max(0, ...scores.values());
    // One word that happens to be in one title ("non", "secteur") is not naming a document: it takes two, or the symbol.
    if (best <= Math.log(n) * 1.1) return NONE;
    const named = this.profiles.filter((p) => scores.get(p.id)! >= best / 2);
    return {
      scores: new Map([...scores].map(([id, s]) => [id, s / best])),
      // Also true of a French term the glossary adds that is in the named document's metadata.
      isNaming: (term) => telling(term) && named.some((p) => p.terms.has(term)),
    };
  }
}
