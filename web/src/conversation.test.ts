import { describe, expect, it } from 'vitest';
import type { AskResponse } from './api.ts';
import { turnsToStore, type Turn } from './conversation.ts';

const response: AskResponse = {
  question: 'Que dit-on des envois de fonds ?',
  lang: 'fr',
  answer: '« Sommes conscients que les envois de fonds… » (A/RES/68/4, par. 27)',
  found: true,
  quotes: [{ text: 'Sommes conscients que les envois de fonds…', passage: 0 }],
  passages: [],
};

function turn(id: string, state: Turn['state']): Turn {
  return { id, question: `question ${id}`, docs: null, askedAt: '2025-01-01T10:00:00.000Z', state };
}

describe('the stored conversation', () => {
  it('keeps answered questions in order and leaves out failures and pending ones', () => {
    const turns = [
      turn('a', { status: 'answered', response }),
      turn('b', { status: 'failed', failure: { kind: 'unreachable' } }),
      turn('c', { status: 'answered', response }),
      turn('d', { status: 'pending' }),
    ];
    expect(turnsToStore(turns).map((t) => t.id)).toEqual(['a', 'c']);
  });

  it('keeps the newest turns when there are too many', () => {
    const turns = ['a', 'b', 'c'].map((id) => turn(id, { status: 'answered', response }));
    expect(turnsToStore(turns, 2).map((t) => t.id)).toEqual(['b', 'c']);
  });
});
