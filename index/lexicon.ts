import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { analyze, analyzeWord, fold, oneLanguageWords, words } from './analyzer.ts';

/** Where an entry comes from: extracted from a FreeDict dictionary, or written by hand (index/lexicon-manual.json). */
export const LEXICON_SOURCES = ['freedict-fra-eng', 'freedict-eng-fra', 'manual'] as const;
export type LexiconSource = (typeof LEXICON_SOURCES)[number];

export const lexiconEntrySchema = z.object({
  /** A French lemma as written ("réadmettre", "tranche d'âge"). */
  fr: z.string().trim().min(1),
  /** Its usual English equivalents, single words or phrases ("readmit", "take back"). */
  en: z.array(z.string().trim().min(1)).min(1),
  /**
   * Inflected forms the corpus writes whose stem is not the lemma's ("soulignons"
   * beside "souligner"): Snowball stems some conjugations apart from their lemma.
   */
  forms: z.array(z.string().trim().min(1)).optional(),
  source: z.enum(LEXICON_SOURCES),
});

export const lexiconSchema = z.object({
  header: z.object({
    description: z.string(),
    sources: z.array(
      z.object({ id: z.enum(LEXICON_SOURCES), name: z.string(), license: z.string(), origin: z.string() }),
    ),
  }),
  entries: z.array(lexiconEntrySchema),
});

export type LexiconEntry = z.infer<typeof lexiconEntrySchema>;
export type LexiconFile = z.infer<typeof lexiconSchema>;

/** The lexicon file is missing, not JSON, or not shaped as index/lexicon.json. */
export class LexiconFormatError extends Error {
  override name = 'LexiconFormatError';
}

/** One English span of a question and the French stems it reaches. */
export interface Translation {
  /** The English words translated, as written in the question. */
  english: string;
  /** Analysed French stems, as `analyze(…, 'fr')` gives them for corpus text. */
  french: string[];
  /**
   * FULL_WEIGHT when the span is a whole equivalent of an entry (a word or a
   * phrase); PART_WEIGHT when the word only occurs inside multiword equivalents
   * ("back" of "take back"), weaker evidence of the same French words.
   */
  weight: number;
}

export interface Coverage {
  /** covered / total; 1 for no terms. */
  share: number;
  covered: number;
  total: number;
  /** Uncovered stems with their occurrence counts, most frequent first. */
  uncovered: [string, number][];
}

/** A whole equivalent ("child", "take back") carries its French words at full weight. */
export const FULL_WEIGHT = 1;
/** A word seen only inside phrases ("back" of "take back") is half the evidence: it also has senses of its own. */
export const PART_WEIGHT = 0.5;

interface Phrase {
  /** One key per word (see `phraseKey`), stop words included: "take back" ≠ "back". */
  keys: string[];
  french: string[];
}

export const DEFAULT_LEXICON_FILE = fileURLToPath(new URL('./lexicon.json', import.meta.url));

/**
 * The general French→English lexicon of the corpus's content vocabulary
 * (index/lexicon.json): lets English questions in everyday words reach the
 * French stems of the paragraphs ("kids" → "enfant", "take back" → "readmis").
 * Both sides go through the analyzer, so lookups take and give analysed stems.
 * @example
 * const lexicon = Lexicon.load();
 * lexicon.frenchFor(analyze('barriers', 'en')[0]); // ['bari', 'entrav', 'frein', 'obstacl']
 * lexicon.translate('take back their own citizens')
 * // [{ english: 'take back', french: ['readmetr', 'readmis', …], weight: 1 }, { english: 'citizens', … }]
 * lexicon.coverage(corpusContentTerms(paragraphs.map((p) => p.text))).share; // 0.998
 */
export class Lexicon {
  private readonly whole = new Map<string, Set<string>>();
  private readonly parts = new Map<string, Set<string>>();
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly covered = new Set<string>();
  /** Folded words its entries have in one language only ("statement", "enfants"): evidence for language detection. */
  readonly vocabulary: Record<'fr' | 'en', Set<string>>;

  constructor(readonly entries: readonly LexiconEntry[]) {
    for (const entry of entries) {
      const lemma = analyze(entry.fr, 'fr');
      const forms = (entry.forms ?? []).flatMap((f) => analyze(f, 'fr'));
      const french = [...new Set([...lemma, ...forms])];
      if (french.length === 0) continue;
      // A stem is covered by a lemma or form of its own: "âge" covers "age", "tranche d'âge" alone does not.
      if (lemma.length === 1) this.covered.add(lemma[0]!);
      for (const stem of forms) this.covered.add(stem);
      for (const english of entry.en) this.addEquivalent(english, french);
    }
    for (const list of this.phrases.values()) list.sort((a, b) => b.keys.length - a.keys.length);
    this.vocabulary = oneLanguageWords(
      entries.flatMap((e) => [e.fr, ...(e.forms ?? [])]),
      entries.flatMap((e) => e.en),
    );
  }

  /**
   * Reads and validates a lexicon file (default index/lexicon.json).
   * @throws LexiconFormatError naming the file, in one line.
   */
  static load(file: string | URL = DEFAULT_LEXICON_FILE): Lexicon {
    const name = file instanceof URL ? fileURLToPath(file) : file;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new LexiconFormatError(`cannot read lexicon ${name}: ${(err as Error).message.split('\n')[0]}`);
    }
    const parsed = lexiconSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LexiconFormatError(`malformed lexicon ${name}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return new Lexicon(parsed.data.entries);
  }

  /**
   * French stems an analysed English term translates to: entries where it is a
   * whole equivalent first, then entries where it is part of a phrase.
   * @example lexicon.frenchFor(analyze('kids', 'en')[0]) // ['enfant', …]
   */
  frenchFor(englishTerm: string): string[] {
    return [...new Set([...(this.whole.get(englishTerm) ?? []), ...(this.parts.get(englishTerm) ?? [])])];
  }

  /**
   * The English text's spans that the lexicon translates, left to right: the
   * longest phrase at each position ("take back", "age group"), else the word.
   * Takes text, not analysed terms, because phrases keep their stop words
   * ("take" is one) and the analyzer drops them.
   * @example
   * lexicon.translate('which age group is the largest')
   * // [{ english: 'age group', french: ['tranch', 'age', …], weight: 1 }, { english: 'largest', … }]
   */
  translate(english: string): Translation[] {
    const tokens = words(english);
    const keys = tokens.map(phraseKey);
    const out: Translation[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const phrase = this.phrases.get(keys[i]!)?.find((p) => p.keys.every((k, j) => keys[i + j] === k));
      if (phrase) {
        out.push({ english: tokens.slice(i, i + phrase.keys.length).join(' '), french: phrase.french, weight: FULL_WEIGHT });
        i += phrase.keys.length - 1;
        continue;
      }
      const term = analyze(tokens[i]!, 'en')[0];
      if (term === undefined) continue;
      const whole = [...(this.whole.get(term) ?? [])];
      const parts = [...(this.parts.get(term) ?? [])].filter((t) => !whole.includes(t));
      if (whole.length > 0) out.push({ english: tokens[i]!, french: whole, weight: FULL_WEIGHT });
      if (parts.length > 0) out.push({ english: tokens[i]!, french: parts, weight: PART_WEIGHT });
    }
    return out;
  }

  /** Whether an analysed French stem has a lemma of its own in the lexicon. */
  covers(frenchTerm: string): boolean {
    return this.covered.has(frenchTerm);
  }

  /**
   * Share of French term occurrences the lexicon covers, and the uncovered
   * stems by frequency: what to add when a new document arrives.
   * @example lexicon.coverage(corpusContentTerms(paragraphs.map((p) => p.text))).share // 0.99…
   */
  coverage(frenchTerms: Iterable<string>): Coverage {
    let covered = 0;
    let total = 0;
    const missing = new Map<string, number>();
    for (const term of frenchTerms) {
      total++;
      if (this.covered.has(term)) covered++;
      else missing.set(term, (missing.get(term) ?? 0) + 1);
    }
    const uncovered = [...missing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return { share: total === 0 ? 1 : covered / total, covered, total, uncovered };
  }

  private addEquivalent(english: string, french: string[]): void {
    const stems = analyze(english, 'en');
    const tokens = words(english);
    if (tokens.length === 1) {
      if (stems.length === 1) addAll(this.whole, stems[0]!, french);
      return;
    }
    const keys = tokens.map(phraseKey);
    const list = this.phrases.get(keys[0]!) ?? [];
    const known = list.find((p) => p.keys.join(' ') === keys.join(' '));
    if (known) known.french = [...new Set([...known.french, ...french])];
    else list.push({ keys, french });
    this.phrases.set(keys[0]!, list);
    for (const stem of stems) addAll(this.parts, stem, french);
  }
}

function addAll(map: Map<string, Set<string>>, key: string, values: string[]): void {
  const set = map.get(key) ?? new Set<string>();
  for (const v of values) set.add(v);
  map.set(key, set);
}

/** A word's key inside a phrase: its stem, or the folded word for a stop word ("take", which "taking" also stems to). */
function phraseKey(word: string): string {
  return analyze(word, 'en')[0] ?? fold(word);
}

/** An elided article or pronoun before the word: the capital that counts is the word's ("l’Afrique"). */
const ELIDED = /^\p{Ll}{1,7}['’]/u;
/** Words after sentence ends are capitalised whatever they are; elsewhere a capital marks a name. */
const SENTENCE_BREAK = /(?<=[.!?;:…»])\s+|\n+/;

/**
 * The content-word occurrences of French texts that a lexicon should cover:
 * analysed terms (stop words already dropped) less numbers and proper names.
 * A name is a term the texts write only with a capital, at least once inside
 * a sentence ("Afrique", "OIM", "Annan"), so words that open sentences stay.
 * @example lexicon.coverage(corpusContentTerms(paragraphs.map((p) => p.text)))
 */
export function corpusContentTerms(texts: Iterable<string>): string[] {
  const occurrences: string[] = [];
  const lowerCase = new Set<string>();
  const capitalInside = new Set<string>();
  for (const text of texts) {
    for (const sentence of text.split(SENTENCE_BREAK)) {
      words(sentence).forEach((word, position) => {
        const term = analyzeWord(word, 'fr');
        if (term === null || /\d/.test(term)) return;
        occurrences.push(term);
        if (/^\p{Lu}/u.test(word.replace(ELIDED, ''))) {
          if (position > 0) capitalInside.add(term);
        } else lowerCase.add(term);
      });
    }
  }
  return occurrences.filter((t) => lowerCase.has(t) || !capitalInside.has(t));
}
