import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Assistant } from '../server/assistant.ts';
import { evaluate, type EvalReport } from './evaluate.ts';
import { loadQuestions, type EvalQuestion } from './questions.ts';

/**
 * The quality the README states (offline embedder + lexical, fused). A change
 * that loses more than a question or two per language fails here.
 */
const FLOOR = { fr: { recallAt5: 0.92, mrr: 0.7 }, en: { recallAt5: 0.9, mrr: 0.75 } };

let assistant: Assistant;
let questions: EvalQuestion[];
let report: EvalReport;

beforeAll(async () => {
  assistant = await Assistant.open(inject('indexDir'));
  questions = await loadQuestions();
  report = await evaluate(assistant, questions);
});

describe('evaluation set', () => {
  it('has at least 40 questions, half French, half English, covering all five documents', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(questions.filter((q) => q.lang === 'fr').length).toBe(questions.filter((q) => q.lang === 'en').length);
    const docs = new Set(questions.flatMap((q) => q.gold.map((g) => g.docId)));
    expect([...docs].sort()).toEqual(assistant.documents().map((d) => d.id).sort());
  });

  it('names only paragraphs that exist', () => {
    const exists = (g: EvalQuestion['gold'][number]) =>
      assistant.index.idsOf(g.docId).map((id) => assistant.index.paragraph(id)).some((p) => ('paragraph' in g ? p.paragraph === g.paragraph : p.unitLabel === g.unit));
    for (const q of questions) for (const g of q.gold) expect(exists(g), `${q.id} ${JSON.stringify(g)}`).toBe(true);
  });

  it.each(['fr', 'en'] as const)('keeps %s recall@5 and MRR at the stated level', (lang) => {
    expect(report.byLang[lang].recallAt5).toBeGreaterThanOrEqual(FLOOR[lang].recallAt5);
    expect(report.byLang[lang].mrr).toBeGreaterThanOrEqual(FLOOR[lang].mrr);
  });

  it('quotes, over every question, only sentences found in the paragraph each cites', async () => {
    for (const q of questions) {
      const result = await assistant.ask(q.question);
      for (const quote of result.quotes) {
        const passage = result.passages[quote.passage]!;
        expect(passage.text, `${q.id}: ${quote.text}`).toContain(quote.text);
        expect(result.answer).toContain(`${quote.text}${result.lang === 'fr' ? ' »' : '”'} (${passage.label})`);
      }
      expect(result.found, q.id).toBe(true);
      expect(result.quotes.length, q.id).toBeGreaterThan(0);
    }
  });
});
