import { cognateKey } from '../index/analyzer.ts';
import { cognateTerms, conceptTerm } from '../index/lexical.ts';
import type { ParagraphAnalysis } from '../index/terms.ts';

/** A paragraph's terms as the coverage ranking and the relevance check look a question's words up in them. */
export interface ParagraphTerms {
  /** Its terms and its headings' terms. */
  terms: ReadonlySet<string>;
  /** The cognate keys of those terms. */
  keys: ReadonlySet<string>;
}

/**
 * Derived once per stored analysis, for as long as the index keeps that
 * analysis parsed: every question reads about a hundred candidates, and
 * deriving these again (cognate keys above all) was a third of a question's
 * time on the five documents.
 */
const TERMS = new WeakMap<ParagraphAnalysis, ParagraphTerms>();
const SENTENCE_TERMS = new WeakMap<ParagraphAnalysis, string[][]>();

/**
 * The term sets of a paragraph's analysis.
 * @example paragraphTerms(analysis).keys.has('develo') // a paragraph on « le développement »
 */
export function paragraphTerms(analysis: ParagraphAnalysis): ParagraphTerms {
  let derived = TERMS.get(analysis);
  if (!derived) {
    const terms = new Set([...analysis.sectionTerms, ...analysis.terms]);
    const keys = new Set<string>();
    for (const t of terms) {
      const key = cognateKey(t);
      if (key !== null) keys.add(key);
    }
    derived = { terms, keys };
    TERMS.set(analysis, derived);
  }
  return derived;
}

/**
 * Each sentence's lexical terms, each once where it first appears, in the
 * order words, concepts, cognate keys: the order the sentence ranking adds them in.
 * @example sentenceTerms(analysis)[0] // ['envois', 'fond', 'migr', 'c:remittances', 'c:money', 'c:migrants', 'k:envois'] for « Les envois de fonds des migrants. »
 */
export function sentenceTerms(analysis: ParagraphAnalysis): string[][] {
  let derived = SENTENCE_TERMS.get(analysis);
  if (!derived) {
    derived = analysis.sentences.map((s) => [...new Set([...s.terms, ...s.concepts.map(conceptTerm), ...cognateTerms(s.terms)])]);
    SENTENCE_TERMS.set(analysis, derived);
  }
  return derived;
}
