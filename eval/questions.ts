import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Lang } from '../index/analyzer.ts';
import type { Paragraph } from '../index/paragraph.ts';

const goldSchema = z.union([
  z.object({ docId: z.string(), paragraph: z.number().int().positive() }),
  z.object({ docId: z.string(), unit: z.string() }),
]);

const questionSchema = z.object({
  id: z.string(),
  lang: z.enum(['fr', 'en']),
  question: z.string().min(1),
  gold: z.array(goldSchema).min(1),
  note: z.string().optional(),
});

export type Gold = z.infer<typeof goldSchema>;
export type EvalQuestion = z.infer<typeof questionSchema> & { lang: Lang };

/** The tuning set: retrieval may be adjusted to it. */
export const TUNING_SET = new URL('./questions.json', import.meta.url);
/** The held-out set, written apart from the system: read to report and to confirm, never to adjust. */
export const HELDOUT_SET = new URL('./heldout.json', import.meta.url);
/** A second held-out set, written after the retrieval changes of issues 7 and 10 as a judge nothing was ever tuned on. */
export const HELDOUT2_SET = new URL('./heldout2.json', import.meta.url);
/** A third held-out set, everyday English above all, written before the retrieval changes it judges (see HELDOUT.md). */
export const HELDOUT3_SET = new URL('./heldout3.json', import.meta.url);
/** On- and off-topic questions for the relevance check, each in its calibration or test half. */
export const RELEVANCE_SET = new URL('./relevance.json', import.meta.url);
/** A second relevance set, all test: written before the check's last changes, as a judge nothing was calibrated on. */
export const RELEVANCE2_SET = new URL('./relevance2.json', import.meta.url);
/** A third relevance set, all test: written after those changes, never read before measuring. */
export const RELEVANCE3_SET = new URL('./relevance3.json', import.meta.url);

/** Every retrieval question set, by the name reports give it. */
export const QUESTION_SETS = { tuning: TUNING_SET, heldout: HELDOUT_SET, heldout2: HELDOUT2_SET, heldout3: HELDOUT3_SET } as const;
/** Every relevance set, by the name reports give it. */
export const RELEVANCE_SETS = { relevance: RELEVANCE_SET, relevance2: RELEVANCE2_SET, relevance3: RELEVANCE3_SET } as const;

export async function loadQuestions(file: URL = TUNING_SET): Promise<EvalQuestion[]> {
  return z.object({ questions: z.array(questionSchema).min(1) }).parse(JSON.parse(await readFile(file, 'utf8'))).questions;
}

const relevanceSchema = z.object({
  id: z.string(),
  lang: z.enum(['fr', 'en']),
  question: z.string().min(1),
  /** Whether a passage of the corpus really addresses the question. */
  onTopic: z.boolean(),
  /** broad, everyday, short, specific (on-topic); unrelated, corpus-words (off-topic). */
  kind: z.string(),
  /** Thresholds are set on `calibration`; `test` is the floor. */
  split: z.enum(['calibration', 'test']),
});

export type RelevanceQuestion = z.infer<typeof relevanceSchema>;

export async function loadRelevance(file: URL = RELEVANCE_SET): Promise<RelevanceQuestion[]> {
  return z.object({ questions: z.array(relevanceSchema).min(1) }).parse(JSON.parse(await readFile(file, 'utf8'))).questions;
}

/** Whether a retrieved paragraph is one of a question's gold answers. */
export function isGold(p: Pick<Paragraph, 'docId' | 'paragraph' | 'unitLabel'>, gold: Gold[]): boolean {
  return gold.some((g) => g.docId === p.docId && ('paragraph' in g ? p.paragraph === g.paragraph : p.unitLabel === g.unit));
}
