import type { Lang } from '../index/analyzer.ts';
import type { Assistant } from '../server/assistant.ts';
import { fuse, FUSION_WEIGHTS, rankingWeight, type FusionWeights, type Ranking } from '../server/fusion.ts';
import { isGold, type EvalQuestion } from './questions.ts';

/** The weights tried: a small grid around equal weights, so a fold cannot pick something extreme by luck. */
const GRID = {
  dense: [0.5, 1],
  lexical: [0.5, 1, 1.5, 2],
  sentence: [0, 0.5, 1, 2],
  coverage: [0, 0.25, 0.5],
  documentBoost: [0.3, 0.6, 1],
};
const FOLDS = 5;
/** MRR counts a gold paragraph down to this rank, as `evaluate` does. */
const DEPTH = 10;

export interface CrossValidation {
  lang: Lang;
  /** MRR of the weights in use, on all the language's questions. */
  current: number;
  /** MRR on each held-out fold of the weights chosen on the other folds: what tuning can expect on new questions. */
  crossValidated: number;
  /** The weights each fold chose. */
  picks: FusionWeights[];
  /** The weights that score best on all the questions. */
  best: FusionWeights;
}

interface Retrieved {
  rankings: { name: string; ids: number[] }[];
  lift: (id: number) => number;
  gold: (id: number) => boolean;
}

/**
 * Chooses fusion weights for one language by k-fold cross-validation of MRR:
 * each question is retrieved once with every ranking, then fused again under
 * each weighting of the grid, exactly as the retriever fuses.
 */
export async function crossValidate(assistant: Assistant, questions: EvalQuestion[], lang: Lang): Promise<CrossValidation> {
  const retrieved: Retrieved[] = [];
  for (const q of questions.filter((x) => x.lang === lang)) {
    const result = await assistant.retriever.search(q.question, { k: assistant.index.size, fusion: { dense: 1, lexical: 1, sentence: 1, coverage: 1, documentBoost: 0 } });
    const lists = new Map<string, number[]>();
    for (const p of result.passages) for (const [name, rank] of Object.entries(p.ranks)) (lists.get(name) ?? lists.set(name, []).get(name)!)[rank - 1] = p.id;
    retrieved.push({
      rankings: [...lists].map(([name, ids]) => ({ name, ids: ids.filter((id) => id !== undefined) })),
      lift: (id) => result.documents.get(assistant.index.docIdOf(id)) ?? 0,
      gold: (id) => isGold(assistant.index.paragraph(id), q.gold),
    });
  }
  const reciprocalRank = (r: Retrieved, w: FusionWeights) => {
    const rankings: Ranking[] = r.rankings.map(({ name, ids }) => ({ name, ids, weight: rankingWeight(name, w) })).filter((x) => x.weight > 0);
    const rank = fuse(rankings, r.lift, w.documentBoost).slice(0, DEPTH).findIndex((hit) => r.gold(hit.id));
    return rank >= 0 ? 1 / (rank + 1) : 0;
  };
  const mrr = (rs: Retrieved[], w: FusionWeights) => rs.reduce((s, r) => s + reciprocalRank(r, w), 0) / (rs.length || 1);
  const grid = GRID.dense.flatMap((dense) =>
    GRID.lexical.flatMap((lexical) =>
      GRID.sentence.flatMap((sentence) =>
        GRID.coverage.flatMap((coverage) => GRID.documentBoost.map((documentBoost) => ({ dense, lexical, sentence, coverage, documentBoost }))),
      ),
    ),
  );
  // The first of the best, each weighting scored once.
  const choose = (rs: Retrieved[]) => {
    const scores = grid.map((w) => mrr(rs, w));
    return grid[scores.indexOf(Math.max(...scores))]!;
  };

  const picks: FusionWeights[] = [];
  let total = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const pick = choose(retrieved.filter((_, i) => i % FOLDS !== fold));
    picks.push(pick);
    total += retrieved.filter((_, i) => i % FOLDS === fold).reduce((s, r) => s + reciprocalRank(r, pick), 0);
  }
  return { lang, current: mrr(retrieved, FUSION_WEIGHTS[lang]), crossValidated: total / (retrieved.length || 1), picks, best: choose(retrieved) };
}
