import { analyze } from '../index/analyzer.ts';
import type { DocumentMeta } from '../index/corpus.ts';
import type { QuestionAnalysis } from '../index/terms.ts';
import { Places } from './places.ts';

export interface DocumentMatch {
  /** Document id → how strongly the question names it, the best 1; only documents it names. */
  scores: Map<string, number>;
  /** Whether an analysed term names the document(s) the question points at. */
  isNaming: (term: string) => boolean;
}

/** Where in a document's metadata a term stands: each is a different kind of evidence. */
type Field = 'title' | 'kind' | 'body' | 'year';

interface Profile {
  id: string;
  /** Metadata term → the fields it stands in. */
  fields: Map<string, Set<Field>>;
  /** "A/RES/68/4" → "68/4", "A/58/98" → "58/98": the part people quote. */
  symbolCore: string | null;
}

/** A symbol names its document outright; in the score it outweighs a few title words. */
const SYMBOL_SCORE = 3;

const NONE: DocumentMatch = { scores: new Map(), isNaming: () => false };

/**
 * Which documents a question names by their metadata rather than by their
 * words, on specific evidence only: the symbol ("A/58/98"), or two kinds of
 * evidence together — a year with a kind of document ("the 2013
 * declaration"), a body with a kind ("le rapport du Secrétaire général"),
 * distinctive title words ("the hearings with civil society and the private
 * sector"). A place ("Europe", "Mexique") never names a document, nor does a
 * term every document's metadata shares ("migration").
 * @example
 * const matcher = new DocumentMatcher(documents);
 * matcher.match(analyzeQuestion('What did the 2013 declaration say?', glossary)).scores.get('a-res-68-4'); // 1
 */
export class DocumentMatcher {
  private readonly profiles: Profile[];
  private readonly byId: Map<string, Profile>;
  /** In how many documents' metadata each term occurs. */
  private readonly df = new Map<string, number>();
  /**
   * For each term some but not all documents' metadata has, the documents
   * (positions) where it is evidence, and in which fields: a title word only
   * where no other document has it. A question is matched against these only.
   */
  private readonly evidence = new Map<string, [number, Field[]][]>();

  /** @param places where place names are found; shared with the relevance check. */
  constructor(documents: DocumentMeta[], private readonly places = new Places()) {
    this.profiles = documents.map((d) => {
      const body = new Set([...analyze(d.body, 'fr'), ...analyze(d.bodyEn, 'en')]);
      // A kind often names its body ("résolution de l'Assemblée générale"); only the kind's own words are kind evidence.
      const kind = [...analyze(d.kind, 'fr'), ...analyze(d.kindEn, 'en')].filter((t) => !body.has(t));
      const title = [...analyze(`${d.title} ${d.citeAs}`, 'fr'), ...analyze(d.titleEn, 'en')];
      const fields = new Map<string, Set<Field>>();
      const add = (terms: Iterable<string>, field: Field) => {
        for (const t of terms) fields.set(t, (fields.get(t) ?? new Set<Field>()).add(field));
      };
      add(title, 'title');
      add(kind, 'kind');
      add(body, 'body');
      add([d.date.slice(0, 4)], 'year');
      return { id: d.id, fields, symbolCore: d.symbol ? (/(\d+\/\d+)$/.exec(d.symbol)?.[1] ?? null) : null };
    });
    this.byId = new Map(this.profiles.map((p) => [p.id, p]));
    for (const p of this.profiles) for (const t of p.fields.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    const n = this.profiles.length;
    this.profiles.forEach((p, i) => {
      for (const [t, fields] of p.fields) {
        const df = this.df.get(t)!;
        if (df === n) continue;
        const telling = [...fields].filter((f) => f !== 'title' || df === 1);
        if (telling.length === 0) continue;
        const list = this.evidence.get(t) ?? [];
        list.push([i, telling]);
        this.evidence.set(t, list);
      }
    });
  }

  /** Terms of a document's metadata (title, kind, body, year); none for an unknown id. */
  termsOf(docId: string): Pick<ReadonlySet<string>, 'has'> {
    return this.byId.get(docId)?.fields ?? new Set<string>();
  }

  /** Whether a term stands in some document's metadata. */
  inMetadata(term: string): boolean {
    return this.df.has(term);
  }

  /**
   * A score per document the question names, in [0, 1] (empty when it names
   * none), and the terms that did the naming: they pick the document, so they
   * should not also rank its paragraphs.
   */
  match(question: QuestionAnalysis): DocumentMatch {
    const n = this.profiles.length;
    const terms = new Set([...this.places.without(question.asFrench, 'fr'), ...this.places.without(question.asEnglish, 'en')]);
    // Each document's evidence: the question's terms its metadata has, in the question's order, with their fields.
    const found = new Map<number, Map<string, Field[]>>();
    for (const t of terms) {
      for (const [i, fields] of this.evidence.get(t) ?? []) {
        const own = found.get(i) ?? new Map<string, Field[]>();
        found.set(i, own.set(t, fields));
      }
    }
    const scores = new Map<string, number>();
    this.profiles.forEach((p, i) => {
      const evidence = found.get(i) ?? new Map<string, Field[]>();
      const symbol = p.symbolCore !== null && question.text.includes(p.symbolCore);
      if (!symbol && !specific([...evidence.values()])) return;
      scores.set(p.id, [...evidence.keys()].reduce((s, t) => s + Math.log(n / this.df.get(t)!), symbol ? SYMBOL_SCORE : 0));
    });
    if (scores.size === 0) return NONE;
    const best = Math.max(...scores.values());
    const named = this.profiles.filter((p) => (scores.get(p.id) ?? 0) >= best / 2);
    return {
      scores: new Map([...scores].map(([id, s]) => [id, s / best])),
      // Also true of a French term the glossary adds that is in the named document's metadata.
      isNaming: (term) => (this.df.get(term) ?? n) < n && named.some((p) => p.fields.has(term)),
    };
  }
}

/** Two terms that are different kinds of evidence, or two distinctive title words. */
function specific(evidence: Field[][]): boolean {
  for (let i = 0; i < evidence.length; i++) {
    for (let j = i + 1; j < evidence.length; j++) {
      if (evidence[i]!.some((a) => evidence[j]!.some((b) => a !== b || a === 'title'))) return true;
    }
  }
  return false;
}
