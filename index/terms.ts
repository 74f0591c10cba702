import { analyze, analyzeWord, detectLanguage, isStopword, words, type Lang } from './analyzer.ts';
import type { Glossary } from './glossary.ts';
import type { Paragraph } from './paragraph.ts';

/** What retrieval sees of a text: analysed terms and the glossary concepts it names. */
export interface TextTerms {
  terms: string[];
  concepts: string[];
}

/** Terms of a corpus paragraph (French). */
export function passageTerms(text: string, glossary: Glossary): TextTerms {
  const terms = analyze(text, 'fr');
  return { terms, concepts: glossary.concepts(terms, 'fr') };
}

/** A sentence of a paragraph: where it stands in `Paragraph.text` and its terms, for quoting. */
export interface SentenceAnalysis {
  /** Offsets in the paragraph's text: `text.slice(start, end)` is the sentence, verbatim. */
  start: number;
  end: number;
  terms: string[];
  concepts: string[];
}

/**
 * Everything retrieval needs of a paragraph, computed once by `npm run index`
 * and stored with it, so that no paragraph is analysed at question time.
 */
export interface ParagraphAnalysis extends TextTerms {
  /** Terms of the headings above the paragraph (`sectionPath`). */
  sectionTerms: string[];
  sentences: SentenceAnalysis[];
}

const SENTENCES = new Intl.Segmenter('fr', { granularity: 'sentence' });

/**
 * Analyses a corpus paragraph once: its terms and concepts, its headings' terms,
 * and each sentence with its offsets (quotes are cut from these, verbatim).
 * @example analyzeParagraph(p, glossary).sentences[0] // { start: 0, end: 112, terms: […], concepts: […] }
 */
export function analyzeParagraph(p: Pick<Paragraph, 'text' | 'sectionPath'>, glossary: Glossary): ParagraphAnalysis {
  const sentences: SentenceAnalysis[] = [];
  for (const s of SENTENCES.segment(p.text)) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const sentence = s.segment.trim();
    if (sentence === '') continue;
    const start = s.index + lead;
    sentences.push({ start, end: start + sentence.length, ...passageTerms(sentence, glossary) });
  }
  return {
    ...passageTerms(p.text, glossary),
    sectionTerms: passageTerms(p.sectionPath.join(' '), glossary).terms,
    sentences,
  };
}

/**
 * A question analysed once, and shared by everything that reads it: the
 * rankers, the document matcher, the relevance check and the answer composer.
 */
export interface QuestionAnalysis extends TextTerms {
  /** The question as asked. */
  text: string;
  lang: Lang;
  /** French terms of the concepts the question names, for searching the French text. */
  expansion: string[];
  /** The question's own terms, in its language, each with the French terms of the concepts it helps name. */
  own: { term: string; french: string[] }[];
  /** Every word analysed as French and as English, in order, for matching document metadata in either language. */
  asFrench: string[];
  asEnglish: string[];
}

/**
 * Analyses a question in either language. Its words are analysed in its
 * language, and those that are not stop words there also in the other
 * language (English cognates meet the French stems; a French term of art may
 * sit in an English question); glossary concepts carry terms of art across.
 * @example analyzeQuestion('brain drain from Africa', glossary).concepts // ['brain-drain', …]
 */
export function analyzeQuestion(text: string, glossary: Glossary): QuestionAnalysis {
  const lang = detectLanguage(text, glossary.vocabulary);
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const questionWords = words(text);
  const analysed = { fr: questionWords.map((w) => analyzeWord(w, 'fr')), en: questionWords.map((w) => analyzeWord(w, 'en')) };
  const present = (ts: (string | null)[]) => ts.filter((t): t is string => t !== null);
  const mine = present(analysed[lang]);
  const across = present(analysed[other].filter((_, i) => !isStopword(questionWords[i]!, lang)));
  const [fr, en] = lang === 'fr' ? [mine, across] : [across, mine];
  const concepts = [...new Set([...glossary.concepts(fr, 'fr'), ...glossary.concepts(en, 'en')])];
  const own = mine.map((term) => ({ term, french: [] as string[] }));
  for (const span of glossary.conceptSpans(mine, lang)) {
    for (let i = span.start; i < span.end; i++) own[i]!.french.push(...glossary.frenchTermsOf(span.concept));
  }
  const terms = [...new Set([...mine, ...across])];
  const expansion = [...new Set(concepts.flatMap((c) => glossary.frenchTermsOf(c)))].filter((t) => !terms.includes(t));
  return { text, lang, terms, concepts, expansion, own, asFrench: present(analysed.fr), asEnglish: present(analysed.en) };
}
