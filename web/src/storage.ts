/**
 * localStorage, tolerant of private browsing, full quotas and old or foreign data:
 * a value that cannot be read is treated as absent, never as a crash.
 */

export const STORAGE_KEYS = {
  conversation: 'migration-assistant.conversation.v1',
  basket: 'migration-assistant.basket.v1',
  lang: 'migration-assistant.lang',
} as const;

export function loadJson(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
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

export function loadString(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveString(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // The choice then lasts for this page only.
  }
}
