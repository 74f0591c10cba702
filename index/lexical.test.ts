import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LexicalIndex, vectorFeatures, writeLexical } from './lexical.ts';
import type { ParagraphAnalysis } from './terms.ts';

/** Paragraphs that all say "migrat" (a stop-like stem), a few of them "remittanc", fewer "cout". */
const SIZE = 3_000;
const analysis = (terms: string[], concepts: string[] = []): ParagraphAnalysis => ({ terms, concepts, sectionTerms: ['rapport'], sentences: [] });
const analyses = Array.from({ length: SIZE }, (_, id) => {
  const terms = ['migrat', 'develop'];
  if (id % 300 === 7) terms.push('remittanc');
  if (id === 607) terms.push('cout', 'cout');
  return analysis(terms, id === 1807 ? ['remittances'] : []);
});
let db: Database.Database;
let lexical: LexicalIndex;

beforeAll(async () => {
  db = new Database(':memory:');
  const stats = await writeLexical(db, analyses, async () => {});
  lexical = new LexicalIndex(db, stats);
});
afterAll(() => db.close());

describe('LexicalIndex', () => {
  it('knows in how many paragraphs a term occurs', () => {
    expect(lexical.size).toBe(SIZE);
    expect(lexical.df('migrat')).toBe(SIZE);
    expect(lexical.df('remittanc')).toBe(10);
    expect(lexical.df('c:remittances')).toBe(1);
    expect(lexical.df('absent')).toBe(0);
  });

  it('ranks the paragraphs with the rare terms first, best first, at most `limit`', () => {
    const hits = lexical.query(new Map([['migrat', 1], ['remittanc', 1], ['cout', 1]]), { limit: 5 });
    expect(hits).toHaveLength(5);
    expect(hits[0]).toMatchObject({ id: 607, terms: ['migrat', 'remittanc', 'cout'] });
    for (const hit of hits.slice(1)) expect(hit.terms).toEqual(['migrat', 'remittanc']);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('still answers a question made only of words found everywhere', () => {
    const hits = lexical.query(new Map([['migrat', 1], ['develop', 1]]), { limit: 50 });
    expect(hits).toHaveLength(50);
    expect(hits.every((h) => h.terms.length === 2)).toBe(true);
  });

  it('weights each term: a concept weighted up beats the bare word', () => {
    const hits = lexical.query(new Map([['remittanc', 0.1], ['c:remittances', 2]]), { limit: 3 });
    expect(hits[0]).toMatchObject({ id: 1807, terms: ['remittanc', 'c:remittances'] });
  });

  it('keeps only paragraphs the filter lets through, even when it refuses the best ones', () => {
    const allowed = (id: number) => id >= 2000;
    const hits = lexical.query(new Map([['migrat', 1], ['remittanc', 1]]), { limit: 10, filter: allowed });
    expect(hits.length).toBe(10);
    expect(hits.every((h) => allowed(h.id))).toBe(true);
    expect(hits.slice(0, 3).map((h) => h.id)).toEqual([2107, 2407, 2707]);
  });

  it('returns nothing for terms the corpus lacks', () => {
    expect(lexical.query(new Map([['football', 1]]), { limit: 5 })).toEqual([]);
    expect(lexical.query(new Map(), { limit: 5 })).toEqual([]);
  });

  it('scores sparse vectors by cosine: a concept and a rare word said twice lift a paragraph above the rare word alone', () => {
    // Every 300th paragraph from 7 says "remittanc"; 1807 has the concept too, 607 "cout" twice.
    const ranked = lexical.similar(vectorFeatures({ terms: ['remittanc', 'cout'], concepts: ['remittances'] }));
    expect(ranked.slice(0, 2)).toEqual([1807, 607]);
    expect(ranked.slice(2)).toEqual(Array.from({ length: 10 }, (_, i) => 300 * i + 7).filter((id) => id !== 607 && id !== 1807));
    expect(lexical.similar(vectorFeatures({ terms: ['football'], concepts: [] }))).toEqual([]);
  });

  it('scores only the candidates it is given, in the same order as the exhaustive ranking', () => {
    const features = vectorFeatures({ terms: ['remittanc', 'migrat'], concepts: [] });
    const exhaustive = lexical.similar(features);
    const pool = [2707, 7, 1807, 5];
    expect(lexical.similar(features, pool)).toEqual(exhaustive.filter((id) => pool.includes(id)));
  });
});
