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

export async function loadQuestions(file = new URL('./questions.json', import.meta.url)): Promise<EvalQuestion[]> {
  return z.object({ questions: z.array(questionSchema).min(1) }).parse(JSON.parse(await readFile(file, 'utf8'))).questions;
}

/** Whether a retrieved paragraph is one of a question's gold answers. */
export function isGold(p: Pick<Paragraph, 'docId' | 'paragraph' | 'unitLabel'>, gold: Gold[]): boolean {
  return gold.some((g) => g.docId === p.docId && ('paragraph' in g ? p.paragraph === g.paragraph : p.unitLabel === g.unit));
}
