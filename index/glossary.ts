import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { analyze, oneLanguageWords, type Lang } from './analyzer.ts';

const glossarySchema = z.object({
  source: z.string(),
  concepts: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      en: z.array(z.string().min(1)).min(1),
      fr: z.array(z.string().min(1)).min(1),
    }),
  ),
});

export type Concept = z.infer<typeof glossarySchema>['concepts'][number];

/** A phrase of the glossary as analysed terms, and the concept it names. */
interface Phrase {
  terms: string[];
  concept: string;
}

/** The glossary the index and the server read. */
export const DEFAULT_GLOSSARY_FILE = fileURLToPath(new URL('./glossary.json', import.meta.url));

/**
 * The field's bilingual terminology (index/glossary.json): matches concepts in
 * analysed text of either language, so that "remittances" and "envois de fonds"
 * meet, and expands a concept into its French terms for lexical search.
 * @example
 * const g = Glossary.load();
 * g.concepts(analyze('brain drain', 'en'), 'en'); // ['brain-drain']
 */
export class Glossary {
  private readonly phrases: Record<Lang, Map<string, Phrase[]>> = { fr: new Map(), en: new Map() };
  private readonly frenchTerms = new Map<string, string[]>();
  /** Every analysed term of the entries, per language: the field's own words. */
  private readonly fieldTerms: Record<Lang, Set<string>> = { fr: new Set(), en: new Set() };
  /** Folded surface words found in one language's entries only: evidence for language detection. */
  readonly vocabulary: Record<Lang, Set<string>>;

  constructor(concepts: Concept[]) {
    for (const c of concepts) {
      for (const lang of ['fr', 'en'] as const) {
        for (const surface of c[lang]) {
          const terms = analyze(surface, lang);
          if (terms.length === 0) continue;
          const list = this.phrases[lang].get(terms[0]!) ?? [];
          list.push({ terms, concept: c.id });
          this.phrases[lang].set(terms[0]!, list);
          for (const t of terms) this.fieldTerms[lang].add(t);
        }
      }
      this.frenchTerms.set(c.id, [...new Set(c.fr.flatMap((s) => analyze(s, 'fr')))]);
    }
    this.vocabulary = oneLanguageWords(concepts.flatMap((c) => c.fr), concepts.flatMap((c) => c.en));
    for (const list of [...this.phrases.fr.values(), ...this.phrases.en.values()]) {
      list.sort((a, b) => b.terms.length - a.terms.length); // longest phrase first
    }
  }

  static load(file: string | URL = DEFAULT_GLOSSARY_FILE): Glossary {
    return new Glossary(glossarySchema.parse(JSON.parse(readFileSync(file, 'utf8'))).concepts);
  }

  /** Whether an analysed term is a word of some entry in that language ("remit", "migrat", "fond"): a word of the field. */
  hasTerm(term: string, lang: Lang): boolean {
    return this.fieldTerms[lang].has(term);
  }

  /** Concept ids named in a sequence of analysed terms (longest match at each position). */
  concepts(terms: string[], lang: Lang): string[] {
    return this.conceptSpans(terms, lang).map((s) => s.concept);
  }

  /** Concepts named in analysed terms, with the positions of the terms that name each: [start, end). */
  conceptSpans(terms: string[], lang: Lang): { concept: string; start: number; end: number }[] {
    const found: { concept: string; start: number; end: number }[] = [];
    for (let i = 0; i < terms.length; i++) {
      const match = this.phrases[lang].get(terms[i]!)?.find((p) => p.terms.every((t, j) => terms[i + j] === t));
      if (match) found.push({ concept: match.concept, start: i, end: i + match.terms.length });
    }
    return found;
  }

  /** The analysed French terms of a concept, for searching French text. */
  frenchTermsOf(concept: string): string[] {
    return this.frenchTerms.get(concept) ?? [];
  }
}
