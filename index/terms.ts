import { analyze, detectLanguage, isStopword, words, type Lang } from './analyzer.ts';
import type { Glossary } from './glossary.ts';

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

export interface QueryTerms extends TextTerms {
  lang: Lang;
  /** French terms of the concepts the question names, for searching the French text. */
  expansion: string[];
  /** The question's own terms, in its language, each with the French terms of the concepts it helps name. */
  own: { term: string; french: string[] }[];
}

/**
 * Terms of a question in either language. The question is analysed in its
 * language, and its other words also in the other language (English cognates
 * meet the French stems; a French term of art may sit in an English question);
 * glossary concepts carry terms of art across.
 * @example queryTerms('brain drain from Africa', glossary).concepts // ['brain-drain', …]
 */
export function queryTerms(question: string, glossary: Glossary): QueryTerms {
  const lang = detectLanguage(question, glossary.vocabulary);
  const rest = words(question).filter((w) => !isStopword(w, lang)).join(' ');
  const fr = analyze(lang === 'fr' ? question : rest, 'fr');
  const en = analyze(lang === 'en' ? question : rest, 'en');
  const concepts = [...new Set([...glossary.concepts(fr, 'fr'), ...glossary.concepts(en, 'en')])];
  const mine = lang === 'fr' ? fr : en;
  const own = mine.map((term) => ({ term, french: [] as string[] }));
  for (const span of glossary.conceptSpans(mine, lang)) {
    for (let i = span.start; i < span.end; i++) own[i]!.french.push(...glossary.frenchTermsOf(span.concept));
  }
  const terms = [...new Set(lang === 'fr' ? [...fr, ...en] : [...en, ...fr])];
  const expansion = [...new Set(concepts.flatMap((c) => glossary.frenchTermsOf(c)))].filter((t) => !terms.includes(t));
  return { lang, terms, concepts, expansion, own };
}
