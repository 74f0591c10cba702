import { cognateKey } from '../index/analyzer.ts';
import type { LexicalHit } from '../index/lexical.ts';
import type { ParagraphAnalysis, QuestionAnalysis } from '../index/terms.ts';

/**
 * What the best passages must share with a question to count as an answer:
 * summed IDF of the matched terms, and the share of the question's own terms
 * they contain. Set from off-topic questions (server/app.test.ts) against the
 * weakest on-topic ones; a question about something else that happens to use
 * corpus words ("world", "New York") can still pass.
 */
const MIN_EVIDENCE = 5;
const MIN_COVERAGE = 0.25;
/** A glossary concept matched counts like a rare term. */
const CONCEPT_EVIDENCE = 2;

export interface RelevanceInput {
  question: QuestionAnalysis;
  /** The best lexical hit, if any. */
  lexical: LexicalHit | undefined;
  /** Analyses of the best passages, best first. */
  passages: ParagraphAnalysis[];
  /** How telling a term is in the corpus (its IDF); 0 for a term the corpus lacks. */
  weightOf: (term: string) => number;
}

/** Whether the corpus answers the question at all, from what its best passages share with it. */
export function answers({ question, lexical, passages, weightOf }: RelevanceInput): boolean {
  if (passages.length === 0) return false;
  const evidence = lexical ? evidenceOf(lexical.terms, weightOf) : 0;
  return evidence >= MIN_EVIDENCE && coverageOf(question, passages.slice(0, 3)) >= MIN_COVERAGE;
}

/** Summed IDF of the question terms a passage shares, with a bonus per glossary concept. */
function evidenceOf(matched: string[], weightOf: (term: string) => number): number {
  const concepts = matched.filter((t) => t.startsWith('c:')).length;
  return matched.filter((t) => !t.startsWith('c:')).reduce((s, t) => s + weightOf(t), 0) + concepts * CONCEPT_EVIDENCE;
}

/**
 * Share of the question's own terms that the best passages contain — as the
 * word, a cognate, or a French term of a concept the word names. A question
 * about something else leaves most of its words uncovered.
 */
function coverageOf(question: QuestionAnalysis, passages: ParagraphAnalysis[]): number {
  if (question.own.length === 0) return 0;
  const present = new Set(passages.flatMap((p) => [...p.sectionTerms, ...p.terms]));
  const keys = new Set([...present].map(cognateKey));
  const covered = question.own.filter(
    ({ term, french }) => present.has(term) || (cognateKey(term) !== null && keys.has(cognateKey(term))) || french.some((t) => present.has(t)),
  );
  return covered.length / question.own.length;
}
