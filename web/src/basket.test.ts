import { describe, expect, it } from 'vitest';
import { addItem, moveItem, removeItem, type BasketItem, type NewBasketItem } from './basket.ts';

const par27: NewBasketItem = {
  docId: 'a-res-68-4',
  anchor: 'p27',
  labels: { en: 'A/RES/68/4, para. 27', fr: 'A/RES/68/4, par. 27' },
  text: 'Nous  reconnaissons\nla contribution des migrants.',
  excerpt: true,
};
const third: NewBasketItem = {
  docId: 'riviera-maya-2010',
  anchor: 'p3',
  labels: {
    en: 'Communiqué spécial de Riviera Maya (2010), 3rd paragraph (unnumbered)',
    fr: 'Communiqué spécial de Riviera Maya (2010), 3e paragraphe (non numéroté)',
  },
  text: 'Par ailleurs, nous constatons que la pauvreté…',
  excerpt: false,
};

function basketOf(...items: NewBasketItem[]): BasketItem[] {
  return items.reduce<BasketItem[]>((acc, item, i) => addItem(acc, item, `id${i}`).items, []);
}

describe('addItem', () => {
  it('keeps the quote with its whitespace collapsed, as it will be exported', () => {
    const { items, added } = addItem([], par27, 'a');
    expect(added).toBe(true);
    expect(items[0]!.text).toBe('Nous reconnaissons la contribution des migrants.');
  });

  it('does not add the same text of the same paragraph twice', () => {
    const once = addItem([], par27, 'a').items;
    const twice = addItem(once, { ...par27, text: 'Nous reconnaissons la contribution des migrants.' }, 'b');
    expect(twice.added).toBe(false);
    expect(twice.items).toHaveLength(1);
  });

  it('adds another sentence of the same paragraph', () => {
    const once = addItem([], par27, 'a').items;
    expect(addItem(once, { ...par27, text: 'Une autre phrase.' }, 'b').items).toHaveLength(2);
  });

  it('refuses an empty selection', () => {
    expect(addItem([], { ...par27, text: '  \n ' }, 'a').added).toBe(false);
  });
});

describe('moveItem and removeItem', () => {
  const items = basketOf(par27, third, { ...par27, anchor: 'p28', text: 'Troisième.' });

  it('moves a quote up and down', () => {
    expect(moveItem(items, 'id1', -1).map((i) => i.id)).toEqual(['id1', 'id0', 'id2']);
    expect(moveItem(items, 'id0', 1).map((i) => i.id)).toEqual(['id1', 'id0', 'id2']);
  });

  it('leaves the order unchanged past either end or for an unknown id', () => {
    expect(moveItem(items, 'id0', -1).map((i) => i.id)).toEqual(['id0', 'id1', 'id2']);
    expect(moveItem(items, 'id2', 1).map((i) => i.id)).toEqual(['id0', 'id1', 'id2']);
    expect(moveItem(items, 'nope', 1).map((i) => i.id)).toEqual(['id0', 'id1', 'id2']);
  });

  it('removes one quote and keeps the others in order', () => {
    expect(removeItem(items, 'id1').map((i) => i.id)).toEqual(['id0', 'id2']);
  });
});
