import { analyze } from '../index/analyzer.ts';
import type { DocumentMeta } from '../index/corpus.ts';

/**
 * How strongly a question names each document by its metadata rather than by
 * its words ("the 2013 declaration", "le rapport du Secrétaire général de
 * 2003", "the OSCE ministers"): symbol, year, title, kind and issuing body in
 * both languages. A term shared by every document says nothing and is ignored.
 * Returns a score per document id in [0, 1], 1 for the best-named document
 * (empty when the question names none), and the terms that did the naming:
 * they pick the document, so they should not also rank its paragraphs.
 */
export function matchDocuments(question: string, documents: DocumentMeta[]): DocumentMatch {
  const profiles = documents.map((d) => ({ id: d.id, terms: new Set(profileTerms(d)), symbol: d.symbol }));
  const questionTerms = new Set([...analyze(question, 'fr'), ...analyze(question, 'en')]);
  const scores = new Map<string, number>();
  const naming = new Map<string, Set<string>>();
  const df = (t: string) => profiles.filter((o) => o.terms.has(t)).length;
  for (const p of profiles) {
    let score = 0;
    for (const t of questionTerms) {
      if (!p.terms.has(t) || df(t) === profiles.length) continue;
      score += Math.log(profiles.length / df(t));
      naming.set(p.id, (naming.get(p.id) ?? new Set()).add(t));
    }
    if (p.symbol && symbolCore(p.symbol) && question.includes(symbolCore(p.symbol)!)) score += 3;
    if (score > 0) scores.set(p.id, score);
  }
  const best = Math.max(0, ...scores.values());
  // One weak shared word is not naming a document.
  if (best < 1) return { scores: new Map(), isNaming: () => false };
  const named = [...scores].filter(([, s]) => s >= best / 2).map(([id]) => id);
  const namingTerms = new Set(named.flatMap((id) => [...(naming.get(id) ?? [])]));
  const namedProfiles = profiles.filter((p) => named.includes(p.id));
  return {
    scores: new Map([...scores].map(([id, s]) => [id, s / best])),
    // Also true of a French term the glossary adds that is in the named document's title or body.
    isNaming: (term) => namingTerms.has(term) || namedProfiles.some((p) => p.terms.has(term) && df(term) < profiles.length),
  };
}

export interface DocumentMatch {
  /** Document id → how strongly the question names it, the best 1. */
  scores: Map<string, number>;
  /** Whether an analysed term names the document(s) the question points at. */
  isNaming: (term: string) => boolean;
}

function profileTerms(d: DocumentMeta): string[] {
  const fr = [d.title, d.kind, d.body].join(' ');
  const en = [d.titleEn, d.kindEn, d.bodyEn].join(' ');
  return [...analyze(fr, 'fr'), ...analyze(en, 'en'), d.date.slice(0, 4)];
}

/** "A/RES/68/4" → "68/4", "A/58/98" → "58/98": the part people quote. */
function symbolCore(symbol: string): string | null {
  return /(\d+\/\d+)$/.exec(symbol)?.[1] ?? null;
}
