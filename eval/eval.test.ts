import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Assistant } from '../server/assistant.ts';
import { evaluate, evaluateRelevance, type EvalReport, type RelevanceReport } from './evaluate.ts';
import { isGold, loadQuestions, loadRelevance, QUESTION_SETS, RELEVANCE_SETS, type EvalQuestion } from './questions.ts';

/**
 * The quality the README states (offline embedder + lexical, fused), a
 * question or two per language below what was measured. The held-out floors
 * and the relevance check's come from sets nothing was tuned on.
 */
const FLOOR = {
  // With the 60 everyday questions (en2-, fr2-) appended: fr 0.879 / 0.769, en 0.897 / 0.728.
  tuning: { fr: { recallAt5: 0.81, mrr: 0.71 }, en: { recallAt5: 0.87, mrr: 0.7 } },
  heldout: { fr: { recallAt5: 0.85, mrr: 0.7 }, en: { recallAt5: 0.7, mrr: 0.6 } },
  // Written after the changes of issues 7 and 10, and measured once: fr 0.953 / 0.786, en 0.814 / 0.728.
  heldout2: { fr: { recallAt5: 0.9, mrr: 0.74 }, en: { recallAt5: 0.76, mrr: 0.68 } },
  // Written before this session's changes and first measured on the retrieval they started from: fr 0.826 / 0.714, en 0.744 / 0.580.
  heldout3: { fr: { recallAt5: 0.78, mrr: 0.67 }, en: { recallAt5: 0.69, mrr: 0.54 } },
} satisfies Record<keyof typeof QUESTION_SETS, unknown>;
/** The relevance check on the test half of eval/relevance.json (its thresholds were set on the other half), and on relevance2.json and relevance3.json, all test. */
const RELEVANCE_FLOOR = {
  relevance: { answeredOnTopic: 0.85, refusedOffTopic: 0.66 },
  // Measured first on the check before this session's changes: 0.912 and 0.663; now 0.887 and 0.750.
  relevance2: { answeredOnTopic: 0.86, refusedOffTopic: 0.72 },
  // Written after those changes and measured once: 0.925 and 0.700.
  relevance3: { answeredOnTopic: 0.9, refusedOffTopic: 0.67 },
} satisfies Record<keyof typeof RELEVANCE_SETS, unknown>;

const SET_NAMES = Object.keys(QUESTION_SETS) as (keyof typeof QUESTION_SETS)[];
const RELEVANCE_SET_NAMES = Object.keys(RELEVANCE_SETS) as (keyof typeof RELEVANCE_SETS)[];

let assistant: Assistant;
const sets: Record<keyof typeof FLOOR, { questions: EvalQuestion[]; report: EvalReport }> = {} as never;
const relevance: Record<keyof typeof RELEVANCE_FLOOR, RelevanceReport> = {} as never;

beforeAll(async () => {
  assistant = await Assistant.open(inject('indexDir'));
  for (const name of SET_NAMES) {
    const questions = await loadQuestions(QUESTION_SETS[name]);
    sets[name] = { questions, report: await evaluate(assistant, questions) };
  }
  for (const name of RELEVANCE_SET_NAMES) relevance[name] = await evaluateRelevance(assistant, await loadRelevance(RELEVANCE_SETS[name]));
});

describe.each(SET_NAMES)('%s questions', (set) => {
  it('name only paragraphs that exist, in documents of the corpus', () => {
    const exists = (g: EvalQuestion['gold'][number]) => assistant.index.idsOf(g.docId).some((id) => isGold(assistant.index.paragraph(id), [g]));
    for (const q of sets[set].questions) for (const g of q.gold) expect(exists(g), `${q.id} ${JSON.stringify(g)}`).toBe(true);
  });

  it.each(['fr', 'en'] as const)('keep %s recall@5 and MRR at the stated level', (lang) => {
    expect(sets[set].report.byLang[lang].recallAt5).toBeGreaterThanOrEqual(FLOOR[set][lang].recallAt5);
    expect(sets[set].report.byLang[lang].mrr).toBeGreaterThanOrEqual(FLOOR[set][lang].mrr);
  });

  it('get answers that quote only sentences found in the paragraph each cites', async () => {
    for (const q of sets[set].questions) {
      const result = await assistant.ask(q.question);
      for (const quote of result.quotes) {
        const passage = result.passages[quote.passage]!;
        expect(passage.text, `${q.id}: ${quote.text}`).toContain(quote.text);
        expect(result.answer).toContain(`${quote.text}${result.lang === 'fr' ? ' »' : '”'} (${passage.label})`);
      }
      if (result.found) expect(result.quotes.length, q.id).toBeGreaterThan(0);
    }
  });
});

describe('evaluation sets', () => {
  it('tuning: at least 38 questions in each language, covering all five documents', () => {
    const { questions } = sets.tuning;
    for (const lang of ['fr', 'en']) expect(questions.filter((q) => q.lang === lang).length).toBeGreaterThanOrEqual(38);
    const docs = new Set(questions.flatMap((q) => q.gold.map((g) => g.docId)));
    expect([...docs].sort()).toEqual(assistant.documents().map((d) => d.id).sort());
  });

  it.each(SET_NAMES.filter((name) => name !== 'tuning'))('%s: at least 40 questions in each language', (set) => {
    for (const lang of ['fr', 'en']) expect(sets[set].questions.filter((q) => q.lang === lang).length).toBeGreaterThanOrEqual(40);
  });

  it('answers the tuning questions (all are on topic), nearly all of them', () => {
    const refused = sets.tuning.report.outcomes.filter((o) => !o.found).map((o) => o.question.id);
    // Refused now: one of the first 76 (en-07, whose five best passages are all of the document it names and lack "commit")
    // and 8 of the 60 everyday ones, each with a word no paragraph has ("dodgy", "split", "alongside"), which weighs most.
    expect(refused.filter((id) => /^(fr|en)-/.test(id)).length).toBeLessThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(10);
  });
});

describe.each(RELEVANCE_SET_NAMES)('relevance check, on the test questions of eval/%s.json', (set) => {
  it('answers on-topic questions, broad and everyday ones included', () => {
    expect(relevance[set].bySplit.test.answeredOnTopic).toBeGreaterThanOrEqual(RELEVANCE_FLOOR[set].answeredOnTopic);
  });

  it('refuses off-topic questions, those made of corpus words included', () => {
    expect(relevance[set].bySplit.test.refusedOffTopic).toBeGreaterThanOrEqual(RELEVANCE_FLOOR[set].refusedOffTopic);
  });
});
