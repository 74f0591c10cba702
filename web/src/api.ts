/**
 * The server's JSON API (`/api/*`). Its types come from the server's contract
 * (`server/contract.ts`, the zod schemas that validate requests and describe
 * `/api/openapi.json`), so the page and the server cannot drift apart.
 * Citations are data: the server formats labels in both languages; the page only picks one.
 */
import type { AskRequest, AskResponse, DocumentDetail, DocumentSummary } from '../../server/contract.ts';


export type {
  AskRequest,
  AskResponse,
  CitationLabels,
  CitedParagraph,
  DocumentDetail,
  DocumentParagraph,
  DocumentSummary,
  Lang,
  Note,
  Passage,
  Quote,
  UnitKind,
} from '../../server/contract.ts';

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
  if (response.status === 401) {
    // The server wants its access token and the sign-in cookie is gone: sign in again, then come back here.
    window.location.assign(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!response.ok || body === null) {
    const error = errorOf(body);
    throw new ApiError({ kind: 'http', status: response.status, code: error.code, message: error.message });
  }
  return body as T;
}

/** Reads `{ "error": { "code", "message" } }`, tolerating anything else. */
function errorOf(body: unknown): { code: string | null; message: string | null } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    code: typeof error.code === 'string' ? error.code : null,
    message: typeof error.message === 'string' && error.message.trim() !== '' ? error.message : null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
