/** Messages between the HTTP thread and the retrieval workers (`worker.ts`). */
import type { DocumentSummary, Health, ValidAskRequest } from '../contract.ts';

/** What a worker needs to open the index. */
export interface WorkerSettings {
  indexDir: string;
  modelsDir?: string;
}

/**
 * `describe`: the loaded index, once per worker at start (and the first sign the index opens).
 * `ask`, `document`: the API's work. `expiresAt` (epoch ms): a task still queued past it is skipped, its client already has a 504.
 */
export type RetrievalTask =
  | { op: 'describe' }
  | { op: 'ask'; request: ValidAskRequest; expiresAt: number }
  | { op: 'document'; id: string; expiresAt: number };

/** The index a worker holds, as health and `/api/documents` show it. */
export interface IndexDescription {
  index: NonNullable<Health['index']>;
  documents: DocumentSummary[];
}

/** `json`: the response body, serialized in the worker so the HTTP thread does not. */
export type RetrievalReply =
  | { kind: 'description'; description: IndexDescription }
  | { kind: 'json'; json: string }
  | { kind: 'unknown_document'; id: string }
  | { kind: 'expired' };
