import * as z from 'zod/mini';
import type { AskResponse, CitationLabels, Lang, Passage, Quote } from './api.ts';
import type { BasketItem } from './basket.ts';
import type { Turn } from './conversation.ts';
import { loadChoice, loadList, STORAGE_KEYS, type StoredRead } from './storage.ts';

/**
 * What the page keeps in localStorage, as schemas: a saved answer is drawn again on every
 * reload, so anything it draws is checked here first. Each schema is typed by the value it
 * yields, so a change to the API's types that the schema does not follow fails to compile.
 */

const langSchema: z.ZodMiniType<Lang> = z.enum(['fr', 'en']);

const labelsSchema: z.ZodMiniType<CitationLabels> = z.object({ en: z.string(), fr: z.string() });

const passageSchema: z.ZodMiniType<Passage> = z.object({
  anchor: z.string(),
  paragraph: z.nullable(z.number()),
  unit: z.enum(['numbered', 'ordinal', 'labelled']),
  unitLabel: z.nullable(z.string()),
  label: z.string(),
  labels: labelsSchema,
  section: z.nullable(z.string()),
  text: z.string(),
  raw: z.string(),
  source: z.string(),
  docId: z.string(),
  symbol: z.nullable(z.string()),
  title: z.string(),
  score: z.number(),
});

const quoteSchema: z.ZodMiniType<Quote> = z.object({ text: z.string(), passage: z.int().check(z.nonnegative()) });

const askResponseSchema: z.ZodMiniType<AskResponse> = z.object({
  question: z.string(),
  lang: langSchema,
  answer: z.string(),
  found: z.boolean(),
  quotes: z.array(quoteSchema),
  passages: z.array(passageSchema),
});

/** Only answered turns are stored (see `turnsToStore`). */
const turnSchema: z.ZodMiniType<Turn> = z.object({
  id: z.string(),
  question: z.string(),
  docs: z.nullable(z.array(z.string())),
  askedAt: z.string(),
  state: z.object({ status: z.literal('answered'), response: askResponseSchema }),
});

const basketItemSchema: z.ZodMiniType<BasketItem> = z.object({
  id: z.string(),
  docId: z.string(),
  anchor: z.string(),
  labels: labelsSchema,
  text: z.string(),
  excerpt: z.boolean(),
});

export function loadConversation(key: string = STORAGE_KEYS.conversation): StoredRead<Turn[]> {
  return loadList(key, turnSchema);
}

export function loadBasket(key: string = STORAGE_KEYS.basket): StoredRead<BasketItem[]> {
  return loadList(key, basketItemSchema);
}

/** The language the user chose, null when they never chose. */
export function loadLang(key: string = STORAGE_KEYS.lang): StoredRead<Lang | null> {
  return loadChoice(key, langSchema);
}

/** How many stored entries of each kind were unreadable and dropped at start-up. */
export interface DroppedEntries {
  conversation: number;
  basket: number;
  lang: number;
}
