import { workerData } from 'piscina';
import type { IndexMeta } from '../../index/store.ts';
import { Assistant, UnknownDocumentError, summarizeDocument } from '../assistant.ts';
import type { IndexDescription, RetrievalReply, RetrievalTask, WorkerSettings } from './protocol.ts';

const settings = workerData as WorkerSettings;
// Opening starts with the worker, so the pool is warm before its first question; a failure is reported by every task.
const opening = Assistant.open(settings.indexDir, { modelsDir: settings.modelsDir });
opening.catch(() => {});

/** A retrieval worker's one entry point (see `RetrievalPool`). */
export default async function answer(task: RetrievalTask): Promise<RetrievalReply> {
  const assistant = await opening;
  if (task.op === 'describe') return { kind: 'description', description: describeIndex(assistant.index.meta) };
  if (Date.now() > task.expiresAt) return { kind: 'expired' };
  if (task.op === 'ask') {
    const { question, k, docs } = task.request;
    return { kind: 'json', json: JSON.stringify(await assistant.ask(question, { k, docs })) };
  }
  try {
    return { kind: 'json', json: JSON.stringify(assistant.document(task.id)) };
  } catch (err) {
    if (err instanceof UnknownDocumentError) return { kind: 'unknown_document', id: err.id };
    throw err;
  }
}

/** `readIndex` checked every listed file's SHA-256 and the fingerprint before the index got here. */
function describeIndex(meta: IndexMeta): IndexDescription {
  return {
    index: {
      builtAt: meta.builtAt,
      fingerprint: meta.fingerprint.hash,
      verified: meta.files.length > 0,
      documents: meta.documents.length,
      paragraphs: meta.paragraphCount,
      embedders: meta.embedders.map(({ descriptor: { id, kind, dim } }) => ({ id, kind, dim })),
    },
    documents: meta.documents.map(summarizeDocument),
  };
}
