import type { ApiFailure, AskResponse } from './api.ts';

/** One question and what came back. Kept in localStorage so the history survives a reload. */
export interface Turn {
  id: string;
  question: string;
  /** Document ids the question was restricted to; null for every document. */
  docs: string[] | null;
  askedAt: string;
  state: TurnState;
}

export type TurnState =
  | { status: 'pending' }
  | { status: 'answered'; response: AskResponse }
  | { status: 'failed'; failure: ApiFailure };

/** Enough for a working day; older turns give way so the history fits the browser's quota. */
export const MAX_STORED_TURNS = 40;

/**
 * What to keep: answered turns only (a pending request dies with the page, and a
 * failure is worth retrying, not remembering), newest last.
 */
export function turnsToStore(turns: readonly Turn[], max = MAX_STORED_TURNS): Turn[] {
  return turns.filter((t) => t.state.status === 'answered').slice(-max);
}

/** Reads a stored conversation, dropping anything malformed. */
export function parseConversation(value: unknown): Turn[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isStoredTurn);
}

function isStoredTurn(value: unknown): value is Turn {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const state = v.state as Record<string, unknown> | null | undefined;
  const response = state?.response as Record<string, unknown> | null | undefined;
  return (
    typeof v.id === 'string' &&
    typeof v.question === 'string' &&
    typeof v.askedAt === 'string' &&
    (v.docs === null || (Array.isArray(v.docs) && v.docs.every((d) => typeof d === 'string'))) &&
    state?.status === 'answered' &&
    typeof response === 'object' &&
    response !== null &&
    typeof response.answer === 'string' &&
    Array.isArray(response.passages) &&
    Array.isArray(response.quotes)
  );
}
