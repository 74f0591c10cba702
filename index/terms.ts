import { analyze, analyzeWord, detectLanguage, fold, isStopword, words, type Lang } from './analyzer.ts';
import type { Glossary } from './glossary.ts';
import { FULL_WEIGHT, type Lexicon } from './lexicon.ts';
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
 * `headings` keeps the headings' terms across the calls of one build: the
 * paragraphs under one heading share them.
 * @example analyzeParagraph(p, glossary).sentences[0] // { start: 0, end: 112, terms: […], concepts: […] }
 */
export function analyzeParagraph(
  p: Pick<Paragraph, 'text' | 'sectionPath'>,
  glossary: Glossary,
  headings = new Map<string, string[]>(),
): ParagraphAnalysis {
  const sentences: SentenceAnalysis[] = [];
  for (const s of SENTENCES.segment(p.text)) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const sentence = s.segment.trim();
    if (sentence === '') continue;
    const start = s.index + lead;
    sentences.push({ start, end: start + sentence.length, ...passageTerms(sentence, glossary) });
  }
  // No word spans two sentences: the paragraph's terms are its sentences', in order (word segmentation was half a build).
  const terms = sentences.flatMap((s) => s.terms);
  const heading = p.sectionPath.join(' ');
  let sectionTerms = headings.get(heading);
  if (!sectionTerms) headings.set(heading, (sectionTerms = analyze(heading, 'fr')));
  return { terms, concepts: glossary.concepts(terms, 'fr'), sectionTerms, sentences };
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
  /**
   * The French stems the general lexicon gives for each of an English
   * question's words or phrases, as whole equivalents ("kids" → enfant, "take
   * back" → réadmettre). Empty for a French question.
   */
  translated: string[][];
  /**
   * The question's own terms, in its language, each with the French terms it
   * reaches (glossary concepts, lexicon), and the concept whose name it is part of.
   */
  own: { term: string; french: string[]; concept?: string }[];
  /** Every word analysed as French and as English, in order, for matching document metadata in either language. */
  asFrench: string[];
  asEnglish: string[];
}

/**
 * Words that frame a question rather than say what it is about: interrogatives,
 * auxiliaries, reporting verbs the stop-word lists leave in ("why", "does",
 * "say", "comment", "quand", "dit"), and the texts asked about themselves
 * ("what do the texts say"). Matching them in a passage is no evidence.
 */
const QUESTION_WORDS: Record<Lang, Set<string>> = {
  en: new Set(['when', 'why', 'whom', 'whose', 'does', 'did', 'done', 'say', 'says', 'said', 'tell', 'told', 'think', 'know', 'explain', 'mention', 'mentioned', 'describe', 'discuss', 'discussed', 'according', 'regarding', 'concerning', 'anything', 'something', 'please', 'text', 'texts']),
  fr: new Set(['comment', 'combien', 'quand', 'pourquoi', 'quoi', 'dit', 'disent', 'dire', 'selon', 'concernant', 'propos', 'chose', 'choses', 'est-ce', 'texte', 'textes']),
};

/** Whether a word of a question is a stop word or frames the question (see `QUESTION_WORDS`) in a language. */
function isQuestionStopword(word: string, lang: Lang): boolean {
  return isStopword(word, lang) || QUESTION_WORDS[lang].has(fold(word));
}

/** What questions are read with: the field's terms of art, and a general lexicon for English words. */
export interface Vocabulary {
  glossary: Glossary;
  /** Without it, English reaches the French text by cognates and the glossary only. */
  lexicon?: Lexicon;
}

/**
 * Analyses a question in either language. Its words are analysed in its
 * language, and those that are not stop words there also in the other
 * language (English cognates meet the French stems; a French term of art may
 * sit in an English question); glossary concepts carry terms of art across,
 * and the lexicon an English question's everyday words.
 * @example analyzeQuestion('brain drain from Africa', { glossary, lexicon }).concepts // ['brain-drain', …]
 */
export function analyzeQuestion(text: string, { glossary, lexicon }: Vocabulary): QuestionAnalysis {
  const lang = detectLanguage(text, glossary.vocabulary, ...(lexicon ? [lexicon.vocabulary] : []));
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const questionWords = words(text);
  const analyse = (lang: Lang) => questionWords.map((w) => (QUESTION_WORDS[lang].has(fold(w)) ? null : analyzeWord(w, lang)));
  const analysed = { fr: analyse('fr'), en: analyse('en') };
  const present = (ts: (string | null)[]) => ts.filter((t): t is string => t !== null);
  const mine = present(analysed[lang]);
  const across = present(analysed[other].filter((_, i) => !isQuestionStopword(questionWords[i]!, lang)));
  const [fr, en] = lang === 'fr' ? [mine, across] : [across, mine];
  const concepts = [...new Set([...glossary.concepts(fr, 'fr'), ...glossary.concepts(en, 'en')])];
  const own: QuestionAnalysis['own'] = mine.map((term) => ({ term, french: [] }));
  for (const span of glossary.conceptSpans(mine, lang)) {
    for (let i = span.start; i < span.end; i++) {
      own[i]!.french.push(...glossary.frenchTermsOf(span.concept));
      own[i]!.concept ??= span.concept;
    }
  }
  const terms = [...new Set([...mine, ...across])];
  const expansion = [...new Set(concepts.flatMap((c) => glossary.frenchTermsOf(c)))].filter((t) => !terms.includes(t));
  const translated = lang === 'en' && lexicon ? translate(text, lexicon, own) : [];
  return { text, lang, terms, concepts, expansion, translated, own, asFrench: present(analysed.fr), asEnglish: present(analysed.en) };
}

/**
 * The lexicon's French stems for an English question. Each also joins the own
 * terms it translates, as evidence the corpus speaks of them; only whole
 * equivalents search the text, since a word seen inside a phrase ("go" of "go
 * back") brings every sense of every phrase it is in (tuning set: MRR 0.852 → 0.871 in English).
 */
function translate(text: string, lexicon: Lexicon, own: QuestionAnalysis['own']): string[][] {
  const translated: string[][] = [];
  for (const { english, french, weight } of lexicon.translate(text)) {
    // Question words ("say" → dire) frame the question; their translations are no evidence either.
    if (words(english).every((w) => QUESTION_WORDS.en.has(fold(w)))) continue;
    const spanTerms = new Set(analyze(english, 'en'));
    for (const o of own) if (spanTerms.has(o.term)) o.french.push(...french);
    if (weight === FULL_WEIGHT) translated.push(french);
  }
  return translated;
}
