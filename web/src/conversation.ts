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
