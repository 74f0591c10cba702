import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { UnknownDocumentError } from '../assistant.ts';
import type { ValidAskRequest } from '../contract.ts';
import type { IndexDescription, RetrievalReply, RetrievalTask, WorkerSettings } from './protocol.ts';

export interface PoolOptions extends WorkerSettings {
  /** Worker threads, each holding the whole index. */
  workers: number;
  /** Tasks allowed to wait for a worker; one more is refused with `PoolOverloadedError`. */
  queueLimit: number;
}

/** Every worker is busy and the queue is full: the client should come back shortly. */
export class PoolOverloadedError extends Error {
  override name = 'PoolOverloadedError';
}

/** The request's deadline passed before its answer came. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/** The index could not be opened; the message says why, in one line. */
export class IndexUnavailableError extends Error {
  override name = 'IndexUnavailableError';
}

const WORKER_FILE = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
/** Workers yield the CPU to the HTTP thread, so health, static files and accepting stay quick while questions saturate the cores. */
const WORKER_NICE_INCREMENT = 5;
/** Piscina's message when `maxQueue` is reached. */
const QUEUE_FULL_MESSAGE = 'Task queue is at limit';

/**
 * One loaded index served by worker threads: questions and documents are
 * answered off the HTTP thread, which stays free for health and static files.
 * @example
 * const pool = await RetrievalPool.open({ indexDir: 'index/data', workers: 2, queueLimit: 16 });
 * const json = await pool.ask({ question: 'remittances', k: 5 }, 5000);
 */
export class RetrievalPool {
  private constructor(
    private readonly piscina: Piscina<RetrievalTask, RetrievalReply>,
    /** The build folder `current` pointed to when the workers opened it. */
    readonly build: string,
    readonly description: IndexDescription,
    readonly queueLimit: number,
  ) {}

  /** Starts the workers and waits until each has opened the index; refuses a broken or changing one. */
  static async open(options: PoolOptions): Promise<RetrievalPool> {
    const build = await currentBuild(options.indexDir);
    const piscina = new Piscina<RetrievalTask, RetrievalReply>({
      filename: WORKER_FILE,
      minThreads: options.workers,
      maxThreads: options.workers,
      // While the workers start, their first tasks wait in the queue: it must hold one per worker.
      maxQueue: Math.max(options.queueLimit, options.workers),
      // Workers hold the index: never let one go idle and reload it.
      idleTimeout: Number.POSITIVE_INFINITY,
      niceIncrement: WORKER_NICE_INCREMENT,
      workerData: { indexDir: options.indexDir, modelsDir: options.modelsDir } satisfies WorkerSettings,
    });
    try {
      const replies = await Promise.all(Array.from({ length: options.workers }, () => piscina.run({ op: 'describe' })));
      const descriptions = replies.map((r) => (r.kind === 'description' ? r.description : null));
      const first = descriptions[0];
      const settled = (await currentBuild(options.indexDir)) === build;
      if (!first || !settled || descriptions.some((d) => d?.index.builtAt !== first.index.builtAt)) {
        throw new IndexUnavailableError(`the index at ${options.indexDir} changed while it was being loaded`);
      }
      return new RetrievalPool(piscina, build, first, piscina.options.maxQueue);
    } catch (err) {
      await piscina.destroy();
      throw err instanceof IndexUnavailableError ? err : new IndexUnavailableError((err as Error).message);
    }
  }

  /** The answer as JSON text, ready to send. */
  async ask(request: ValidAskRequest, deadlineMs: number): Promise<string> {
    return this.json(await this.run({ op: 'ask', request, expiresAt: Date.now() + deadlineMs }, deadlineMs));
  }

  /** A document and its paragraphs as JSON text; `UnknownDocumentError` for an unknown id. */
  async document(id: string, deadlineMs: number): Promise<string> {
    return this.json(await this.run({ op: 'document', id, expiresAt: Date.now() + deadlineMs }, deadlineMs));
  }

  get workers(): number {
    return this.piscina.threads.length;
  }

  /** Tasks waiting for a worker. */
  get waiting(): number {
    return this.piscina.queueSize;
  }

  /** Lets queued and running tasks finish, then stops the workers. */
  close(): Promise<void> {
    return this.piscina.close();
  }

  private json(reply: RetrievalReply): string {
    if (reply.kind === 'json') return reply.json;
    if (reply.kind === 'unknown_document') throw new UnknownDocumentError(reply.id);
    throw new DeadlineExceededError('the answer took longer than the deadline');
  }

  /** Runs a task, answering by the deadline whatever happens; a running task is never killed (its worker holds the index). */
  private async run(task: RetrievalTask, deadlineMs: number): Promise<RetrievalReply> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<RetrievalReply>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'expired' }), deadlineMs);
    });
    const running = this.piscina.run(task);
    // Past the deadline nobody awaits it: a late failure must not become an unhandled rejection.
    running.catch(() => {});
    try {
      return await Promise.race([running, deadline]);
    } catch (err) {
      if ((err as Error).message === QUEUE_FULL_MESSAGE) throw new PoolOverloadedError('every worker is busy and the queue is full');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The build folder `<indexDir>/current` points to now, or the link itself when there is none yet. */
export async function currentBuild(indexDir: string): Promise<string> {
  const link = path.join(indexDir, 'current');
  return realpath(link).catch(() => link);
}
