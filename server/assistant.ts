import type { Lang } from '../index/analyzer.ts';
import { formatCitation } from '../index/citation.ts';
import type { DocumentMeta } from '../index/corpus.ts';
import type { CorpusEmbeddings } from '../index/embeddings/corpus-embeddings.ts';
import { restoreEmbedders } from '../index/embeddings/restore.ts';
import { Glossary } from '../index/glossary.ts';
import { Lexicon } from '../index/lexicon.ts';
import { paragraphAnchor, type Paragraph } from '../index/paragraph.ts';
import { readIndex, type IndexContent } from '../index/store.ts';
import { composeAnswer, nothingFound } from './answer.ts';
import type { AskResponse, DocumentDetail, DocumentParagraph, DocumentSummary, Passage } from './contract.ts';
import { HybridRetriever, type SearchOptions } from './retrieval.ts';

/** A paragraph as the API shows it: its text and how to cite it. */
export type PassageView = Omit<Passage, 'score' | 'notes'> & DocumentParagraph;

type IndexedDocument = IndexContent['meta']['documents'][number];

/** No document has this id: a caller's mistake, which the HTTP edge turns into a 404. */
export class UnknownDocumentError extends Error {
  override name = 'UnknownDocumentError';
  constructor(readonly id: string) {
    super(`no document with id "${id}"; GET /api/documents lists them`);
  }
}

/** A document as listed to readers: what identifies and cites it, and how many paragraphs it has. */
export function summarizeDocument(d: IndexedDocument): DocumentSummary {
  return {
    id: d.id,
    source: d.file,
    symbol: d.symbol,
    citeAs: d.citeAs,
    title: d.title,
    titleEn: d.titleEn,
    date: d.date,
    body: d.body,
    bodyEn: d.bodyEn,
    numbering: d.numbering,
    paragraphs: d.paragraphs,
  };
}

/**
 * The product behind the API, the CLI and the evaluation: loads the index
 * once, answers questions with cited passages, lists documents.
 * @example
 * const assistant = await Assistant.open('index/data');
 * const { answer, passages } = await assistant.ask('What about remittances?');
 */
export class Assistant {
  private constructor(
    readonly index: IndexContent,
    readonly retriever: HybridRetriever,
    readonly embedders: CorpusEmbeddings[],
  ) {}

  /**
   * Loads the index and its embedders (a neural model once, here). The index is
   * refused if stale against `corpusDir` (CORPUS_DIR; default the folder it was built from).
   */
  static async open(indexDir: string, options: { modelsDir?: string; corpusDir?: string } = {}): Promise<Assistant> {
    const glossary = Glossary.load();
    const lexicon = Lexicon.load();
    const index = await readIndex(indexDir, { corpusDir: options.corpusDir });
    const embedders = await restoreEmbedders(index.meta.embedders, { glossary, modelsDir: options.modelsDir });
    return new Assistant(index, new HybridRetriever({ index, embedders, glossary, lexicon }), embedders);
  }

  async ask(question: string, options: Partial<SearchOptions> = {}): Promise<AskResponse> {
    for (const id of options.docs ?? []) this.documentMeta(id);
    const result = await this.retriever.search(question, { k: options.k ?? 5, docs: options.docs });
    const passages = result.passages.map((p) => ({ ...this.view(p.paragraph, result.lang), score: p.score }));
    const sources = result.passages.map((p, i) => ({ text: p.paragraph.text, sentences: p.analysis.sentences, label: passages[i]!.label }));
    const composed = result.found ? composeAnswer(result.question, sources, (term) => this.retriever.weightOf(term)) : nothingFound(result.lang);
    return { question, lang: result.lang, answer: composed.answer, found: result.found, quotes: composed.quotes, passages };
  }

  documents(): IndexedDocument[] {
    return this.index.meta.documents;
  }

  /** A document's summary and all its paragraphs; `UnknownDocumentError` for an unknown id. */
  document(id: string): DocumentDetail & { paragraphs: PassageView[] } {
    const document = summarizeDocument(this.documentMeta(id));
    const paragraphs = this.index.idsOf(id).map((pid) => this.view(this.index.paragraph(pid), 'en'));
    return { document, paragraphs };
  }

  private documentMeta(id: string): IndexedDocument {
    const doc = this.index.meta.documents.find((d) => d.id === id);
    if (!doc) throw new UnknownDocumentError(id);
    return doc;
  }

  private view(p: Paragraph, lang: Lang): PassageView {
    const doc: DocumentMeta = this.documentMeta(p.docId);
    const labels = { en: formatCitation(doc, p, 'en'), fr: formatCitation(doc, p, 'fr') };
    return {
      source: doc.file,
      docId: p.docId,
      symbol: doc.symbol,
      title: doc.title,
      paragraph: p.paragraph,
      unit: p.unit,
      unitLabel: p.unitLabel,
      anchor: paragraphAnchor(p),
      label: labels[lang],
      labels,
      section: p.section,
      text: p.text,
      raw: p.raw,
      notes: p.notes,
    };
  }
}
