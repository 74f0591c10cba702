import { describe, expect, it } from 'vitest';
import { Glossary } from '../index/glossary.ts';
import { analyzeParagraph } from '../index/terms.ts';
import { paragraphTerms, sentenceTerms } from './paragraph-terms.ts';

const glossary = Glossary.load();
const analysis = analyzeParagraph(
  { text: 'Les envois de fonds des migrants et les envois de fonds sociaux. Le développement durable.', sectionPath: ['Coopération internationale'] },
  glossary,
);

describe('paragraph terms', () => {
  it('holds the paragraph’s terms, its headings’ terms and their cognate keys', () => {
    const { terms, keys } = paragraphTerms(analysis);
    expect([...terms]).toEqual(expect.arrayContaining(['envois', 'fond', 'migr', 'develop', 'cooper', 'international']));
    expect([...keys]).toEqual(expect.arrayContaining(['envois', 'develo', 'cooper', 'intern']));
    expect(paragraphTerms(analysis)).toBe(paragraphTerms(analysis));
  });

  it('lists each sentence’s lexical terms once, words before concepts before cognate keys, as the sentence ranking sums them', () => {
    const [first] = sentenceTerms(analysis);
    expect(new Set(first).size).toBe(first!.length);
    const kind = (t: string) => (t.startsWith('c:') ? 1 : t.startsWith('k:') ? 2 : 0);
    expect(first!.map(kind)).toEqual([...first!.map(kind)].sort());
    expect(first).toEqual(expect.arrayContaining(['envois', 'fond', 'c:remittances', 'k:envois']));
  });
});
