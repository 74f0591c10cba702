import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from './logger.ts';
import { currentBuild, IndexUnavailableError, RetrievalPool, type PoolOptions } from './pool/retrieval-pool.ts';

/** A rebuild renames `current` once, but watchers may report it several times: act once things are quiet. */
const RELOAD_SETTLE_MS = 250;

/** What a reload did: switched to a new build, found nothing new, or kept the old index because the new one is broken. */
export type ReloadOutcome = 'loaded' | 'unchanged' | 'refused';

/**
 * The index being served, swapped whole when `npm run index` writes a new
 * one: the new build is opened by a new pool beside the old, then the switch
 * is one assignment. Requests in flight finish on the pool they started on.
 * @example
 * const served = await ServedIndex.open(options, log);
 * served.watch();                       // and `process.on('SIGHUP', () => served.reload('SIGHUP'))`
 * await served.pool.ask({ question, k: 5 }, 5000);
 */
export class ServedIndex {
  private watcher: FSWatcher | null = null;
  private settle: NodeJS.Timeout | undefined;
  /** The reload in progress, so that two triggers never load twice at once. */
  private reloading: Promise<ReloadOutcome> | null = null;
  /** The one reload that follows it, for every trigger that came while it ran. */
  private followUp: Promise<ReloadOutcome> | null = null;
  private closing = false;
  private closed: Promise<void> | null = null;

  private constructor(
    private current: RetrievalPool,
    private readonly options: PoolOptions,
    private readonly log: Logger,
  ) {}

  /** Opens the index; a missing or broken one throws `IndexUnavailableError` (the server does not start). */
  static async open(options: PoolOptions, log: Logger): Promise<ServedIndex> {
    const pool = await RetrievalPool.open(options);
    log.info({ build: pool.build, builtAt: pool.description.index.builtAt, workers: pool.workers }, 'index loaded');
    return new ServedIndex(pool, options, log);
  }

  get pool(): RetrievalPool {
    return this.current;
  }

  /** False once shutting down: health answers 503 so a load balancer stops sending work. */
  get ready(): boolean {
    return !this.closing;
  }

  /** Loads the build `current` points to if it is new; keeps the old one if the new one does not open. */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.reloading) {
      // The reload under way may have read `current` before this trigger: the caller gets the outcome of the next one.
      this.followUp ??= this.reloading
        .catch(() => undefined)
        .then(() => {
          this.followUp = null;
          return this.closing ? 'unchanged' : this.reload(reason);
        });
      return this.followUp;
    }
    this.reloading = this.load(reason).finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Reloads when `<indexDir>/current` changes (a rebuild renames a new link over it). */
  watch(): void {
    this.watcher = watch(this.options.indexDir, (_event, file) => {
      if (file !== 'current') return;
      clearTimeout(this.settle);
      this.settle = setTimeout(() => void this.reload('index folder changed'), RELOAD_SETTLE_MS);
    });
    this.watcher.on('error', (err) => this.log.warn({ err: err.message }, 'index folder watch stopped; send SIGHUP to reload'));
  }

  /** Stops watching and lets the current pool finish its work; calling it again waits for the same close. */
  close(): Promise<void> {
    this.closed ??= this.stop();
    return this.closed;
  }

  private async stop(): Promise<void> {
    this.closing = true;
    clearTimeout(this.settle);
    this.watcher?.close();
    await this.followUp;
    await this.reloading;
    await this.current.close();
  }

  private async load(reason: string): Promise<ReloadOutcome> {
    if ((await currentBuild(this.options.indexDir)) === this.current.build) {
      this.log.info({ reason, build: this.current.build }, 'index unchanged, nothing to reload');
      return 'unchanged';
    }
    let next: RetrievalPool;
    try {
      next = await RetrievalPool.open(this.options);
    } catch (err) {
      const why = err instanceof IndexUnavailableError ? err.message : String(err);
      this.log.error({ reason, kept: this.current.build }, `new index refused, still serving the previous one: ${why}`);
      return 'refused';
    }
    if (this.closing) {
      await next.close();
      return 'unchanged';
    }
    const previous = this.current;
    this.current = next;
    this.log.info({ reason, build: next.build, builtAt: next.description.index.builtAt, previous: previous.build }, 'index reloaded');
    await previous.close();
    return 'loaded';
  }
}
