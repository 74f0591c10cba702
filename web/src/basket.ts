import { normalizeQuoteText, type Quotation } from './quotation.ts';

/** A quote a drafter kept: a whole passage or a sentence selected in it. */
export interface BasketItem extends Quotation {
  id: string;
  docId: string;
  /** Paragraph anchor in its document (`p27`, `preamble`), for the link back. */
  anchor: string;
  /** True when `text` is a selection inside the paragraph rather than the whole of it. */
  excerpt: boolean;
}

export type NewBasketItem = Omit<BasketItem, 'id'>;

/**
 * Adds a quote unless the same text of the same paragraph is already there.
 * @example
 * const { items, added } = addItem(basket, { docId, anchor: 'p27', labels, text, excerpt: false }, crypto.randomUUID());
 */
export function addItem(
  items: readonly BasketItem[],
  item: NewBasketItem,
  id: string,
): { items: BasketItem[]; added: boolean } {
  const text = normalizeQuoteText(item.text);
  const duplicate = items.some((i) => i.docId === item.docId && i.anchor === item.anchor && i.text === text);
  if (duplicate || text === '') return { items: [...items], added: false };
  return { items: [...items, { ...item, text, id }], added: true };
}

export function removeItem(items: readonly BasketItem[], id: string): BasketItem[] {
  return items.filter((i) => i.id !== id);
}

/** Moves an item by `offset` places (−1 up, +1 down); out-of-range moves leave the order unchanged. */
export function moveItem(items: readonly BasketItem[], id: string, offset: number): BasketItem[] {
  const from = items.findIndex((i) => i.id === id);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}
