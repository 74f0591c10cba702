import { HELDOUT_SET, loadQuestions, TUNING_SET, type EvalQuestion } from '../eval/questions.ts';

/**
 * The questions the benchmark asks and whose gold paragraphs no synthetic
 * document uses, by file name: the tuning set as first written (ids fr-NN,
 * en-NN; the everyday questions appended later, fr2- and en2-, would leave 12
 * of the 188 paragraphs, not 25, to recombine, and change every generated
 * corpus and the figures measured on it) and the held-out set.
 */
export async function benchQuestions(): Promise<Record<'questions.json' | 'heldout.json', EvalQuestion[]>> {
  return {
    'questions.json': (await loadQuestions(TUNING_SET)).filter((q) => /^(fr|en)-/.test(q.id)),
    'heldout.json': await loadQuestions(HELDOUT_SET),
  };
}
