import { eng, fra } from 'stopword';
import { LRUCache } from 'lru-cache';
import snowball from 'snowball-stemmers';

export type Lang = 'fr' | 'en';

const STOPWORDS: Record<Lang, Set<string>> = {
  fr: new Set(fra.map(fold)),
  en: new Set(eng.map(fold)),
};

const STEMMERS: Record<Lang, { stem(word: string): string }> = {
  fr: snowball.newStemmer('french'),
  en: snowball.newStemmer('english'),
};

/** French elided articles and pronouns glued to the next word: l’, d’, qu’, lorsqu’… */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/;

const WORDS = new Intl.Segmenter('fr', { granularity: 'word' });

/** Words of a text as printed (no analysis), in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const s of WORDS.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** Lower case, accents and ligatures folded: "Développement" → "developpement", "œuvre" → "oeuvre". */
export function fold(word: string): string {
  return word
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/**
 * The search terms of a text in one language: elision removed, stop words
 * dropped, stemmed (Snowball), accents folded and doubled consonants collapsed,
 * so that cognates meet across languages ("development"/"développement" →
 * "develop", "integration"/"intégration" → "integr").
 * @example analyze("l'intégration des migrants", 'fr') // ['integr', 'migrant']
 */
export function analyze(text: string, lang: Lang): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    const term = analyzeWord(word, lang);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/**
 * Words already analysed, by language: a corpus repeats its vocabulary, and
 * stemming was most of the cost of a build. Bounded, since questions bring any word.
 */
const ANALYSED = new LRUCache<string, { term: string | null }>({ max: 200_000 });

/** The search term of one word, or null for a stop word, a lone letter or a lone digit. */
export function analyzeWord(word: string, lang: Lang): string | null {
  const key = `${lang}\u0000${word}`;
  const known = ANALYSED.get(key);
  if (known) return known.term;
  const term = stemWord(word, lang);
  ANALYSED.set(key, { term });
  return term;
}

function stemWord(word: string, lang: Lang): string | null {
  const lower = word.toLowerCase().replace(ELISION, '');
  if (/^\d+$/.test(lower)) return lower.length >= 2 ? lower : null;
  if (lower.length < 2 || STOPWORDS[lang].has(fold(lower))) return null;
  // Doubled consonants and a final e are where English and French stems of one cognate differ (developp/develop, theme/thèm).
  return fold(STEMMERS[lang].stem(lower))
    .replace(/([b-df-hj-np-tv-z])\1+/g, '$1')
    .replace(/(\p{L}{3})e$/u, '$1');
}

/** Whether a word is a stop word of a language (for callers that analyse a question in both). */
export function isStopword(word: string, lang: Lang): boolean {
  return STOPWORDS[lang].has(fold(word.replace(ELISION, '')));
}

/** Six-letter key of a term: where French and English cognates differ only in their endings (principle/principe). */
export function cognateKey(term: string): string | null {
  return term.length >= 6 && !/^\d+$/.test(term) ? term.slice(0, 6) : null;
}

/**
 * The folded words of two texts' vocabularies that only one language has:
 * what `detectLanguage` counts as evidence.
 * @example oneLanguageWords(['envois de fonds'], ['remittances', 'fonds']).fr // Set { 'envois', 'de' }
 */
export function oneLanguageWords(fr: Iterable<string>, en: Iterable<string>): Record<Lang, Set<string>> {
  const folded = (texts: Iterable<string>) => new Set([...texts].flatMap((t) => words(t).map(fold)));
  const vocabulary = { fr: folded(fr), en: folded(en) };
  for (const w of [...vocabulary.fr]) {
    if (vocabulary.en.delete(w)) vocabulary.fr.delete(w);
  }
  return vocabulary;
}

/**
 * Which of French or English a question is written in. Short questions defeat
 * statistical detectors, so this counts each language's function words (the
 * stop-word lists), words that the vocabularies given (the terminology's, the
 * lexicon's) have in one language only, and French diacritics; ties go to
 * French, the corpus language.
 */
export function detectLanguage(text: string, ...vocabularies: Record<Lang, ReadonlySet<string>>[]): Lang {
  let fr = (text.match(/[éèêàùâîôûçœ]/gi) ?? []).length * 0.5;
  let en = 0;
  for (const word of words(text)) {
    const w = fold(word.replace(ELISION, ''));
    const inFr = STOPWORDS.fr.has(w) || ELISION.test(word.toLowerCase()) || vocabularies.some((v) => v.fr.has(w));
    const inEn = STOPWORDS.en.has(w) || vocabularies.some((v) => v.en.has(w));
    if (inFr && !inEn) fr++;
    if (inEn && !inFr) en++;
  }
  return en > fr ? 'en' : 'fr';
}
