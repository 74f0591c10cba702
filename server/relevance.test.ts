import { beforeAll, describe, expect, inject, it } from 'vitest';
import { analyze } from '../index/analyzer.ts';
import { Glossary } from '../index/glossary.ts';
import { analyzeQuestion, type ParagraphAnalysis } from '../index/terms.ts';
import { Assistant } from './assistant.ts';
import { Places } from './places.ts';
import { answers, questionWords, relevanceOf } from './relevance.ts';

let assistant: Assistant;

beforeAll(async () => {
  assistant = await Assistant.open(inject('indexDir'));
});

const found = async (question: string) => (await assistant.retriever.search(question, { k: 5 })).found;

describe('relevance check', () => {
  it.each([
    'Migration and development',
    'Migrations et développement',
    'Is migration good for development?',
    'What about kids who stay behind when their parents go abroad?',
    'remittances',
    'Quels droits pour les migrants ?',
  ])('answers a broad, everyday or short question on the corpus’s subject: %s', async (question) => {
    expect(await found(question)).toBe(true);
  });

  it.each([
    'What did the ministers say about football?',
    'Les ministres ont-ils parlé du football ?',
    'Which declaration banned plastic bags?',
    'Quelle est la recette du gâteau au chocolat ?',
    'How do I reset my password?',
  ])('refuses a question the corpus does not address, even in corpus words: %s', async (question) => {
    expect(await found(question)).toBe(false);
  });

  it.each([
    ['a passage that covers only its place', 'Quelle est la capitale de l’Afrique du Sud ?'],
    ['a place the corpus never names', 'Did the ministers discuss the election in Kazakhstan?'],
    ['a place the corpus never names', 'Le gouvernement de la Mongolie a-t-il changé ?'],
  ])('refuses a question whose corpus words are only %s: %s', async (_, question) => {
    expect(await found(question)).toBe(false);
  });

  it.each(['Migration from Africa to Europe', 'Les migrants africains en Europe', 'Remittances to Latin America'])(
    'answers a question on the subject in places the corpus covers: %s',
    async (question) => {
      expect(await found(question)).toBe(true);
    },
  );

  it('says plainly that nothing answers, and still lists the closest passages apart from an answer', async () => {
    const result = await assistant.ask('What did the ministers say about football?');
    expect(result.found).toBe(false);
    expect(result.quotes).toEqual([]);
    expect(result.answer).toMatch(/^No passage in these documents answers this question\. .*possibly related, not an answer/);
    expect(result.passages.length).toBeGreaterThan(0);
  });
});

describe('relevance evidence', () => {
  // A corpus of 100 paragraphs where "résultat" is common and "scrutin" rare.
  const df = new Map([['resultat', 40], ['scrutin', 2]]);
  const question = analyzeQuestion('Résultats du scrutin', { glossary: Glossary.load() });
  const input = (passageText: string) => ({
    question,
    words: questionWords(question, { df: (t: string) => df.get(t) ?? 0, size: 100 }, () => false),
    passages: [{ analysis: { terms: analyze(passageText, 'fr'), sectionTerms: [] } as unknown as ParagraphAnalysis, documentTerms: new Set<string>() }],
    places: new Places(),
    glossary: Glossary.load(),
  });

  it('takes a passage with the question’s telling word as evidence', () => {
    expect(relevanceOf(input('Le scrutin et ses résultats')).coverage).toBeGreaterThan(0.5);
  });

  it('takes no evidence from a passage with only the question’s commonest words', () => {
    expect(relevanceOf(input('Les résultats')).evidence).toBe(0);
  });

  it('takes no evidence for a question that uses none of the field’s words, however well a passage covers it', () => {
    const lexical = { df: () => 3, size: 100 };
    const passage = (text: string) => ({ analysis: { terms: analyze(text, 'fr'), sectionTerms: [] } as unknown as ParagraphAnalysis, documentTerms: new Set<string>() });
    const ask = (text: string) => {
      const question = analyzeQuestion(text, { glossary: Glossary.load() });
      return relevanceOf({ question, words: questionWords(question, lexical, () => false), passages: [passage(text)], places: new Places(), glossary: Glossary.load() });
    };
    expect(ask('Les pattes de l’araignée').evidence).toBe(0);
    expect(ask('Les droits des travailleurs').coverage).toBe(1);
  });

  it('counts the words that name one concept once, so a passage on foreigners does not cover foreign ministers and football', () => {
    // "étranger" is common; "football" is in no paragraph.
    const common = new Map([['ministr', 10], ['afair', 10], ['etranger', 30]]);
    const question = analyzeQuestion('Les ministres des affaires étrangères et le football', { glossary: Glossary.load() });
    const lexical = { df: (t: string) => common.get(t) ?? 0, size: 100 };
    const words = questionWords(question, lexical, () => false);
    expect(words.map((w) => w.term)).toEqual(['ministr', 'footbal']);
    const passage = { analysis: { terms: analyze('Les étrangers et leurs droits', 'fr'), sectionTerms: [] } as unknown as ParagraphAnalysis, documentTerms: new Set<string>() };
    expect(answers({ question, words, passages: [passage], places: new Places(), glossary: Glossary.load() })).toBe(false);
  });
});

describe('document naming in retrieval', () => {
  it('does not let a region name the OSCE declaration', async () => {
    const { passages, documents } = await assistant.retriever.search(
      'What are the barriers to migration between African countries compared with migration from Africa to Europe?',
      { k: 3 },
    );
    expect(documents.size).toBe(0);
    expect(passages.map((p) => p.paragraph.docId)).not.toContain('osce-mc-2006');
  });

  it('reads a named document further than the others: its paragraphs come first though every document speaks of development', async () => {
    const { passages, documents } = await assistant.retriever.search('Riviera Maya statement on development', { k: 3 });
    expect([...documents.keys()]).toEqual(['riviera-maya-2010']);
    expect(passages.map((p) => p.paragraph.docId)).toEqual(['riviera-maya-2010', 'riviera-maya-2010', 'riviera-maya-2010']);
  });

  it('lifts the document a question names by year and kind', async () => {
    const { passages, documents } = await assistant.retriever.search('What does the 2013 declaration say about remittances?', { k: 1 });
    expect([...documents.keys()]).toEqual(['a-res-68-4']);
    expect(passages[0]!.paragraph.docId).toBe('a-res-68-4');
  });
});
