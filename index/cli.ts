import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { buildIndex, type BuildProgress, type BuildSummary } from './build.ts';
import { readConfig } from './config.ts';
import { chooseEmbedders } from './embeddings/choose.ts';
import { Glossary } from './glossary.ts';
import { corpusContentTerms, Lexicon } from './lexicon.ts';
import { readIndex } from './store.ts';

/** Exit codes of a process stopped by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
/**
 * How often the build checks that the process that started it is alive: npm
 * exits on SIGTERM without passing it on, and an orphaned build would go on
 * to switch `current`. Its death counts as a hangup.
 */
const PARENT_CHECK_MS = 250;
/** Uncovered lemmas listed after the lexicon's coverage: the most frequent, the ones worth adding first. */
const UNCOVERED_SHOWN = 10;
/**
 * Paragraphs over which the corpus's coverage is measured: every document up
 * to this, an even sample of documents beyond (a share, well estimated by
 * 20k paragraphs; the whole of 100k took ~100 s and 2 GB).
 */
const COVERAGE_PARAGRAPHS = 20_000;

/**
 * `npm run index`: builds the index from corpus/ into index/data (CORPUS_DIR,
 * INDEX_DIR), with the embedders EMBEDDER asks for (see chooseEmbedders).
 * Reuses unchanged documents from the current index; `-- --full` rebuilds all.
 * SIGINT or SIGTERM stops it cleanly: the partial build is removed and the
 * current index stays in use.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { full: { type: 'boolean', default: false } } });
  const config = readConfig();
  const stop = new AbortController();
  const halt = (signal: keyof typeof SIGNAL_EXIT) => {
    // A second signal while the first is being honoured: leave at once (the next build clears leftovers).
    if (stop.signal.aborted) process.exit(SIGNAL_EXIT[signal]);
    stop.abort(signal);
  };
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM'] as const) process.on(signal, () => halt(signal));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && halt('SIGHUP'), PARENT_CHECK_MS).unref();
  const glossary = Glossary.load();
  const { embedders, notice } = await chooseEmbedders(config, glossary);
  if (notice) console.log(notice);
  const progress = new StageBar();
  try {
    const summary = await buildIndex({
      embedders,
      glossary,
      onProgress: (e) => progress.show(e),
      indexDir: config.INDEX_DIR,
      corpusDir: config.CORPUS_DIR,
      full: values.full,
      signal: stop.signal,
    });
    progress.stop();
    for (const e of summary.embedders) console.log(`${e.id}: ${e.dim} dimensions, ${e.perSecond.toFixed(0)} paragraphs/s`);
    const reused = summary.reusedDocuments > 0 ? ` (${summary.reusedDocuments} unchanged documents reused)` : '';
    console.log(`index built: ${summary.documents} documents, ${summary.paragraphs} paragraphs in ${summary.seconds.toFixed(1)} s${reused} → ${summary.dir}`);
    await reportLexiconCoverage(config.INDEX_DIR, summary);
  } catch (err) {
    progress.stop();
    if (stop.signal.aborted) {
      const signal = stop.signal.reason as keyof typeof SIGNAL_EXIT;
      console.error(`index: stopped by ${signal}; the partial build was removed and the current index is unchanged`);
      process.exit(SIGNAL_EXIT[signal]);
    }
    throw err;
  }
}

/** One progress bar per stage, with the rate and the time left. */
class StageBar {
  private readonly bar = new cliProgress.SingleBar(
    {
      format: '{stage} [{bar}] {value}/{total} paragraphs | {rate}/s | {eta_formatted} left',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  private stage = '';
  private started = 0;

  show(e: BuildProgress): void {
    if (e.stage === 'segment') {
      const reused = e.reusedDocuments > 0 ? `, ${e.reusedDocuments} documents unchanged since the current index` : '';
      console.log(`${e.documents} documents, ${e.paragraphs} paragraphs${reused}`);
      return;
    }
    if (e.stage === 'full') {
      console.log(`full build: the current index cannot be reused (${e.reason})`);
      return;
    }
    if (e.stage === 'write') {
      this.stop();
      const graphs = e.graphs === 0 ? '' : e.graphs === 1 ? ', with an HNSW graph' : `, with ${e.graphs} HNSW graphs`;
      console.log(e.paragraphs > 0 ? `writing ${e.paragraphs} paragraphs and their lexical index${graphs}` : `writing the index (every document reused)${graphs}`);
      return;
    }
    const stage = e.stage === 'embed' ? `embedding (${e.embedder})` : 'analysing';
    if (stage !== this.stage) {
      this.stop();
      this.stage = stage;
      this.started = performance.now();
      this.bar.start(e.total, e.done, { stage, rate: '-' });
      return;
    }
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(e.done, { rate: seconds > 0 ? (e.done / seconds).toFixed(0) : '-' });
  }

  stop(): void {
    if (this.stage) this.bar.stop();
    this.stage = '';
  }
}

/**
 * How much of the corpus's content vocabulary the French→English lexicon
 * covers and what it misses most; after an incremental build, the same for
 * the documents just added or changed.
 */
async function reportLexiconCoverage(indexDir: string, summary: BuildSummary): Promise<void> {
  const lexicon = Lexicon.load();
  if (summary.reusedDocuments > 0 && summary.analysedDocuments.length > 0) {
    // Adding to a large corpus stays quick: the corpus's figure is the last build's, only the newcomers are measured, from the build's own texts.
    console.log(`lexicon, new or changed documents: ${describeCoverage(lexicon, summary.analysedTexts)}`);
    return;
  }
  const index = await readIndex(indexDir, { corpusDir: null });
  try {
    const documents = index.meta.documents;
    const every = Math.max(1, Math.ceil(index.size / COVERAGE_PARAGRAPHS));
    const sample = documents.filter((_, i) => i % every === 0);
    const scope = every === 1 ? `all ${documents.length} documents` : `an even sample of ${sample.length} of ${documents.length} documents`;
    const texts = (function* () {
      for (const d of sample) for (const id of index.idsOf(d.id)) yield index.paragraph(id).text;
    })();
    console.log(`lexicon: ${describeCoverage(lexicon, texts)} (${scope})`);
  } finally {
    index.close();
  }
}

function describeCoverage(lexicon: Lexicon, texts: Iterable<string>): string {
  const coverage = lexicon.coverage(corpusContentTerms(texts));
  const missing = coverage.uncovered.slice(0, UNCOVERED_SHOWN).map(([term, n]) => `${term} (${n})`);
  const uncovered = missing.length > 0 ? `; most frequent uncovered: ${missing.join(', ')}` : '';
  return `covers ${(coverage.share * 100).toFixed(1)}% of ${coverage.total} content-word occurrences${uncovered}`;
}

main().catch((err: Error) => {
  console.error(`index: ${err.message}`);
  process.exit(1);
});
