import type { Lang } from '../index/analyzer.ts';
import type { Assistant } from '../server/assistant.ts';
import type { SearchOptions } from '../server/retrieval.ts';
import { isGold, type EvalQuestion, type RelevanceQuestion } from './questions.ts';

export interface QuestionOutcome {
  question: EvalQuestion;
  /** 1-based rank of the first gold paragraph in the top 10, or null. */
  rank: number | null;
  /** The top 3 retrieved, as "docId:paragraph". */
  top: string[];
  milliseconds: number;
  /** Whether the relevance check answered it. */
  found: boolean;
}

export interface Scores {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
}

export interface EvalReport {
  byLang: Record<Lang | 'all', Scores>;
  latency: { p50: number; p95: number; max: number };
  outcomes: QuestionOutcome[];
}

/**
 * Runs every question through the same retrieval the server uses and scores
 * the ranking: recall@k is the share of questions with a gold paragraph in the
 * top k; MRR the mean of 1 / rank of the first gold paragraph (0 past 10).
 */
export async function evaluate(assistant: Assistant, questions: EvalQuestion[], options: Pick<SearchOptions, 'rankings'> = {}): Promise<EvalReport> {
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const t0 = performance.now();
    const { passages, found } = await assistant.retriever.search(question.question, { k: 10, ...options });
    const milliseconds = performance.now() - t0;
    const index = passages.findIndex((p) => isGold(p.paragraph, question.gold));
    outcomes.push({
      question,
      rank: index >= 0 ? index + 1 : null,
      top: passages.slice(0, 3).map((p) => `${p.paragraph.docId}:${p.paragraph.paragraph ?? p.paragraph.unitLabel}`),
      milliseconds,
      found,
    });
  }
  const times = outcomes.map((o) => o.milliseconds).sort((a, b) => a - b);
  const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    byLang: { fr: scores(outcomes.filter((o) => o.question.lang === 'fr')), en: scores(outcomes.filter((o) => o.question.lang === 'en')), all: scores(outcomes) },
    latency: { p50: pct(0.5), p95: pct(0.95), max: times.at(-1) ?? 0 },
    outcomes,
  };
}

function scores(outcomes: QuestionOutcome[]): Scores {
  const n = outcomes.length || 1;
  const within = (k: number) => outcomes.filter((o) => o.rank !== null && o.rank <= k).length / n;
  return {
    questions: outcomes.length,
    recallAt1: within(1),
    recallAt5: within(5),
    recallAt10: within(10),
    mrr: outcomes.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / n,
  };
}

export interface RelevanceRates {
  /** Share of on-topic questions answered (found), and of off-topic ones refused. */
  answeredOnTopic: number;
  refusedOffTopic: number;
  /** Share of the broad on-topic questions ("Migration and development") answered. */
  answeredBroad: number;
  onTopic: number;
  offTopic: number;
}

export interface RelevanceReport {
  bySplit: Record<RelevanceQuestion['split'], RelevanceRates>;
  /** Questions the check got wrong: on-topic refused, off-topic answered. */
  wrong: RelevanceQuestion[];
}

/** Asks every labelled question and scores whether the relevance check answers it as labelled. */
export async function evaluateRelevance(assistant: Assistant, questions: RelevanceQuestion[]): Promise<RelevanceReport> {
  const wrong: RelevanceQuestion[] = [];
  for (const q of questions) {
    const { found } = await assistant.retriever.search(q.question, { k: 5 });
    if (found !== q.onTopic) wrong.push(q);
  }
  const rates = (split: RelevanceQuestion['split']): RelevanceRates => {
    const on = questions.filter((q) => q.split === split && q.onTopic);
    const off = questions.filter((q) => q.split === split && !q.onTopic);
    const right = (qs: RelevanceQuestion[]) => qs.filter((q) => !wrong.includes(q)).length / (qs.length || 1);
    return { answeredOnTopic: right(on), refusedOffTopic: right(off), answeredBroad: right(on.filter((q) => q.kind === 'broad')), onTopic: on.length, offTopic: off.length };
  };
  return { bySplit: { calibration: rates('calibration'), test: rates('test') }, wrong };
}
