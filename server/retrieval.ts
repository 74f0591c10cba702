import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import { cognateKey, type Lang } from '../index/analyzer.ts';
import type { CorpusEmbeddings } from '../index/embeddings/corpus-embeddings.ts';
import type { Glossary } from '../index/glossary.ts';
import type { Paragraph } from '../index/paragraph.ts';
import type { IndexContent } from '../index/store.ts';
import { analyzeQuestion, type ParagraphAnalysis, type QuestionAnalysis, type Vocabulary } from '../index/terms.ts';
import { cognateTerm, conceptTerm, idfOf, type LexicalIndex } from '../index/lexical.ts';
import { DocumentMatcher, type DocumentMatch } from './document-match.ts';
import { fuse, FUSION_WEIGHTS, rankingName, type FusionWeights, type Ranking } from './fusion.ts';
import { sentenceTerms } from './paragraph-terms.ts';
import { Places } from './places.ts';
import { answers, coverageOf, questionWords, RELEVANCE_PASSAGES, type QuestionWord } from './relevance.ts';

export interface SearchOptions {
  /** How many passages to return. */
  k: number;
  /** Restrict to these document ids. */
  docs?: string[];
  /** Use only these rankings (`lexical`, `sentence`, `coverage`, `dense:<embedder id>`, `sparse:<embedder id>`); default all. For evaluation. */
  rankings?: string[];
  /** Fusion weights other than the question language's `FUSION_WEIGHTS`. For cross-validation. */
  fusion?: FusionWeights;
}

export interface RankedPassage {
  /** Position in the index's paragraph list. */
  id: number;
  paragraph: Paragraph;
  /** Its terms and sentences, as the index stores them. */
  analysis: ParagraphAnalysis;
  /** Fused score scaled to [0, 1]: 1 would be first in every ranking. */
  score: number;
  /** 1-based rank in each contributing ranking (`rankingName`'s for embedders, lexical, sentence, coverage). */
  ranks: Record<string, number>;
}

export interface SearchResult {
  lang: Lang;
  question: QuestionAnalysis;
  passages: RankedPassage[];
  /** Documents the question names by their metadata → how strongly, the best 1. */
  documents: Map<string, number>;
  /** False when nothing in the corpus answers: the passages are then the nearest, not an answer. */
  found: boolean;
}

/** How far down each ranking is read before fusing. */
const CANDIDATES = 50;
/** Lexical weights: the question's own words count fully, what we add to them less. */
const TERM_WEIGHTS = { question: 1, concept: 1, expansion: 0.8, translation: 1, cognate: 0.3, naming: 0.1 };
/**
 * Hybrid retrieval over the index: the offline embedder's sparse vectors
 * (scored exactly over the lexical pool), a neural embedder's HNSW graph, the
 * French BM25 index and the sentence and coverage rankings, fused by
 * reciprocal rank, with a lift for the document the question names. A LangChain retriever, so it composes with that ecosystem.
 * @example
 * const retriever = new HybridRetriever({ index, embedders, glossary, lexicon });
 * const { passages } = await retriever.search('What about remittances?', { k: 5 });
 */
export class HybridRetriever extends BaseRetriever {
  override lc_namespace = ['migration_docs', 'retrievers'];
  private readonly index: IndexContent;
  private readonly embedders: CorpusEmbeddings[];
  private readonly vocabulary: Vocabulary;
  private readonly documents: DocumentMatcher;
  private readonly places = new Places();

  constructor(fields: { index: IndexContent; embedders: CorpusEmbeddings[] } & Vocabulary) {
    super();
    this.index = fields.index;
    this.embedders = fields.embedders;
    this.vocabulary = { glossary: fields.glossary, lexicon: fields.lexicon };
    this.documents = new DocumentMatcher(fields.index.meta.documents, this.places);
  }

  async search(question: string, options: SearchOptions): Promise<SearchResult> {
    const analysis = analyzeQuestion(question, this.vocabulary);
    // Nothing but stop words, punctuation or symbols: any passage would be noise.
    if (analysis.terms.length === 0 && analysis.concepts.length === 0) return { lang: analysis.lang, question: analysis, passages: [], documents: new Map(), found: false };
    const allowed = options.docs && options.docs.length > 0 ? new Set(options.docs) : null;
    const filter = allowed ? (id: number) => allowed.has(this.index.docIdOf(id)) : undefined;

    const use = (name: string) => !options.rankings || options.rankings.includes(name);
    const fusion = options.fusion ?? FUSION_WEIGHTS[analysis.lang];
    const named = this.documents.match(analysis);
    const weights = lexicalWeights(analysis, named, this.vocabulary.glossary, this.index.lexical);
    // The whole candidate pool, scored: its best are the lexical ranking, and all of it is what sparse vectors are scored on.
    const pooled = this.index.lexical.query(weights, { limit: Infinity, filter });
    // A document the question names is read further: its paragraphs stay candidates below the others' best (the lift then weighs them).
    const isNamed = (id: number) => named.scores.has(this.index.docIdOf(id));
    const lexical = pooled.filter((h, i) => i < CANDIDATES || isNamed(h.id)).slice(0, 2 * CANDIDATES);
    const rankings: Ranking[] = [];
    for (const [i, embedder] of this.embedders.entries()) {
      const name = rankingName(embedder);
      if (!use(name)) continue;
      if (embedder.sparse) {
        const ids = this.index.lexical.similar(embedder.sparseQuestion(analysis), pooled.map((h) => h.id)).slice(0, CANDIDATES);
        rankings.push({ name, ids, weight: fusion.dense });
        continue;
      }
      const vector = await embedder.embedQuestion(analysis);
      // hnswlib refuses k above the paragraphs the filter lets through.
      const allowedCount = allowed ? [...allowed].reduce((n, docId) => n + this.index.idsOf(docId).length, 0) : this.index.size;
      const { neighbors } = this.index.graphs[i]!.searchKnn(vector, Math.min(CANDIDATES, allowedCount), filter);
      rankings.push({ name, ids: neighbors, weight: fusion.dense });
    }
    if (use('lexical')) rankings.push({ name: 'lexical', ids: lexical.map((h) => h.id), weight: fusion.lexical });
    if (use('sentence') && fusion.sentence > 0) {
      const candidates = [...new Set([...rankings.flatMap((r) => r.ids), ...lexical.map((h) => h.id)])];
      rankings.push({ name: 'sentence', ids: this.bySentence(candidates, weights), weight: fusion.sentence });
    }
    const words = questionWords(analysis, this.index.lexical, (t) => this.documents.inMetadata(t));
    if (use('coverage') && fusion.coverage > 0) {
      rankings.push({ name: 'coverage', ids: this.byCoverage(words, [...new Set(rankings.flatMap((r) => r.ids))]), weight: fusion.coverage });
    }
    const fused = fuse(rankings, (id) => named.scores.get(this.index.docIdOf(id)) ?? 0, fusion.documentBoost);

    const passages = fused.slice(0, options.k).map((hit) => ({
      id: hit.id,
      paragraph: this.index.paragraph(hit.id),
      analysis: this.index.analysis(hit.id),
      score: Number(hit.score.toFixed(4)),
      ranks: hit.ranks,
    }));
    const best = fused.slice(0, RELEVANCE_PASSAGES).map((hit) => ({
      analysis: this.index.analysis(hit.id),
      documentTerms: this.documents.termsOf(this.index.docIdOf(hit.id)),
    }));
    const found = answers({
      question: analysis,
      words,
      passages: best,
      places: this.places,
      glossary: this.vocabulary.glossary,
    });
    return { lang: analysis.lang, question: analysis, passages, documents: named.scores, found };
  }

  /**
   * What `npm run eval` compares: each ranking alone, the offline retrieval
   * (offline embedder + lexical, fused), and, with a neural embedder, all
   * fused. The last is what the server uses.
   */
  evaluationModes(): [string, string[]][] {
    const embedded = this.embedders.map(rankingName);
    const offline = this.embedders.filter((e) => e.descriptor.kind === 'offline').map(rankingName);
    const modes: [string, string[]][] = [...embedded, 'lexical'].map((r) => [r, [r]]);
    modes.push(['offline (fused)', [...offline, 'lexical', 'sentence', 'coverage']]);
    if (embedded.length > offline.length) modes.push(['all (fused)', [...embedded, 'lexical', 'sentence', 'coverage']]);
    return modes;
  }

  /**
   * Candidates ranked by their best sentence: a paragraph is as good as the
   * sentence that says most of what the question asks, so a long paragraph
   * that touches every word once does not beat one sentence that answers.
   */
  private bySentence(candidates: number[], weights: Map<string, number>): number[] {
    // What each query term adds to a sentence that has it, once per question; a term the query lacks adds nothing.
    const worth = new Map([...weights].map(([t, w]) => [t, w * this.weightOf(t)]));
    // Each term once, in the order words, concepts, cognate keys (`sentenceTerms`): a float sum depends on its order, and ties reorder candidates.
    const scoreOf = (terms: string[]) => {
      let score = 0;
      for (const t of terms) score += worth.get(t) ?? 0;
      return score;
    };
    return candidates
      .map((id) => ({ id, score: Math.max(0, ...sentenceTerms(this.index.analysis(id)).map(scoreOf)) }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .map((c) => c.id);
  }

  /**
   * Candidates ranked by how much of the question they cover, each of its
   * words counted once whichever of its forms a paragraph has: an English
   * word's many translations do not count many times, as they do in BM25.
   */
  private byCoverage(words: QuestionWord[], candidates: number[]): number[] {
    const coverage = coverageOf(words);
    return candidates
      .map((id) => ({ id, evidence: coverage({ analysis: this.index.analysis(id), documentTerms: this.documents.termsOf(this.index.docIdOf(id)) }).evidence }))
      .filter((c) => c.evidence > 0)
      .sort((a, b) => b.evidence - a.evidence || a.id - b.id)
      .map((c) => c.id);
  }

  /** How telling a term is in this corpus (its IDF); 0 for a term the corpus lacks. */
  weightOf(term: string): number {
    const df = this.index.lexical.df(term);
    return df === 0 ? 0 : idfOf(df, this.index.size);
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { passages } = await this.search(query, { k: 5 });
    return passages.map((p) => new Document({ pageContent: p.paragraph.text, metadata: { ...p.paragraph, score: p.score } }));
  }
}

/**
 * What the lexical index is asked: the question's terms, the glossary's
 * concepts and French terms, cognate keys — each weighted; terms that name
 * the document count little, since the document lift already uses them.
 */
function lexicalWeights(question: QuestionAnalysis, named: DocumentMatch, glossary: Glossary, lexical: LexicalIndex): Map<string, number> {
  const weights = new Map<string, number>();
  const put = (term: string, weight: number, naming: boolean) => {
    const w = naming ? Math.min(weight, TERM_WEIGHTS.naming) : weight;
    weights.set(term, Math.max(weights.get(term) ?? 0, w));
  };
  for (const t of question.terms) put(t, TERM_WEIGHTS.question, named.isNaming(t));
  for (const t of question.expansion) put(t, TERM_WEIGHTS.expansion, named.isNaming(t));
  for (const french of question.translated) {
    // Of a word's senses, those the corpus uses most are the likely ones: each counts as its
    // frequency against the commonest's, so a rare sense cannot outweigh the word (tuning set: English MRR 0.855 → 0.866).
    const most = Math.max(...french.map((t) => lexical.df(t)));
    for (const t of french) if (most > 0) put(t, TERM_WEIGHTS.translation * (lexical.df(t) / most), named.isNaming(t));
  }
  for (const c of question.concepts) {
    const french = glossary.frenchTermsOf(c);
    put(conceptTerm(c), TERM_WEIGHTS.concept, french.length > 0 && french.every(named.isNaming));
  }
  for (const t of [...question.terms, ...question.expansion]) {
    const key = cognateKey(t);
    if (key !== null && !weights.has(cognateTerm(key))) put(cognateTerm(key), TERM_WEIGHTS.cognate, named.isNaming(key));
  }
  return weights;
}
