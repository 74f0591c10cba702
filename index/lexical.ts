import MiniSearch from 'minisearch';
import type { Glossary } from './glossary.ts';
import type { Paragraph } from './paragraph.ts';
import { passageTerms } from './terms.ts';

/** Fields are stored pre-analysed (space-separated terms), so MiniSearch only splits them. */
interface LexicalDoc {
  id: number;
  text: string;
  section: string;
  concepts: string;
}

const OPTIONS = {
  fields: ['text', 'section', 'concepts'],
  tokenize: (s: string) => (s === '' ? [] : s.split(' ')),
  processTerm: (t: string) => t,
  searchOptions: {
    // The heading names the agency or theme a question often names instead of the paragraph's words.
    boost: { text: 1, section: 0.6, concepts: 1.5 },
    tokenize: (s: string) => (s === '' ? [] : s.split(' ')),
    processTerm: (t: string) => t,
  },
};

/**
 * BM25 over paragraphs with the French analyzer (elision, stop words, Snowball
 * stems, folded accents) and glossary concepts as extra terms.
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
   * matched. `concepts` are glossary ids; `expansion` terms count `expansionWeight`.
   */
  query(
    terms: string[],
    concepts: string[],
    filter?: (id: number) => boolean,
    expansion: string[] = [],
    expansionWeight = 1,
  ): { id: number; score: number; terms: string[] }[] {
    const secondary = new Set(expansion);
    const query = [...terms, ...expansion, ...concepts.map((c) => `c:${c}`)].join(' ');
    return this.search
      .search(query, {
        filter: filter ? (r) => filter(r.id as number) : undefined,
        boostTerm: (term) => (secondary.has(term) ? expansionWeight : 1),
      })
      .map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
  }
}
