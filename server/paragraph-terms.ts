import { cognateKey } from '../index/analyzer.ts';
import { cognateTerms, conceptTerm } from '../index/lexical.ts';
import type { ParagraphAnalysis } from '../index/terms.ts';

/** A paragraph's stored analysis as the question-time rankers look things up in it. */
export interface ParagraphTerms {
  /** Its terms and its headings' terms. */
  terms: ReadonlySet<string>;
  /** The cognate keys of those terms. */
  keys: ReadonlySet<string>;
  /**
   * Each sentence's lexical terms, each once where it first appears, in the
   * order words, concepts, cognate keys (the order the sentence ranking adds them in).
   */
  sentences: string[][];
}

/**
 * Derived once per stored analysis, while the index keeps that analysis parsed:
 * every question reads about a hundred candidates, and rebuilding these sets
 * (cognate keys above all) was a third of a question's time on the five documents.
 */
const DERIVED = new WeakMap<ParagraphAnalysis, ParagraphTerms>();

/**
 * The lookups of a paragraph's analysis, the same object for as long as the analysis is.
 * @example paragraphTerms(index.analysis(id)).terms.has('remis') // true
 */
export function paragraphTerms(analysis: ParagraphAnalysis): ParagraphTerms {
  let derived = DERIVED.get(analysis);
  if (!derived) {
    const terms = new Set([...analysis.sectionTerms, ...analysis.terms]);
    const keys = new Set<string>();
    for (const t of terms) {
      const key = cognateKey(t);
      if (key !== null) keys.add(key);
    }
    const sentences = analysis.sentences.map((s) => [...new Set([...s.terms, ...s.concepts.map(conceptTerm), ...cognateTerms(s.terms)])]);
    derived = { terms, keys, sentences };
    DERIVED.set(analysis, derived);
  }
  return derived;
}
