import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../index/corpus.ts';
import { Glossary } from '../index/glossary.ts';
import { analyzeQuestion } from '../index/terms.ts';
import { DocumentMatcher } from './document-match.ts';

let matcher: DocumentMatcher;
const glossary = Glossary.load();

beforeAll(async () => {
  matcher = new DocumentMatcher((await loadCorpus()).map((d) => d.meta));
});

const match = (question: string) => matcher.match(analyzeQuestion(question, { glossary }));
const best = (question: string) => [...match(question).scores].find(([, s]) => s === 1)?.[0];

describe('DocumentMatcher', () => {
  it.each([
    ['What does the 2013 declaration say about migrant children?', 'a-res-68-4'],
    ['Que dit le rapport du Secrétaire général de 2003 sur le HCR ?', 'a-58-98'],
    ['What did the OSCE ministers agree on integration?', 'osce-mc-2006'],
    ['Dans le communiqué de Riviera Maya, que disent les chefs d’État ?', 'riviera-maya-2010'],
    ['At the hearings with civil society and the private sector, what was said on data?', 'a-61-187'],
    ['What does A/58/98 say about UNITAR?', 'a-58-98'],
    ['What did the 2010 communiqué say about Mexico?', 'riviera-maya-2010'],
    ['Que dit la résolution de l’Assemblée générale sur les envois de fonds ?', 'a-res-68-4'],
  ])('%s → %s', (question, id) => {
    expect(best(question)).toBe(id);
  });

  it('names no document when the question only names the topic', () => {
    expect(match('How can remittance costs be reduced?').scores.size).toBe(0);
    expect(match('Quels risques courent les enfants non accompagnés ?').scores.size).toBe(0);
  });

  it('marks the naming words, not the question’s subject', () => {
    const m = match('What did the OSCE ministers say about trafficking?');
    expect(m.isNaming('osc')).toBe(true);
    expect(m.isNaming('traffick')).toBe(false);
  });
});

describe('DocumentMatcher, on specific evidence only', () => {
  it.each([
    'What are the barriers to migration between African countries compared with migration from Africa to Europe?',
    'What is said about migration to Europe?',
    'Que dit-on des migrations vers le Mexique ?',
    'What happened at the General Assembly?',
    'Migration in the Americas and the Caribbean',
    'What was discussed in New York?',
    'migration',
    'What does the declaration say about migration to Europe?',
    'Which OSCE mission monitors elections?',
  ])('names no document: %s', (question) => {
    expect(match(question).scores.size).toBe(0);
  });
});
