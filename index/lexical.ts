import MiniSearch from 'minisearch';
import { cognateKey } from './analyzer.ts';
import type { ParagraphAnalysis } from './terms.ts';

/** Fields are stored pre-analysed (space-separated terms), so MiniSearch only splits them. */
interface LexicalDoc {
  id: number;
  text: string;
  section: string;
  concepts: string;
  cognates: string;
}

const split = (s: string) => (s === '' ? [] : s.split(' '));

const OPTIONS = {
  fields: ['text', 'section', 'concepts', 'cognates'],
  tokenize: split,
  processTerm: (t: string) => t,
  searchOptions: {
    // The heading names the agency or theme a question often names instead of the paragraph's words.
    boost: { text: 1, section: 0.6, concepts: 1.5, cognates: 0.3 },
    tokenize: split,
    processTerm: (t: string) => t,
  },
};

/** The lexical term of a glossary concept and of a cognate key, as the index stores them. */
export const conceptTerm = (concept: string) => `c:${concept}`;
export const cognateTerm = (key: string) => `k:${key}`;

export interface LexicalHit {
  /** Paragraph position in the index. */
  id: number;
  score: number;
  /** The query terms the paragraph matched. */
  terms: string[];
}

export interface LexicalQueryOptions {
  /** Most hits returned, best first. */
  limit: number;
  filter?: (id: number) => boolean;
}

interface LexicalJson {
  search: unknown;
  df: Record<string, number>;
  size: number;
}

/**
 * BM25 over paragraphs with the French analyzer (elision, stop words, Snowball
 * stems, folded accents), glossary concepts (`c:<id>`) and cognate keys
 * (`k:<key>`) as extra terms. Built from the paragraphs' stored analyses.
 */
export class LexicalIndex {
  private constructor(
    private readonly search: MiniSearch<LexicalDoc>,
    private readonly frequencies: Map<string, number>,
    /** Paragraphs indexed. */
    readonly size: number,
  ) {}

  static build(analyses: ParagraphAnalysis[]): LexicalIndex {
    const search = new MiniSearch<LexicalDoc>(OPTIONS);
    const df = new Map<string, number>();
    search.addAll(
      analyses.map((a, id) => {
        const doc = {
          id,
          text: a.terms.join(' '),
          section: a.sectionTerms.join(' '),
          concepts: a.concepts.map(conceptTerm).join(' '),
          cognates: cognateTerms(a.terms).join(' '),
        };
        for (const t of new Set([...a.terms, ...a.sectionTerms, ...split(doc.concepts), ...split(doc.cognates)])) df.set(t, (df.get(t) ?? 0) + 1);
        return doc;
      }),
    );
    return new LexicalIndex(search, df, analyses.length);
  }

  static fromJSON(json: string): LexicalIndex {
    const data = JSON.parse(json) as LexicalJson;
    return new LexicalIndex(MiniSearch.loadJS<LexicalDoc>(data.search as never, OPTIONS), new Map(Object.entries(data.df)), data.size);
  }

  toJSON(): LexicalJson {
    return { search: this.search.toJSON(), df: Object.fromEntries(this.frequencies), size: this.size };
  }

  /** In how many paragraphs a term occurs (text, headings, concepts or cognate keys). */
  df(term: string): number {
    return this.frequencies.get(term) ?? 0;
  }

  /**
   * The best `limit` paragraphs for weighted query terms, with BM25 scores and
   * the query terms each matched. Each term counts its weight (1 = a word of the question).
   */
  query(weights: Map<string, number>, options: LexicalQueryOptions): LexicalHit[] {
    if (weights.size === 0) return [];
    const filter = options.filter;
    return this.search
      .search([...weights.keys()].join(' '), {
        filter: filter ? (r) => filter(r.id as number) : undefined,
        boostTerm: (term) => weights.get(term) ?? 1,
      })
      .slice(0, options.limit)
      .map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
  }
}

/** Cognate keys of terms, as lexical terms: `k:princi` for principle and principe. */
export function cognateTerms(terms: string[]): string[] {
  return terms.map(cognateKey).filter((k): k is string => k !== null).map(cognateTerm);
}
