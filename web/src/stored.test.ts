import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AskResponse, Passage } from './api.ts';
import type { BasketItem } from './basket.ts';
import { turnsToStore, type Turn } from './conversation.ts';
import { STORAGE_KEYS } from './storage.ts';
import { loadBasket, loadConversation, loadLang } from './stored.ts';

const passage: Passage = {
  anchor: 'p27',
  paragraph: 27,
  unit: 'numbered',
  unitLabel: null,
  label: 'A/RES/68/4, par. 27',
  labels: { en: 'A/RES/68/4, para. 27', fr: 'A/RES/68/4, par. 27' },
  section: 'Déclaration',
  text: 'Sommes conscients que les envois de fonds constituent une source importante de capitaux privés.',
  raw: 'Sommes conscients que les envois de fonds constituent une source importante de capitaux privés.',
  source: 'A_RES_68_4-FR.pdf',
  docId: 'a-res-68-4',
  symbol: 'A/RES/68/4',
  title: 'Déclaration du Dialogue de haut niveau',
  score: 0.8,
};
const response: AskResponse = {
  question: 'Que dit-on des envois de fonds ?',
  lang: 'fr',
  answer: '« Sommes conscients que les envois de fonds… » (A/RES/68/4, par. 27)',
  found: true,
  quotes: [{ text: 'Sommes conscients que les envois de fonds constituent une source importante de capitaux privés.', passage: 0 }],
  passages: [passage],
};
const good: Turn = {
  id: 'a',
  question: 'Que dit-on des envois de fonds ?',
  docs: ['a-res-68-4'],
  askedAt: '2025-01-01T10:00:00.000Z',
  state: { status: 'answered', response },
};
const item: BasketItem = { id: 'q1', docId: 'a-res-68-4', anchor: 'p27', labels: passage.labels, text: passage.text, excerpt: false };

/** The browser's localStorage, in memory. */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    clear: () => data.clear(),
  };
}

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function store(key: string, value: unknown): void {
  localStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
}

function withResponse(patch: Record<string, unknown>): unknown {
  return { ...good, id: 'bad', state: { status: 'answered', response: { ...response, ...patch } } };
}

describe('the stored conversation, read back', () => {
  it('is what was stored, with the restriction to documents', () => {
    store(STORAGE_KEYS.conversation, turnsToStore([good]));
    expect(loadConversation()).toEqual({ value: [good], dropped: 0 });
  });

  it('drops the turns that would blank the page, keeps the others, and forgets what it dropped', () => {
    const { labels: _labels, ...withoutLabels } = passage;
    store(STORAGE_KEYS.conversation, [
      withResponse({ passages: [null] }),
      withResponse({ passages: [withoutLabels] }),
      withResponse({ quotes: [null] }),
      withResponse({ quotes: [{ text: 'x', passage: -1 }] }),
      { ...good, id: 'pending', state: { status: 'pending' } },
      good,
    ]);
    expect(loadConversation()).toEqual({ value: [good], dropped: 5 });
    // Cleaned in storage: the next reload reads it without a notice.
    expect(loadConversation()).toEqual({ value: [good], dropped: 0 });
  });

  it('counts a value that is not a list, or not JSON, as one dropped entry', () => {
    store(STORAGE_KEYS.conversation, { turns: [] });
    expect(loadConversation()).toEqual({ value: [], dropped: 1 });
    store(STORAGE_KEYS.conversation, '[{"id": "a"');
    expect(loadConversation()).toEqual({ value: [], dropped: 1 });
    expect(localStorage.getItem(STORAGE_KEYS.conversation)).toBeNull();
  });

  it('reads nothing stored as an empty conversation, with nothing to report', () => {
    expect(loadConversation()).toEqual({ value: [], dropped: 0 });
  });
});

describe('the stored basket and language', () => {
  it('keeps well-formed quotes and drops the others', () => {
    store(STORAGE_KEYS.basket, [{ id: 'x', text: 'no labels' }, item, null, { ...item, labels: { en: 'only English' } }]);
    expect(loadBasket()).toEqual({ value: [item], dropped: 3 });
  });

  it('keeps a language the page offers and drops any other', () => {
    store(STORAGE_KEYS.lang, 'fr');
    expect(loadLang()).toEqual({ value: 'fr', dropped: 0 });
    store(STORAGE_KEYS.lang, 'klingon');
    expect(loadLang()).toEqual({ value: null, dropped: 1 });
    expect(loadLang()).toEqual({ value: null, dropped: 0 });
  });

  it('reads nothing when the browser refuses storage altogether', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    expect(loadBasket()).toEqual({ value: [], dropped: 0 });
  });
});
