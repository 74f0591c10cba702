import { addItem, moveItem, removeItem, type BasketItem, type NewBasketItem } from './basket.ts';
import { saveJson, STORAGE_KEYS } from './storage.ts';
import { loadBasket } from './stored.ts';

/**
 * The quote basket of this browser: kept in localStorage, shared by every open tab
 * (a drafter often reads a document in a second tab), observed by the views.
 */
export class BasketStore {
  #items: BasketItem[];
  readonly #listeners = new Set<() => void>();
  /** How many stored quotes were unreadable when the page opened (they are gone from storage). */
  readonly dropped: number;

  constructor(private readonly key: string = STORAGE_KEYS.basket) {
    const stored = loadBasket(key);
    this.#items = stored.value;
    this.dropped = stored.dropped;
    window.addEventListener('storage', (event) => {
      if (event.key !== key) return;
      // Another tab wrote it with the same code; anything unreadable is simply left out.
      this.#items = loadBasket(key).value;
      this.#emit();
    });
  }

  get items(): readonly BasketItem[] {
    return this.#items;
  }

  /** Returns false when that quote was already in the basket. */
  add(item: NewBasketItem): boolean {
    const { items, added } = addItem(this.#items, item, newId());
    if (added) this.#set(items);
    return added;
  }

  remove(id: string): void {
    this.#set(removeItem(this.#items, id));
  }

  move(id: string, offset: number): void {
    this.#set(moveItem(this.#items, id, offset));
  }

  clear(): void {
    this.#set([]);
  }

  subscribe(listener: () => void): void {
    this.#listeners.add(listener);
  }

  #set(items: BasketItem[]): void {
    this.#items = items;
    saveJson(this.key, items);
    this.#emit();
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** Unique enough for one browser's basket; crypto.randomUUID needs HTTPS, which an intranet may not have. */
function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
