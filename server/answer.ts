import type { Lang } from '../index/analyzer.ts';
import type { QuestionAnalysis, SentenceAnalysis } from '../index/terms.ts';

export interface AnswerSource {
  text: string;
  /** The passage's sentences as the index stores them: offsets in `text` and terms. */
  sentences: SentenceAnalysis[];
  /** How to cite the passage in the answer's language. */
  label: string;
}

export interface Quote {
  /** A sentence copied verbatim from the passage. */
  text: string;
  /** Index of the passage it comes from. */
  passage: number;
}

export interface ComposedAnswer {
  answer: string;
  quotes: Quote[];
}

export interface ComposeOptions {
  /** Most quotes in an answer. */
  maxQuotes?: number;
  /** Passages (best first) whose sentences may be quoted. */
  maxPassages?: number;
}

const NOTHING_FOUND: Record<Lang, string> = {
  en: 'No passage in these documents answers this question. Passages listed with it are only the closest ones, possibly related, not an answer. Try other words, or name the document or the organisation you have in mind.',
  fr: 'Aucun passage de ces documents ne répond à cette question. Les passages qui l’accompagnent sont seulement les plus proches, peut-être liés, pas une réponse. Essayez d’autres termes, ou nommez le document ou l’organisation visés.',
};

/**
 * Builds the answer from the passages only: the few sentences that share most
 * with the question, each quoted verbatim and followed by its reference. No
 * text of ours stands between the quotes, so nothing can be misattributed.
 * @example
 * composeAnswer(question, [{ text, sentences, label: 'A/RES/68/4, para. 27' }], idf).answer
 * // '“Sommes conscients que les envois de fonds …” (A/RES/68/4, para. 27)'
 */
export function composeAnswer(
  question: QuestionAnalysis,
  sources: AnswerSource[],
  weightOf: (term: string) => number,
  options: ComposeOptions = {},
): ComposedAnswer {
  const lang = question.lang;
  const maxQuotes = options.maxQuotes ?? 3;
  const wanted = new Set([...question.terms, ...question.expansion, ...question.translated.flat()]);
  const concepts = new Set(question.concepts);

  const candidates = sources.slice(0, options.maxPassages ?? 3).flatMap((source, passage) =>
    source.sentences.map((sentence, position) => {
      const text = source.text.slice(sentence.start, sentence.end);
      const shared = new Set(sentence.terms.filter((t) => wanted.has(t)));
      const named = new Set(sentence.concepts.filter((c) => concepts.has(c)));
      const overlap = [...shared].reduce((s, t) => s + weightOf(t), 0) + named.size * 2;
      // Earlier passages rank higher; a sentence from the best passage wins ties.
      return { text, passage, position, score: overlap / (1 + 0.25 * passage) };
    }),
  );
  const best = Math.max(0, ...candidates.map((c) => c.score));
  if (best === 0) {
    const first = sources[0]?.sentences[0];
    const quotes = first ? [{ text: sources[0]!.text.slice(first.start, first.end), passage: 0 }] : [];
    return { answer: quotes.length ? render(quotes, sources, lang) : NOTHING_FOUND[lang], quotes };
  }
  const perPassage = new Map<number, number>();
  const chosen = candidates
    .filter((c) => c.score >= best * 0.45)
    .sort((a, b) => b.score - a.score)
    .filter((c) => {
      const n = perPassage.get(c.passage) ?? 0;
      if (n >= 2) return false;
      perPassage.set(c.passage, n + 1);
      return true;
    })
    .slice(0, maxQuotes)
    .sort((a, b) => a.passage - b.passage || a.position - b.position);
  const quotes = chosen.map(({ text, passage }) => ({ text, passage }));
  return { answer: render(quotes, sources, lang), quotes };
}

/** The answer when retrieval found nothing relevant. */
export function nothingFound(lang: Lang): ComposedAnswer {
  return { answer: NOTHING_FOUND[lang], quotes: [] };
}

function render(quotes: Quote[], sources: AnswerSource[], lang: Lang): string {
  const [open, close] = lang === 'fr' ? ['« ', ' »'] : ['“', '”'];
  return quotes.map((q) => `${open}${q.text}${close} (${sources[q.passage]!.label})`).join('\n\n');
}
