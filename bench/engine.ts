import { evaluate, type Scores } from '../eval/evaluate.ts';
import type { EvalQuestion } from '../eval/questions.ts';
import { Assistant } from '../server/assistant.ts';
import { rankingName } from '../server/fusion.ts';
import { readConfig } from '../index/config.ts';
import { benchQuestions } from './questions.ts';

/*
 * The one place the benchmark reaches inside the product (everything else
 * drives it from outside: `npm run index`, the server over HTTP). When the
 * index or the retriever change shape, this is the file to adapt.
 */

/** Nearest neighbours compared: what the retriever asks its HNSW graphs for, at least. */
const RECALL_DEPTH = 10;
/** An exact neighbour tied with the 10th within this cosine is as good as the 10th. */
const TIE_TOLERANCE = 1e-6;

export interface HnswRecall {
  embedder: string;
  /** Share of the exact 10 nearest (brute-force cosine) that the graph returns, mean over the queries. */
  recallAt10: number;
  queries: number;
  vectors: number;
  dim: number;
  /** efSearch the server's retriever set on the graph; 0 for a sparse embedder (no graph). */
  ef: number;
}

export interface QualityReport {
  /** Evaluation scores per question set (file name) and language, with whatever distractors the index holds. */
  evaluation: Record<string, Record<'fr' | 'en' | 'all', Scores>>;
  hnsw: HnswRecall[];
}

/**
 * Opens the index as the server does and measures ranking quality (the
 * evaluation sets) and each HNSW graph's recall@10 against exact search over
 * its own stored vectors, for `sample` evaluation questions as queries.
 */
export async function measureQuality(indexDir: string, sample: number): Promise<QualityReport> {
  // A neural index's model from MODELS_DIR, as the server finds it (`npm run bench -- --embedder neural`).
  const assistant = await Assistant.open(indexDir, { modelsDir: readConfig().MODELS_DIR });
  const evaluation: QualityReport['evaluation'] = {};
  const queries: EvalQuestion[] = [];
  for (const [name, questions] of Object.entries(await benchQuestions())) {
    evaluation[name] = (await evaluate(assistant, questions)).byLang;
    queries.push(...questions);
  }
  const hnsw: HnswRecall[] = [];
  for (const [i, graph] of assistant.index.graphs.entries()) {
    const embedder = assistant.embedders[i]!;
    if (!graph) {
      hnsw.push(await sparseRecall(assistant, embedder, queries.slice(0, sample)));
      continue;
    }
    const vectors = await Promise.all(queries.slice(0, sample).map((q) => embedder.embedQuery(q.question)));
    hnsw.push({
      embedder: embedder.descriptor.id,
      recallAt10: graphRecall(graph, vectors),
      queries: vectors.length,
      vectors: graph.getCurrentCount(),
      dim: embedder.descriptor.dim,
      ef: graph.getEf(),
    });
  }
  return { evaluation, hnsw };
}

type Graph = NonNullable<Assistant['index']['graphs'][number]>;

/**
 * A sparse embedder's ranking as retrieval reads it (exact cosine over the
 * lexical candidate pool) against the exhaustive one (every paragraph holding
 * a question feature): what the pool loses, where a graph's loss is its recall.
 */
async function sparseRecall(assistant: Assistant, embedder: Assistant['embedders'][number], questions: EvalQuestion[]): Promise<HnswRecall> {
  const name = rankingName(embedder);
  // This ranking alone, in its own order: no other ranking, no document lift.
  const alone = { dense: 1, lexical: 0, sentence: 0, coverage: 0, documentBoost: 0 };
  let found = 0;
  let wanted = 0;
  for (const q of questions) {
    const result = await assistant.retriever.search(q.question, { k: RECALL_DEPTH, rankings: [name], fusion: alone });
    const features = embedder.sparseQuestion(result.question);
    const exact = new Set(assistant.index.lexical.similar(features).slice(0, RECALL_DEPTH));
    wanted += exact.size;
    found += result.passages.filter((p) => exact.has(p.id)).length;
  }
  return { embedder: embedder.descriptor.id, recallAt10: wanted === 0 ? 1 : found / wanted, queries: questions.length, vectors: 0, dim: 0, ef: 0 };
}

function graphRecall(graph: Graph, queries: number[][]): number {
  const k = Math.min(RECALL_DEPTH, graph.getCurrentCount());
  const unit = queries.map(normalised);
  // Exact: one pass over the stored vectors, keeping each query's k best cosines.
  const best = queries.map(() => [] as number[]);
  for (const label of graph.getIdsList()) {
    const point = normalised(graph.getPoint(label));
    for (const [q, query] of unit.entries()) {
      const cos = dot(query, point);
      const top = best[q]!;
      if (top.length < k || cos > top[top.length - 1]!) {
        const at = top.findIndex((c) => cos > c);
        top.splice(at < 0 ? top.length : at, 0, cos);
        if (top.length > k) top.pop();
      }
    }
  }
  let found = 0;
  for (const [q, query] of queries.entries()) {
    const kth = best[q]![k - 1]!;
    // hnswlib's cosine distance is 1 − cosine.
    found += graph.searchKnn(query, k).distances.filter((d) => 1 - d >= kth - TIE_TOLERANCE).length;
  }
  return found / (k * queries.length);
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normalised(v: number[]): number[] {
  const norm = Math.sqrt(dot(v, v)) || 1;
  return v.map((x) => x / norm);
}
