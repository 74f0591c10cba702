import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { QualityReport } from './engine.ts';
import { DEFAULT_SEED, generateCorpus, PARAGRAPHS_PER_DOCUMENT } from './generate.ts';
import { askInTurn, healthOf, loadAsk, loadHealth, probeHealth, type LoadOptions, type LoadResult, type ProbeResult, type Target } from './load.ts';
import { BenchResources, exitOf, type Exit, folderBytes, freePort, peakRssOf, processMemory, REPO_DIR, type ProcessMemory } from './processes.ts';
import { markdownReport } from './report.ts';
import { benchQuestions } from './questions.ts';

/** A 100k-paragraph index takes a while to load; past this the server is taken as stuck. */
const SERVER_START_TIMEOUT_MS = 600_000;
const SERVER_POLL_MS = 250;

export interface BenchOptions {
  /** Synthetic paragraphs added to the five documents, one corpus per size. */
  sizes: number[];
  connections: number;
  /** Seconds of each load run. */
  duration: number;
  /** Passes over the evaluation questions for the one-client latency. */
  rounds: number;
  seed: number;
  /** Evaluation questions used as recall queries (HNSW graphs, the sparse pool). */
  recallQueries: number;
  /**
   * EMBEDDER for `npm run index`: `offline` (default), or `neural` with the
   * model MODELS_DIR and NEURAL_MODEL name in the environment, whose HNSW graph
   * the quality step then measures (e.g. the test model: MODELS_DIR=test/fixtures/models NEURAL_MODEL=tiny/bert-tiny).
   */
  embedder: 'offline' | 'neural';
  /** NEURAL_MODEL, with `--embedder neural`. */
  model?: string;
  outDir: string;
  /** A results file to print again as Markdown instead of measuring. */
  reportOf?: string;
}

export interface CorpusFigures {
  /** Synthetic paragraphs asked for (0: the five documents alone). */
  size: number;
  documents: number;
  paragraphs: number;
  build: { seconds: number; paragraphsPerSecond: number; peakRss: number };
  indexBytes: number;
  /** Rebuild after adding one 50-paragraph document, seconds. */
  addOneDocumentSeconds: number;
  serverWarm: ProcessMemory;
  serverAfterLoad: ProcessMemory;
  askOneClient: { p50: number; p95: number; requests: number };
  ask: LoadResult;
  health: LoadResult;
  /** ask's throughput over health's, both measured alone in this run. */
  askToHealth: number;
  /** The ask load run again, while one client probes /api/health. */
  askWithProbe: LoadResult;
  healthUnderAskLoad: ProbeResult;
  quality: QualityReport;
}

/** What a run writes to bench/results/ (and `--report` prints again). */
interface SavedResults {
  machine: { cpus: number; cpu?: string; memory: number; node: string; loadAverage: number[] };
  options: BenchOptions;
  corpora: CorpusFigures[];
}

class BenchError extends Error {
  override name = 'BenchError';
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      connections: { type: 'string', default: '32' },
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'recall-queries': { type: 'string', default: '50' },
      embedder: { type: 'string', default: 'offline' },
      out: { type: 'string', default: path.join(REPO_DIR, 'bench/results') },
      report: { type: 'string' },
    },
  });
  const whole = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new BenchError(`--${name} must be an integer ≥ ${min}, not "${text}"`);
    return n;
  };
  return {
    sizes: values.sizes === '' ? [] : values.sizes.split(',').map((s) => whole('sizes', s.trim(), 1)),
    connections: whole('connections', values.connections, 1),
    duration: whole('duration', values.duration, 1),
    rounds: whole('rounds', values.rounds, 1),
    seed: whole('seed', values.seed, 0),
    recallQueries: whole('recall-queries', values['recall-queries'], 1),
    embedder: embedderOption(values.embedder),
    model: values.embedder === 'neural' ? process.env.NEURAL_MODEL : undefined,
    outDir: path.resolve(values.out),
    reportOf: values.report,
  };
}

function embedderOption(value: string): BenchOptions['embedder'] {
  if (value !== 'offline' && value !== 'neural') throw new BenchError(`--embedder must be offline or neural, not "${value}"`);
  if (value === 'neural' && !(process.env.MODELS_DIR && process.env.NEURAL_MODEL)) {
    throw new BenchError('--embedder neural needs MODELS_DIR and NEURAL_MODEL in the environment (the model is never downloaded)');
  }
  return value;
}

/**
 * `npm run bench`: for the five documents and for each size, generates a
 * corpus (the five plus synthetic distractors), builds it with `npm run
 * index` (offline embedder, or `--embedder neural`) in a child process, serves it with the real
 * server in another, loads it over loopback, measures quality in a third, and
 * times adding one document. Prints Markdown tables; writes JSON.
 */
async function main(): Promise<void> {
  const options = readOptions();
  if (options.reportOf) {
    const saved = JSON.parse(await readFile(options.reportOf, 'utf8')) as SavedResults;
    console.log(markdownReport(saved.corpora, saved.options, saved.machine.loadAverage ?? []));
    return;
  }
  const resources = new BenchResources();
  const interrupted = (signal: string) => {
    console.error(`bench: ${signal}, stopping children and removing temp folders`);
    void resources.release().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const loadAverage = [os.loadavg()[0]!];
    const questions = (await benchQuestions())['questions.json'].map((q) => q.question);
    const figures: CorpusFigures[] = [];
    for (const size of [0, ...options.sizes]) {
      figures.push(await measureCorpus(resources, options, size, questions));
    }
    loadAverage.push(os.loadavg()[0]!);
    const report = markdownReport(figures, options, loadAverage);
    console.log(`\n${report}`);
    await mkdir(options.outDir, { recursive: true });
    const file = path.join(options.outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory: os.totalmem(), node: process.version, loadAverage };
    const saved: SavedResults = { machine, options, corpora: figures };
    await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
  } finally {
    await resources.release();
  }
}

async function measureCorpus(resources: BenchResources, options: BenchOptions, size: number, questions: string[]): Promise<CorpusFigures> {
  const say = (what: string) => console.error(`[${size === 0 ? 'five documents' : `+${size} ¶`}] ${what}`);
  const root = await resources.tempDir('bench-');
  const corpusDir = path.join(root, 'corpus');
  const indexDir = path.join(root, 'index');
  const synthetic = Math.ceil(size / PARAGRAPHS_PER_DOCUMENT);
  try {
    say(`generating ${synthetic} synthetic documents`);
    await generateCorpus(corpusDir, { documents: synthetic, seed: options.seed });

    say(`building the index (npm run index, ${options.embedder})`);
    const build = await buildIndex(resources, corpusDir, indexDir, root, options.embedder);
    const indexBytes = await folderBytes(indexDir);

    say('serving and loading it');
    const serving = await measureServing(resources, indexDir, questions, options);
    say(`quality (evaluation sets, recall against exact search on ${options.recallQueries} queries)`);
    const quality = await measureQualityApart(resources, indexDir, options.recallQueries, root);

    say('adding one document and rebuilding');
    await generateCorpus(corpusDir, { documents: synthetic + 1, seed: options.seed });
    const added = await buildIndex(resources, corpusDir, indexDir, root, options.embedder);

    const { documents, paragraphs } = serving.served;
    say(`done: ${paragraphs} paragraphs`);
    return {
      size,
      documents,
      paragraphs,
      build: { seconds: build.seconds, paragraphsPerSecond: paragraphs / build.seconds, peakRss: build.peakRss },
      indexBytes,
      addOneDocumentSeconds: added.seconds,
      ...serving.figures,
      quality,
    };
  } finally {
    await resources.remove(root);
  }
}

/** `npm run index` as a user runs it; wall-clock seconds and the process's peak RSS. */
async function buildIndex(
  resources: BenchResources,
  corpusDir: string,
  indexDir: string,
  root: string,
  embedder: BenchOptions['embedder'],
): Promise<{ seconds: number; peakRss: number }> {
  const peakFile = path.join(root, 'build-peak-rss');
  const t0 = performance.now();
  const child = resources.spawnScript('index/cli.ts', { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDER: embedder }, { peakFile });
  const exit = await exitOf(child);
  const seconds = (performance.now() - t0) / 1000;
  if (exit.code !== 0) throw new BenchError(`npm run index failed (exit ${exit.code}): ${lastLine(exit.stderr)}`);
  return { seconds, peakRss: await peakRssOf(peakFile) };
}

type ServingFigures = Pick<CorpusFigures, 'serverWarm' | 'serverAfterLoad' | 'askOneClient' | 'ask' | 'health' | 'askToHealth' | 'askWithProbe' | 'healthUnderAskLoad'>;

async function measureServing(
  resources: BenchResources,
  indexDir: string,
  questions: string[],
  options: BenchOptions,
): Promise<{ served: { documents: number; paragraphs: number }; figures: ServingFigures }> {
  const port = await freePort();
  // One loopback client drives every load: the per-client rate limit would measure the limiter, not the server.
  const server = resources.spawnScript('server/main.ts', { INDEX_DIR: indexDir, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT: '0' });
  const exit = exitOf(server);
  const target: Target = { origin: `http://127.0.0.1:${port}` };
  try {
    const served = await waitUntilServing(target, exit);
    await askInTurn(target, questions, 1); // warm-up: lazy loads, JIT, caches
    const serverWarm = await processMemory(server.pid!);
    const askOneClient = await askInTurn(target, questions, options.rounds);
    const load: LoadOptions = { connections: options.connections, seconds: options.duration };
    const health = await loadHealth(target, load);
    const ask = await loadAsk(target, questions, load);
    const { result: askWithProbe, probe: healthUnderAskLoad } = await probeHealth(target, loadAsk(target, questions, load));
    const serverAfterLoad = await processMemory(server.pid!);
    return {
      served,
      figures: { serverWarm, serverAfterLoad, askOneClient, ask, health, askToHealth: ask.perSecond / health.perSecond, askWithProbe, healthUnderAskLoad },
    };
  } finally {
    await resources.stop(server);
  }
}

async function waitUntilServing(target: Target, exit: Promise<Exit>): Promise<{ documents: number; paragraphs: number }> {
  const state: { ended: Exit | null } = { ended: null };
  void exit.then((e) => (state.ended = e));
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (state.ended) throw new BenchError(`the server exited (${state.ended.code}): ${lastLine(state.ended.stderr)}`);
    const health = await healthOf(target);
    if (health) return health.index ?? { documents: 0, paragraphs: 0 };
    await new Promise((resolve) => setTimeout(resolve, SERVER_POLL_MS));
  }
  throw new BenchError(`the server did not answer /api/health within ${SERVER_START_TIMEOUT_MS / 1000} s`);
}

/** Quality in a child process: a large index loaded for it does not stay in the benchmark's memory. */
async function measureQualityApart(resources: BenchResources, indexDir: string, recallQueries: number, root: string): Promise<QualityReport> {
  const reportFile = path.join(root, 'quality.json');
  const child = resources.spawnScript('bench/quality.ts', {}, { args: [indexDir, String(recallQueries), reportFile] });
  const exit = await exitOf(child);
  if (exit.code !== 0) throw new BenchError(`quality measurement failed (exit ${exit.code}): ${lastLine(exit.stderr)}`);
  return JSON.parse(await readFile(reportFile, 'utf8')) as QualityReport;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) || '(no output)';
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
