import { describe, expect, it } from 'vitest';
import { splitByNeedles } from './segments.ts';

describe('splitByNeedles', () => {
  it('links each label in an answer to its own passage', () => {
    const answer = '« A » (A/RES/68/4, para. 27) « B » (A/58/98, para. 3)';
    const segments = splitByNeedles(answer, [
      { text: 'A/RES/68/4, para. 27', value: 0 },
      { text: 'A/58/98, para. 3', value: 1 },
    ], { wholeLabel: true });
    expect(segments.filter((s) => s.match !== null).map((s) => [s.text, s.match])).toEqual([
      ['A/RES/68/4, para. 27', 0],
      ['A/58/98, para. 3', 1],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(answer);
  });

  it('never links paragraph 2 inside a mention of paragraph 27', () => {
    const segments = splitByNeedles('(A/RES/68/4, para. 27)', [{ text: 'A/RES/68/4, para. 2', value: 'p2' }], { wholeLabel: true });
    expect(segments).toEqual([{ text: '(A/RES/68/4, para. 27)', match: null }]);
  });

  it('prefers the longest label where two start at the same place', () => {
    const segments = splitByNeedles('(A/RES/68/4, para. 27)', [
      { text: 'A/RES/68/4, para. 2', value: 'p2' },
      { text: 'A/RES/68/4, para. 27', value: 'p27' },
    ]);
    expect(segments.find((s) => s.match)?.match).toBe('p27');
  });

  it('marks a quoted sentence even where the passage breaks its line', () => {
    const segments = splitByNeedles('Nous constatons que la pauvreté\nconstitue une cause. Autre phrase.', [
      { text: 'la pauvreté constitue une cause.', value: true },
    ]);
    expect(segments.map((s) => [s.text, s.match])).toEqual([
      ['Nous constatons que ', null],
      ['la pauvreté\nconstitue une cause.', true],
      [' Autre phrase.', null],
    ]);
  });

  it('treats regular-expression characters in a needle as text', () => {
    expect(splitByNeedles('MC(14) Journal No 2', [{ text: 'MC(14)', value: 1 }])[0]).toEqual({ text: 'MC(14)', match: 1 });
  });
});
