import { describe, expect, it } from 'vitest';
import { splitByNeedles } from './segments.ts';

describe('splitByNeedles', () => {
  it('marks each quoted sentence with its own value and keeps every character', () => {
    const text = 'Première phrase. Deuxième phrase. Troisième phrase.';
    const segments = splitByNeedles(text, [
      { text: 'Première phrase.', value: 0 },
      { text: 'Troisième phrase.', value: 1 },
    ]);
    expect(segments.filter((s) => s.match !== null).map((s) => [s.text, s.match])).toEqual([
      ['Première phrase.', 0],
      ['Troisième phrase.', 1],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
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
