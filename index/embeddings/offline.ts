import { cognateKey } from '../analyzer.ts';
import type { Glossary } from '../glossary.ts';
import { cognateTerm, conceptTerm } from '../lexical.ts';
import { analyzeQuestion, passageTerms, type QuestionAnalysis, type TextTerms } from '../terms.ts';
import { CorpusEmbeddings, type EmbedderDescriptor, type EmbeddingInput } from './corpus-embeddings.ts';

export interface OfflineEmbeddingsOptions {
  glossary: Glossary;
  /** Vector size. Larger means fewer hash collisions between features, and more memory per paragraph. Default 1280. */
  dim?: number;
  /** Inverse document frequencies learnt by `fit` (restored from the index when loading). */
  idf?: Record<string, number>;
}

/** Bump when features or weights change: an index built by another version is refused. */
const VERSION = 1;
const WEIGHTS = { term: 1, concept: 2, cognate: 0.5 };
/**
 * 5 KB per paragraph. Fused figures on eval/questions.json (R@5 / MRR, fr | en):
 * 2048: 0.947/0.874 | 0.974/0.874; 1536: 0.921/0.881 | 0.974/0.867;
 * 1280: 0.947/0.874 | 0.974/0.882; 1024: 0.921/0.870 | 0.974/0.861;
 * 768: 0.921/0.857 | 0.974/0.863; 512: 0.947/0.886 | 0.947/0.843. Collisions
 * move single questions either way; 1280 is the smallest that loses none of
 * 2048's, and keeps two server workers at 100k paragraphs near 1.5 GB.
 */
const DEFAULT_DIM = 1280;

/**
 * The built-in embedder: no weights to download. A paragraph or question
 * becomes a signed feature-hashing vector of its TF-IDF weighted features —
 * stems, glossary concepts (shared by English and French terms of art) and a
 * six-letter cognate key — so an English question lands near the French
 * paragraphs that use its concepts or cognates.
 * @example
 * const embedder = new OfflineEmbeddings({ glossary: Glossary.load() });
 * await embedder.fit(texts);
 * const vectors = await embedder.embedDocuments(texts);
 */
export class OfflineEmbeddings extends CorpusEmbeddings {
  readonly descriptor: EmbedderDescriptor;
  private readonly glossary: Glossary;
  private readonly dim: number;
  private idf: Map<string, number>;
  override readonly corpusDependent = true;
  /** Terms of each heading seen, analysed once: many paragraphs share a heading. */
  private readonly headings = new Map<string, string[]>();

  constructor(options: OfflineEmbeddingsOptions) {
    super({});
    this.glossary = options.glossary;
    this.dim = options.dim ?? DEFAULT_DIM;
    this.idf = new Map(Object.entries(options.idf ?? {}));
    this.descriptor = { kind: 'offline', id: 'offline-bilingual-hash', dim: this.dim, settings: { version: VERSION, weights: WEIGHTS } };
  }

  override async fit(paragraphs: EmbeddingInput[]): Promise<void> {
    const df = new Map<string, number>();
    for (const p of paragraphs) {
      for (const f of featuresOf(this.storedTerms(p)).keys()) df.set(f, (df.get(f) ?? 0) + 1);
    }
    this.idf = new Map([...df].map(([f, n]) => [f, Math.log((paragraphs.length + 1) / (n + 0.5))]));
  }

  /** Vectors from the stored analysis: the same as `embedDocuments` of the paragraph's text, without analysing it again. */
  override async embedParagraphs(paragraphs: EmbeddingInput[]): Promise<number[][]> {
    return paragraphs.map((p) => this.vectorOf(this.storedTerms(p)));
  }

  override state(): { idf: Record<string, number> } {
    return { idf: Object.fromEntries(this.idf) };
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vectorOf(passageTerms(t, this.glossary)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedQuestion(analyzeQuestion(text, { glossary: this.glossary }));
  }

  override async embedQuestion(question: QuestionAnalysis): Promise<number[]> {
    return this.vectorOf({ terms: question.terms, concepts: question.concepts });
  }

  /** The terms of `embeddingText(p)`: its heading's, then its text's from the analysis; concepts over both. */
  private storedTerms({ paragraph, analysis }: EmbeddingInput): TextTerms {
    const section = paragraph.section ?? '';
    let heading = this.headings.get(section);
    if (!heading) this.headings.set(section, (heading = passageTerms(section, this.glossary).terms));
    const terms = heading.length > 0 ? [...heading, ...analysis.terms] : analysis.terms;
    return { terms, concepts: heading.length > 0 ? this.glossary.concepts(terms, 'fr') : analysis.concepts };
  }

  private vectorOf(terms: TextTerms): number[] {
    const v = new Array<number>(this.dim).fill(0);
    for (const [feature, { count, weight }] of featuresOf(terms)) {
      // A feature unseen in the corpus cannot match anything; it only dilutes the vector.
      const idf = this.idf.get(feature);
      if (idf === undefined) continue;
      const h = fnv1a(feature);
      v[h % this.dim]! += (h & 0x80000000 ? -1 : 1) * weight * idf * (1 + Math.log(count));
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }
}

function featuresOf(t: TextTerms): Map<string, { count: number; weight: number }> {
  const features = new Map<string, { count: number; weight: number }>();
  const add = (key: string, weight: number) => {
    const f = features.get(key);
    if (f) f.count++;
    else features.set(key, { count: 1, weight });
  };
  for (const term of t.terms) {
    add(`t:${term}`, WEIGHTS.term);
    const key = cognateKey(term);
    if (key) add(cognateTerm(key), WEIGHTS.cognate);
  }
  for (const c of t.concepts) add(conceptTerm(c), WEIGHTS.concept);
  return features;
}

/** 32-bit FNV-1a: a stable, fast string hash for feature hashing. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
