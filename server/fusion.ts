/** One ranked list of paragraph positions, best first, and how much it counts in the fusion. */
export interface Ranking {
  name: string;
  ids: number[];
  weight: number;
}

export interface FusedHit {
  id: number;
  /** Reciprocal-rank-fusion score. */
  score: number;
  /** 1-based rank of the paragraph in each list that has it. */
  ranks: Record<string, number>;
}

/** The usual RRF constant: damps the head of each list so no single list dominates. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list adds weight / (RRF_K + rank). Robust to
 * lists whose scores are not comparable (BM25, cosine distances).
 * @example fuseRankings([{ name: 'lexical', ids: [3, 1], weight: 1 }, { name: 'dense', ids: [1], weight: 1 }])[0].id // 1
 */
export function fuseRankings(rankings: Ranking[]): FusedHit[] {
  const hits = new Map<number, FusedHit>();
  for (const r of rankings) {
    r.ids.forEach((id, i) => {
      const hit = hits.get(id) ?? { id, score: 0, ranks: {} };
      hit.score += r.weight / (RRF_K + i + 1);
      hit.ranks[r.name] = i + 1;
      hits.set(id, hit);
    });
  }
  return [...hits.values()].sort((a, b) => b.score - a.score || a.id - b.id);
}
