/**
 * The server's JSON API (`/api/*`), typed as the server documents it.
 * Citations are data: the server formats labels in both languages; the page only picks one.
 */

export type Lang = 'fr' | 'en';

/** `numbered`: printed number. `ordinal`: the document prints none, we count. `labelled`: preamble, annex… */
export type UnitKind = 'numbered' | 'ordinal' | 'labelled';

export interface CitationLabels {
  en: string;
  fr: string;
}

/** What every citable paragraph carries, in an answer or in a document. */
export interface CitedParagraph {
  anchor: string;
  paragraph: number | null;
  unit: UnitKind;
  unitLabel: string | null;
  label: string;
  labels: CitationLabels;
  section: string | null;
  /** Repaired text: what is shown and quoted. */
  text: string;
  /** The text as printed in the source (OCR), for checking. */
  raw: string;
}

export interface Passage extends CitedParagraph {
  source: string;
  docId: string;
  symbol: string | null;
  title: string;
  score: number;
}

export interface Quote {
  text: string;
  /** Index in `AskResponse.passages` of the passage the sentence comes from. */
  passage: number;
}

export interface AskResponse {
  question: string;
  lang: Lang;
  answer: string;
  found: boolean;
  quotes: Quote[];
  passages: Passage[];
}

export interface AskRequest {
  question: string;
  k?: number;
  /** Restricts retrieval to these document ids; omitted means every document. */
  docs?: string[];
}

export interface DocumentSummary {
  id: string;
  source: string;
  symbol: string | null;
  title: string;
  titleEn: string;
  date: string;
  paragraphs: number;
}

export interface Note {
  mark: string;
  text: string;
}

export interface DocumentParagraph extends CitedParagraph {
  notes: Note[];
}

export interface DocumentDetail {
  document: DocumentSummary;
  paragraphs: DocumentParagraph[];
}

/**
 * Why a request failed. `unreachable`: no answer at all (server down, network);
 * `timeout`: no answer in time; `http`: the server answered with an error status.
 */
export type ApiFailure =
  | { kind: 'unreachable' }
  | { kind: 'timeout' }
  | { kind: 'http'; status: number; code: string | null; message: string | null };

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly failure: ApiFailure) {
    super(failure.kind === 'http' ? (failure.message ?? `HTTP ${failure.status}`) : failure.kind);
  }
}

export interface ApiOptions {
  /** Gives up after this long; retrieval answers in well under a second. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Asks the question and returns the cited passages.
 * @example
 * const answer = await ask({ question: 'Que dit-on des envois de fonds ?', docs: ['a-res-68-4'] });
 */
export function ask(body: AskRequest, options: ApiOptions = {}): Promise<AskResponse> {
  return request<AskResponse>(
    '/api/ask',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    options,
  );
}

export async function listDocuments(options: ApiOptions = {}): Promise<DocumentSummary[]> {
  const body = await request<{ documents: DocumentSummary[] }>('/api/documents', {}, options);
  return body.documents;
}

export function getDocument(docId: string, options: ApiOptions = {}): Promise<DocumentDetail> {
  return request<DocumentDetail>(`/api/documents/${encodeURIComponent(docId)}`, {}, options);
}

async function request<T>(path: string, init: RequestInit, options: ApiOptions): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers }, signal });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(timeout.aborted ? { kind: 'timeout' } : { kind: 'unreachable' });
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page, or an empty body: reported from the status alone.
  }
  if (!response.ok || body === null) {
    const error = errorOf(body);
    throw new ApiError({ kind: 'http', status: response.status, code: error.code, message: error.message });
  }
  return body as T;
}

/** Reads `{ "error": { "code", "message" } }`, tolerating anything else. */
export function errorOf(body: unknown): { code: string | null; message: string | null } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    code: typeof error.code === 'string' ? error.code : null,
    message: typeof error.message === 'string' && error.message.trim() !== '' ? error.message : null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
