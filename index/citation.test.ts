import { describe, expect, it } from 'vitest';
import { formatCitation } from './citation.ts';

const resolution = { citeAs: 'A/RES/68/4' };
const communique = { citeAs: 'Communiqué spécial de Riviera Maya (2010)' };

describe('formatCitation', () => {
  it('cites a numbered paragraph in each language', () => {
    const p = { unit: 'numbered' as const, paragraph: 27, unitLabel: null };
    expect(formatCitation(resolution, p, 'en')).toBe('A/RES/68/4, para. 27');
    expect(formatCitation(resolution, p, 'fr')).toBe('A/RES/68/4, par. 27');
  });

  it('says that the paragraph number of an unnumbered document is an ordinal', () => {
    const cite = (n: number, lang: 'en' | 'fr') => formatCitation(communique, { unit: 'ordinal', paragraph: n, unitLabel: null }, lang);
    expect(cite(3, 'en')).toBe('Communiqué spécial de Riviera Maya (2010), 3rd paragraph (unnumbered)');
    expect(cite(1, 'en')).toMatch(/, 1st paragraph/);
    expect(cite(11, 'en')).toMatch(/, 11th paragraph/);
    expect(cite(12, 'en')).toMatch(/, 12th paragraph/);
    expect(cite(22, 'en')).toMatch(/, 22nd paragraph/);
    expect(cite(1, 'fr')).toBe('Communiqué spécial de Riviera Maya (2010), 1er paragraphe (non numéroté)');
    expect(cite(3, 'fr')).toBe('Communiqué spécial de Riviera Maya (2010), 3e paragraphe (non numéroté)');
  });

  it('names labelled units', () => {
    expect(formatCitation(resolution, { unit: 'labelled', paragraph: null, unitLabel: 'preamble' }, 'fr')).toBe('A/RES/68/4, préambule');
    expect(formatCitation({ citeAs: 'A/61/187' }, { unit: 'labelled', paragraph: null, unitLabel: 'annex' }, 'en')).toBe('A/61/187, annex');
  });
});
