import { addItem, moveItem, parseBasket, removeItem, type BasketItem, type NewBasketItem } from './basket.ts';
import { loadJson, saveJson, STORAGE_KEYS } from './storage.ts';

/**
 * The quote basket of this browser: kept in localStorage, shared by every open tab
 * (a drafter often reads a document in a second tab), observed by the views.
 */
export class BasketStore {
  #items: BasketItem[];
  readonly #listeners = new Set<() => void>();

  constructor(private readonly key: string = STORAGE_KEYS.basket) {
    this.#items = parseBasket(loadJson(key));
    window.addEventListener('storage', (event) => {
      if (event.key !== key) return;
      this.#items = parseBasket(loadJson(key));
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
