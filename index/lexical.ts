import type Database from 'better-sqlite3';
import { Heap } from 'heap-js';
import { LRUCache } from 'lru-cache';
import { cognateKey } from './analyzer.ts';
import type { ParagraphAnalysis, TextTerms } from './terms.ts';

/** The lexical term of a glossary concept and of a cognate key, as the index stores them. */
export const conceptTerm = (concept: string) => `c:${concept}`;
export const cognateTerm = (key: string) => `k:${key}`;

/** Cognate keys of terms, as lexical terms: `k:princi` for principle and principe. */
export function cognateTerms(terms: string[]): string[] {
  return terms.map(cognateKey).filter((k): k is string => k !== null).map(cognateTerm);
}

/** The fields a paragraph is searched by, in this order everywhere (FTS5 columns, statistics, boosts). */
const FIELDS = ['text', 'section', 'concepts', 'cognates'] as const;
/** The heading names the agency or theme a question often names instead of the paragraph's words. */
const FIELD_BOOSTS = [1, 0.6, 1.5, 0.3];
/**
 * What a term weighs in a paragraph's TF-IDF vector by the field it is in
 * (`similar`): a glossary concept, shared by English and French terms of art,
 * twice a word; a cognate key, a weak bridge between the languages, half.
 * A word counts the same in the text and in the heading.
 */
const VECTOR_WEIGHTS = { word: 1, concept: 2, cognate: 0.5 };
/** BM25+ as MiniSearch scored it before (k1, b, and the lower bound d), so rankings stay as measured. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/**
 * Only the rarest query terms generate candidates, while their summed postings
 * stay under this budget: a stem found in most paragraphs ("migrat") never
 * walks the corpus, it only scores the candidates. On the five documents
 * every term generates and the pool holds every match: the ranking is exhaustive.
 * Fetching postings from FTS5 costs ~0.17 µs each; at 100k paragraphs 20,000
 * was 3 ms of a question, and 10,000 ranked the tuning set as well or better
 * with the distractors (en R@5 0.816 → 0.842; held-out agreed).
 */
const POSTINGS_BUDGET = 10_000;
/**
 * Candidates rescored exactly: the best this many by the summed weight × IDF
 * of the generating terms they hold. Four times what retrieval reads (50), so
 * the exact order decides which are kept.
 */
const CANDIDATE_POOL = 200;
/**
 * Paragraphs whose term counts a reader keeps parsed: every question rescores
 * up to CANDIDATE_POOL of them, and re-reading and re-parsing their stored ids
 * was half a question's time. About 2 KB each (97 distinct ids on the five documents), some 10 MB per worker.
 */
const COUNTS_CACHE = 5_000;
/**
 * Postings a reader keeps, in paragraph ids (4 bytes each; 16 MB at most per
 * worker): questions share their common words, and fetching postings from
 * FTS5 was a sixth of a question.
 */
const POSTINGS_CACHE_IDS = 4_000_000;
/**
 * Words the corpus lacks that a reader remembers as such: an English question's
 * own words and cognate keys miss the index on every question. A few MB at most.
 */
const UNKNOWN_TERMS = 20_000;

/**
 * A question's TF-IDF vector before IDF, as `similar` takes it: each word,
 * cognate key and concept with its kind's `VECTOR_WEIGHTS` × (1 + ln count).
 */
export function vectorFeatures({ terms, concepts }: TextTerms): Map<string, number> {
  const counts = new Map<string, { count: number; weight: number }>();
  const add = (key: string, weight: number) => {
    const f = counts.get(key);
    if (f) f.count++;
    else counts.set(key, { count: 1, weight });
  };
  for (const term of terms) add(term, VECTOR_WEIGHTS.word);
  for (const c of concepts) add(conceptTerm(c), VECTOR_WEIGHTS.concept);
  for (const k of cognateTerms(terms)) add(k, VECTOR_WEIGHTS.cognate);
  return new Map([...counts].map(([key, { count, weight }]) => [key, weight * (1 + Math.log(count))]));
}

/**
 * How telling a term found in `df` of `size` paragraphs is: rarer terms tell
 * more. The sparse vectors, the best-sentence ranking and the relevance check
 * all weigh terms by it.
 */
export function idfOf(df: number, size: number): number {
  return Math.log((size + 1) / (df + 0.5));
}

/** The terms of a paragraph's four fields, from its stored analysis. */
function lexicalFields(a: ParagraphAnalysis): string[][] {
  return [a.terms, a.sectionTerms, a.concepts.map(conceptTerm), cognateTerms(a.terms)];
}

export interface LexicalHit {
  /** Paragraph position in the index. */
  id: number;
  score: number;
  /** The query terms the paragraph matched. */
  terms: string[];
}

export interface LexicalQueryOptions {
  /** Most hits returned, best first. */
  limit: number;
  filter?: (id: number) => boolean;
}

/** Corpus statistics the exact scorer needs; recorded in the index meta. */
export interface LexicalStats {
  size: number;
  /** Distinct terms per field summed over the paragraphs, in FIELDS order (their mean is BM25's average length). */
  fieldTerms: number[];
}

interface QueryTerm {
  term: string;
  weight: number;
  row: TermRow;
}

/** A query term with what its BM25 contribution in each field owes to the query alone: weight × boost × IDF. */
interface ScoringTerm extends QueryTerm {
  fieldWeights: number[];
}

/**
 * A paragraph's term counts, compact: its distinct term ids, ascending, and
 * each one's count per field. Stored as one blob per paragraph (`counts`
 * table): the ids as 32-bit integers, then the counts as bytes.
 */
interface ParagraphCounts {
  tids: Int32Array;
  /** Occurrences of `tids[i]` in field f at `f * tids.length + i` (at most 255: BM25 and log counts barely move past it). */
  counts: Uint8Array;
  /** Distinct terms in each field, in FIELDS order. */
  distinct: number[];
  /** Length of the paragraph's TF-IDF vector (`similar`), once computed. */
  norm?: number;
}

interface TermRow {
  tid: number;
  df: number;
  /** Paragraphs with the term in each field, in FIELDS order. */
  fieldDf: number[];
}

/**
 * Writes the lexical tables into the index database: `term` (each term's id
 * and document frequencies) and `lexical`, an SQLite FTS5 table whose tokens
 * are term ids — our analyzer's stems, concepts and cognate keys, never
 * re-tokenised by SQLite. With `base`, the database already holds a previous
 * build's tables and `analyses` are paragraphs appended after its `size`:
 * only their terms are read and updated, so adding a document costs its own
 * paragraphs, not the corpus. Yields between batches so a build stays interruptible.
 */
export async function writeLexical(db: Database.Database, analyses: ParagraphAnalysis[], pause: () => Promise<void>, base?: LexicalStats): Promise<LexicalStats> {
  if (!base) {
    db.exec(`
      CREATE TABLE term (term TEXT PRIMARY KEY, tid INTEGER NOT NULL, df INTEGER NOT NULL, field_df TEXT NOT NULL) WITHOUT ROWID;
      CREATE VIRTUAL TABLE lexical USING fts5(${FIELDS.join(', ')}, content = '', tokenize = 'ascii', detail = 'none');
      CREATE TABLE counts (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
    `);
  }
  const lookup = db.prepare<[string], { tid: number; df: number; field_df: string }>('SELECT tid, df, field_df FROM term WHERE term = ?');
  let nextTid = base ? db.prepare<[], { n: number }>('SELECT count(*) AS n FROM term').get()!.n : 0;
  const terms = new Map<string, TermRow>();
  const rowOf = (t: string) => {
    let row = terms.get(t);
    if (!row) {
      const stored = base ? lookup.get(t) : undefined;
      row = stored ? { tid: stored.tid, df: stored.df, fieldDf: stored.field_df.split(' ').map(Number) } : { tid: nextTid++, df: 0, fieldDf: FIELDS.map(() => 0) };
      terms.set(t, row);
    }
    return row;
  };
  const fieldTerms = base ? [...base.fieldTerms] : FIELDS.map(() => 0);
  const tokens: string[][] = [];
  const blobs: Buffer[] = [];
  for (const analysis of analyses) {
    const fields = lexicalFields(analysis);
    const seen = new Set<string>();
    const ids = fields.map((field, f) => {
      const unique = new Set(field);
      fieldTerms[f]! += unique.size;
      for (const t of unique) {
        const row = rowOf(t);
        row.fieldDf[f]!++;
        if (!seen.has(t)) row.df++;
        seen.add(t);
      }
      return field.map((t) => terms.get(t)!.tid);
    });
    tokens.push(ids.map((field) => field.join(' ')));
    blobs.push(countsBlob(ids));
  }
  const putTerm = db.prepare('INSERT OR REPLACE INTO term VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const [term, row] of terms) putTerm.run(term, row.tid, row.df, row.fieldDf.join(' '));
  })();
  const first = base?.size ?? 0;
  const addDoc = db.prepare(`INSERT INTO lexical (rowid, ${FIELDS.join(', ')}) VALUES (?, ?, ?, ?, ?)`);
  const addCounts = db.prepare('INSERT INTO counts VALUES (?, ?)');
  const BATCH = 2000;
  for (let i = 0; i < tokens.length; i += BATCH) {
    db.transaction(() => {
      for (let j = i; j < Math.min(i + BATCH, tokens.length); j++) {
        addDoc.run(first + j, ...tokens[j]!);
        addCounts.run(first + j, blobs[j]!);
      }
    })();
    await pause();
  }
  return { size: first + analyses.length, fieldTerms };
}

/**
 * BM25 over paragraphs with the French analyzer (elision, stop words, Snowball
 * stems, folded accents), glossary concepts (`c:<id>`) and cognate keys
 * (`k:<key>`) as extra terms, read from the index database. A question costs
 * work in proportion to its candidates: the rarest terms find them through
 * FTS5, then every query term scores them exactly.
 */
export class LexicalIndex {
  private readonly lookup: Database.Statement<[string], { tid: number; df: number; field_df: string }>;
  private readonly counts: Database.Statement<[number], Buffer>;
  private readonly postings: Database.Statement<[string], number>;
  /** Document frequency of every term id, read at open: a paragraph's vector length needs all of its terms'. */
  private readonly dfByTid: Int32Array;
  /** Terms of the corpus looked up so far (bounded by its vocabulary; unknown words are not kept). */
  private readonly termCache = new Map<string, TermRow>();
  private readonly unknownTerms = new LRUCache<string, true>({ max: UNKNOWN_TERMS });
  private readonly countsCache = new LRUCache<number, ParagraphCounts>({ max: COUNTS_CACHE });
  private readonly postingsCache = new LRUCache<number, Int32Array>({ maxSize: POSTINGS_CACHE_IDS, sizeCalculation: (ids) => Math.max(1, ids.length) });
  /** Each paragraph's quick score while a question gathers its candidates (8 bytes a paragraph, allocated on first use). */
  private quickScores?: Float64Array;
  /** Paragraphs indexed. */
  readonly size: number;
  /** Mean number of distinct terms per field, in FIELDS order. */
  private readonly averageFieldLength: number[];

  constructor(db: Database.Database, stats: LexicalStats) {
    this.size = stats.size;
    this.averageFieldLength = stats.fieldTerms.map((n) => (stats.size ? n / stats.size : 0));
    this.lookup = db.prepare('SELECT tid, df, field_df FROM term WHERE term = ?');
    this.counts = db.prepare<[number], Buffer>('SELECT data FROM counts WHERE id = ?').pluck();
    this.postings = db.prepare<[string], number>('SELECT rowid FROM lexical WHERE lexical MATCH ?').pluck();
    const { terms } = db.prepare<[], { terms: number }>('SELECT count(*) AS terms FROM term').get()!;
    this.dfByTid = new Int32Array(terms);
    for (const [tid, df] of db.prepare<[], [number, number]>('SELECT tid, df FROM term').raw().iterate()) this.dfByTid[tid] = df;
  }

  /** In how many paragraphs a term occurs (text, headings, concepts or cognate keys). */
  df(term: string): number {
    return this.term(term)?.df ?? 0;
  }

  /**
   * The best `limit` paragraphs for weighted query terms, with BM25 scores and
   * the query terms each matched. Each term counts its weight (1 = a word of the question).
   */
  query(weights: Map<string, number>, options: LexicalQueryOptions): LexicalHit[] {
    const known = [...weights].flatMap(([term, weight]) => {
      const row = this.term(term);
      return row ? [{ term, weight, row }] : [];
    });
    if (known.length === 0) return [];
    const scoring = known.map((q) => ({
      ...q,
      fieldWeights: FIELDS.map((_, f) => {
        const df = q.row.fieldDf[f]!;
        return q.weight * FIELD_BOOSTS[f]! * this.bm25Idf(df);
      }),
    }));
    const hits: LexicalHit[] = [];
    for (const id of this.candidates(known, options.filter)) {
      const hit = this.score(id, scoring);
      if (hit) hits.push(hit);
    }
    // Ties keep the candidates' order (quick score, then position): the same for every build of a corpus.
    return hits.sort((a, b) => b.score - a.score).slice(0, options.limit);
  }

  /**
   * Paragraphs ranked by the cosine of their TF-IDF vector with the
   * question's, best first: the built-in embedder's vectors, which are sparse
   * over the index's terms and so scored exactly, from the counts the index
   * stores, rather than approximately through an HNSW graph (see README,
   * "Speed and size"). `features` gives each question term its raw weight,
   * `vectorWeight` × (1 + ln count); IDF is the corpus's, as for paragraphs.
   * Retrieval passes its lexical pool as `candidates`; without them every
   * paragraph holding a feature is scored (exhaustive: what the benchmark
   * measures the pool against).
   * @example lexical.similar(new Map([['c:remittances', 2]]), hits.map((h) => h.id))
   */
  similar(features: Map<string, number>, candidates?: number[]): number[] {
    const query = [...features].flatMap(([term, weight]) => {
      const row = this.term(term);
      return row ? [{ tid: row.tid, weight: weight * this.idf(row.df) }] : [];
    });
    if (query.length === 0) return [];
    const scored: { id: number; score: number }[] = [];
    const pool = candidates ?? new Set(query.flatMap(({ tid }) => [...this.postingsOf(tid)]));
    for (const id of pool) {
      const paragraph = this.countsOf(id);
      if (!paragraph) continue;
      let dot = 0;
      for (const { tid, weight } of query) {
        const i = positionOf(paragraph.tids, tid);
        if (i >= 0) dot += weight * this.vectorWeight(paragraph, i);
      }
      if (dot > 0) scored.push({ id, score: dot / this.normOf(paragraph) });
    }
    return scored.sort((a, b) => b.score - a.score || a.id - b.id).map((s) => s.id);
  }

  /** Weight of the term at position `i` of a paragraph in its TF-IDF vector: by field, times IDF and log count. */
  private vectorWeight({ tids, counts }: ParagraphCounts, i: number): number {
    // A term id lives in one kind of field: words in text and heading, concepts, or cognate keys.
    const n = tids.length;
    const idf = this.idf(this.dfByTid[tids[i]!]!);
    const concept = counts[2 * n + i]!;
    if (concept > 0) return VECTOR_WEIGHTS.concept * idf * (1 + Math.log(concept));
    const cognate = counts[3 * n + i]!;
    if (cognate > 0) return VECTOR_WEIGHTS.cognate * idf * (1 + Math.log(cognate));
    return VECTOR_WEIGHTS.word * idf * (1 + Math.log(counts[i]! + counts[n + i]!));
  }

  private normOf(paragraph: ParagraphCounts): number {
    if (paragraph.norm === undefined) {
      let sum = 0;
      for (let i = 0; i < paragraph.tids.length; i++) sum += this.vectorWeight(paragraph, i) ** 2;
      paragraph.norm = Math.sqrt(sum) || 1;
    }
    return paragraph.norm;
  }

  private idf(df: number): number {
    return idfOf(df, this.size);
  }

  /** BM25's IDF, never negative (Lucene's form). */
  private bm25Idf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * The paragraphs worth scoring: those holding the rarest query terms (within
   * the postings budget), best first by the summed weight × IDF of those terms.
   */
  private candidates(query: QueryTerm[], filter?: (id: number) => boolean): number[] {
    const byRarity = [...query].sort((a, b) => a.row.df - b.row.df);
    // Quick scores by position, zero where untouched (every gain is positive), cleared before returning.
    const quick = (this.quickScores ??= new Float64Array(this.size));
    const touched: number[] = [];
    let postings = 0;
    for (const { weight, row } of byRarity) {
      if (postings > 0 && postings + row.df > POSTINGS_BUDGET) break;
      postings += row.df;
      const gain = weight * this.bm25Idf(row.df);
      for (const id of this.postingsOf(row.tid)) {
        if (quick[id] === 0) touched.push(id);
        quick[id]! += gain;
      }
    }
    // A heap, popped only until the pool is full: a common generating term can bring ~POSTINGS_BUDGET paragraphs.
    const ranked = new Heap<number>((a, b) => quick[b]! - quick[a]! || a - b);
    ranked.init(touched);
    const ids: number[] = [];
    for (let next = ranked.pop(); next !== undefined && ids.length < CANDIDATE_POOL; next = ranked.pop()) {
      if (!filter || filter(next)) ids.push(next);
    }
    for (const id of touched) quick[id] = 0;
    return ids;
  }

  /** The paragraphs holding a term, ascending, from FTS5 once while the term stays among the recently asked. */
  private postingsOf(tid: number): Int32Array {
    let ids = this.postingsCache.get(tid);
    if (!ids) this.postingsCache.set(tid, (ids = Int32Array.from(this.postings.all(`"${tid}"`))));
    return ids;
  }

  /** BM25+ summed over fields and terms, times the number of query terms matched. */
  private score(id: number, query: ScoringTerm[]): LexicalHit | null {
    const paragraph = this.countsOf(id);
    if (!paragraph) return null;
    const { tids, counts, distinct } = paragraph;
    const norms = distinct.map((n, f) => 1 - BM25.b + (BM25.b * n) / this.averageFieldLength[f]!);
    let score = 0;
    const matched: string[] = [];
    for (const { term, row, fieldWeights } of query) {
      const i = positionOf(tids, row.tid);
      if (i < 0) continue;
      let termScore = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const tf = counts[f * tids.length + i]!;
        if (tf === 0) continue;
        termScore += fieldWeights[f]! * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * norms[f]!));
      }
      if (termScore > 0) {
        score += termScore;
        matched.push(term);
      }
    }
    return matched.length === 0 ? null : { id, score: score * matched.length, terms: matched };
  }

  /** A paragraph's term counts, read from its stored blob once while it stays among the recently scored. */
  private countsOf(id: number): ParagraphCounts | null {
    const cached = this.countsCache.get(id);
    if (cached) return cached;
    const blob = this.counts.get(id);
    if (!blob) return null;
    // Four bytes per id, then one byte per field.
    const n = blob.length / (4 + FIELDS.length);
    // Copied out of the driver's buffer: typed arrays need their own aligned memory.
    const tids = new Int32Array(n);
    new Uint8Array(tids.buffer).set(blob.subarray(0, 4 * n));
    const counts = Uint8Array.from(blob.subarray(4 * n));
    const distinct = FIELDS.map((_, f) => counts.subarray(f * n, (f + 1) * n).reduce((k, c) => k + (c > 0 ? 1 : 0), 0));
    const parsed = { tids, counts, distinct };
    this.countsCache.set(id, parsed);
    return parsed;
  }

  private term(term: string): TermRow | null {
    const cached = this.termCache.get(term);
    if (cached) return cached;
    if (this.unknownTerms.has(term)) return null;
    const found = this.lookup.get(term);
    if (!found) {
      this.unknownTerms.set(term, true);
      return null;
    }
    const row = { tid: found.tid, df: found.df, fieldDf: found.field_df.split(' ').map(Number) };
    this.termCache.set(term, row);
    return row;
  }
}

/** A paragraph's counts blob from each field's term ids: the distinct ids ascending (int32), then each one's count per field (bytes). */
function countsBlob(fields: number[][]): Buffer {
  const tids = Int32Array.from(new Set(fields.flat())).sort();
  const at = new Map(Array.from(tids, (tid, i) => [tid, i]));
  const counts = new Uint8Array(FIELDS.length * tids.length);
  fields.forEach((field, f) => {
    for (const tid of field) {
      const k = f * tids.length + at.get(tid)!;
      counts[k] = Math.min(255, counts[k]! + 1);
    }
  });
  return Buffer.concat([Buffer.from(tids.buffer), counts]);
}

/** Where a term id stands in a paragraph's ascending ids, or -1. */
function positionOf(tids: Int32Array, tid: number): number {
  let low = 0;
  let high = tids.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = tids[mid]!;
    if (at === tid) return mid;
    if (at < tid) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
