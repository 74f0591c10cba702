import { describe, expect, it } from 'vitest';
import { analyze, detectLanguage } from './analyzer.ts';
import { Glossary } from './glossary.ts';
import { Lexicon } from './lexicon.ts';
import { analyzeQuestion } from './terms.ts';

const glossary = Glossary.load();

describe('the French analyzer', () => {
  it('removes elision, stop words and accents, and stems', () => {
    expect(analyze("l'intégration des migrants dans les pays d’accueil", 'fr')).toEqual(analyze('integration migrant pays accueil', 'fr'));
    expect(analyze('Développement', 'fr')).toEqual(analyze('développements', 'fr'));
    expect(analyze('le la les des du de', 'fr')).toEqual([]);
  });

  it('lets English cognates meet the French stems', () => {
    for (const [en, fr] of [
      ['development', 'développement'],
      ['integration', 'intégration'],
      ['discrimination', 'discrimination'],
      ['statistics', 'statistiques'],
    ]) {
      expect(analyze(en!, 'en')).toEqual(analyze(fr!, 'fr'));
    }
  });

  it('keeps years and document numbers as terms', () => {
    expect(analyze('résolution 56/203 de 2002', 'fr')).toEqual(expect.arrayContaining(['56', '203', '2002']));
  });
});

describe('detectLanguage', () => {
  it.each([
    ['What did the OSCE ministers say about integration?', 'en'],
    ['How many States answered the survey?', 'en'],
    ['brain drain', 'en'],
    ['remittances', 'en'],
    ['Que dit le rapport sur les envois de fonds ?', 'fr'],
    ['fuite des cerveaux', 'fr'],
    ['Quels pays ont répondu ?', 'fr'],
  ])('%s → %s', (q, lang) => {
    expect(detectLanguage(q, glossary.vocabulary)).toBe(lang);
  });

  it.each([
    ['Cancún summit statement on kids', 'en'],
    ['OSCE statement on housemaids', 'en'],
    ['Texte OSCE sur les enfants', 'fr'],
  ])('with the lexicon’s words too, a short question of everyday words and names: %s → %s', (q, lang) => {
    expect(detectLanguage(q, glossary.vocabulary, Lexicon.load().vocabulary)).toBe(lang);
  });
});

describe('the glossary', () => {
  it('does not read the word "aid" as the acronym AIDS', () => {
    const lexicon = Lexicon.load();
    expect(analyzeQuestion('Should migration come up in aid deals?', { glossary, lexicon }).concepts).not.toContain('hiv-aids');
    expect(analyzeQuestion('Should migration come up in aid deals?', { glossary, lexicon }).translated.flat()).not.toContain('sid');
    expect(analyzeQuestion('migrants living with HIV/AIDS', { glossary, lexicon }).concepts).toContain('hiv-aids');
  });

  it('maps English terms of art to the same concept as their French equivalents', () => {
    const pairs = [
      ['remittances', 'envois de fonds'],
      ['trafficking in persons', 'traite des personnes'],
      ['brain drain', 'fuite des cerveaux'],
      ['host country', "pays d'accueil"],
      ['UNFPA', 'FNUAP'],
      ['ILO', 'OIT'],
      ['IOM', 'OIM'],
    ];
    for (const [en, fr] of pairs) {
      const enConcepts = analyzeQuestion(en!, { glossary }).concepts;
      const frConcepts = glossary.concepts(analyze(fr!, 'fr'), 'fr');
      expect(enConcepts.filter((c) => frConcepts.includes(c)), `${en} / ${fr}`).not.toEqual([]);
    }
  });

  it('expands an English question into the French terms it needs', () => {
    const q = analyzeQuestion('How can the cost of remittances be cut?', { glossary });
    expect(q.lang).toBe('en');
    expect(q.expansion).toEqual(expect.arrayContaining(analyze('envois fonds', 'fr')));
  });
});
