import MiniSearch from 'minisearch';
import { cognateKey } from './analyzer.ts';
import type { Glossary } from './glossary.ts';
import type { Paragraph } from './paragraph.ts';
import { passageTerms } from './terms.ts';

/** Fields are stored pre-analysed (space-separated terms), so MiniSearch only splits them. */
interface LexicalDoc {
  id: number;
  text: string;
  section: string;
  concepts: string;
  cognates: string;
}

const OPTIONS = {
  fields: ['text', 'section', 'concepts', 'cognates'],
  tokenize: (s: string) => (s === '' ? [] : s.split(' ')),
  processTerm: (t: string) => t,
  searchOptions: {
    // The heading names the agency or theme a question often names instead of the paragraph's words.
    boost: { text: 1, section: 0.6, concepts: 1.5, cognates: 0.3 },
    tokenize: (s: string) => (s === '' ? [] : s.split(' ')),
    processTerm: (t: string) => t,
  },
};

/**
 * BM25 over paragraphs with the French analyzer (elision, stop words, Snowball
 * stems, folded accents), glossary concepts (`c:<id>`) and cognate keys
 * (`k:<key>`) as extra terms.
 */
export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<LexicalDoc>) {}

  static build(paragraphs: Paragraph[], glossary: Glossary): LexicalIndex {
    const search = new MiniSearch<LexicalDoc>(OPTIONS);
    search.addAll(
      paragraphs.map((p, id) => {
        const { terms, concepts } = passageTerms(p.text, glossary);
        return {
          id,
          text: terms.join(' '),
          section: passageTerms(p.sectionPath.join(' '), glossary).terms.join(' '),
          concepts: concepts.map((c) => `c:${c}`).join(' '),
          cognates: cognateTerms(terms).join(' '),
        };
      }),
    );
    return new LexicalIndex(search);
  }

  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDoc>(json, OPTIONS));
  }

  toJSON(): unknown {
    return this.search.toJSON();
  }

  /**
   * Paragraph positions with BM25 scores, best first, and the query terms each
   * matched. Each term counts its weight (1 = a word of the question).
   */
  query(weights: Map<string, number>, filter?: (id: number) => boolean): { id: number; score: number; terms: string[] }[] {
    if (weights.size === 0) return [];
    return this.search
      .search([...weights.keys()].join(' '), {
        filter: filter ? (r) => filter(r.id as number) : undefined,
        boostTerm: (term) => weights.get(term) ?? 1,
      })
      .map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
  }
}

/** Cognate keys of terms, as lexical terms: `k:princi` for principle and principe. */
export function cognateTerms(terms: string[]): string[] {
  return terms.map(cognateKey).filter((k): k is string => k !== null).map((k) => `k:${k}`);
}
