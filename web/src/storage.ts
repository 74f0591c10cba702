import type { ZodMiniType } from 'zod/mini';

/**
 * localStorage, tolerant of private browsing, full quotas and old, foreign or damaged data:
 * every value is checked against a schema when read, and what fails is dropped — never a crash.
 */

export const STORAGE_KEYS = {
  conversation: 'migration-assistant.conversation.v1',
  basket: 'migration-assistant.basket.v1',
  lang: 'migration-assistant.lang',
} as const;

/** What a read kept, and how many stored entries it had to drop (0 when all was well). */
export interface StoredRead<T> {
  value: T;
  dropped: number;
}

/**
 * Reads a list kept under `key`, keeping each entry `entry` accepts. A value that is not
 * a JSON list counts as one dropped entry. What was dropped is removed from storage, so
 * the page reports it once.
 * @example
 * const { value: items, dropped } = loadList(STORAGE_KEYS.basket, basketItemSchema);
 */
export function loadList<T>(key: string, entry: ZodMiniType<T>): StoredRead<T[]> {
  const stored = readRaw(key);
  if (stored === null) return { value: [], dropped: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) {
    removeStored(key);
    return { value: [], dropped: 1 };
  }
  const value: T[] = [];
  for (const item of parsed) {
    const result = entry.safeParse(item);
    if (result.success) value.push(result.data);
  }
  const dropped = parsed.length - value.length;
  if (dropped > 0) saveJson(key, value);
  return { value, dropped };
}

/** Reads a string kept under `key` that `schema` accepts; anything else is removed and reported. */
export function loadChoice<T extends string>(key: string, schema: ZodMiniType<T>): StoredRead<T | null> {
  const stored = readRaw(key);
  if (stored === null) return { value: null, dropped: 0 };
  const result = schema.safeParse(stored);
  if (result.success) return { value: result.data, dropped: 0 };
  removeStored(key);
  return { value: null, dropped: 1 };
}

/** Returns false when the browser refused to store (quota, privacy settings). */
export function saveJson(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function saveString(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // The choice then lasts for this page only.
  }
}

function readRaw(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function removeStored(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Storage is unavailable: there is nothing to remove either.
  }
}
