import { REQUEST_TIMEOUT_SECONDS, type LoadResult } from './load.ts';
import type { BenchOptions, CorpusFigures } from './run.ts';

const MB = 1e6;
const GB = 1e9;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (s: number) => (s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`);
const ms = (m: number) => (m < 1 ? '< 1 ms' : m < 10 ? `${m.toFixed(1)} ms` : `${Math.round(m)} ms`);
const size = (bytes: number) => (bytes >= GB ? `${(bytes / GB).toFixed(2)} GB` : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`);
const share = (x: number) => x.toFixed(2);

/** A latency percentile, with the requests that timed out and so are in no percentile. */
function latency(result: Pick<LoadResult, 'requests' | 'timeouts'>, value: number): string {
  if (result.requests === 0) return `no answer within ${REQUEST_TIMEOUT_SECONDS} s`;
  return result.timeouts > 0 ? `${ms(value)} + ${result.timeouts} timed out` : ms(value);
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function corpusName(f: CorpusFigures): string {
  return f.size === 0 ? 'the five documents' : `+ ${count(f.size)} ¶ synthetic`;
}

/** The tables the README keeps, and what one machine holds per GB. */
export function markdownReport(figures: CorpusFigures[], options: BenchOptions, loadAverage: number[]): string {
  const build = table(
    ['corpus', 'documents', 'paragraphs', 'build', 'paragraphs/s', 'build peak RSS', 'index on disk', 'add one document'],
    figures.map((f) => [
      corpusName(f), count(f.documents), count(f.paragraphs), seconds(f.build.seconds), count(f.build.paragraphsPerSecond),
      size(f.build.peakRss), size(f.indexBytes), seconds(f.addOneDocumentSeconds),
    ]),
  );
  const serving = table(
    ['corpus', 'server RSS warm → after load (peak)', 'ask p50 / p95, one client', `ask, ${options.connections} conn.: req/s, p50 / p99`, 'health req/s', 'ask ÷ health', 'health p99 under ask load', 'ask non-2xx'],
    figures.map((f) => [
      corpusName(f),
      `${size(f.serverWarm.rss)} → ${size(f.serverAfterLoad.rss)} (${size(f.serverAfterLoad.peak)})`,
      `${ms(f.askOneClient.p50)} / ${ms(f.askOneClient.p95)}`,
      `${count(f.ask.perSecond)}, ${ms(f.ask.p50)} / ${latency(f.ask, f.ask.p99)}`,
      count(f.health.perSecond),
      `${(100 * f.askToHealth).toFixed(1)} %`,
      `${latency(f.healthUnderAskLoad, f.healthUnderAskLoad.p99)} (${f.healthUnderAskLoad.requests} ${f.healthUnderAskLoad.requests === 1 ? 'probe' : 'probes'})`,
      `${f.ask.non2xx + f.askWithProbe.non2xx}`,
    ]),
  );
  const sets = Object.keys(figures[0]?.quality.evaluation ?? {});
  const quality = table(
    ['corpus', 'recall@10 vs exact: HNSW (ef) or sparse pool', ...sets.flatMap((s) => [`${s} fr R@1 / R@5 / R@10`, `${s} en R@1 / R@5 / R@10`])],
    figures.map((f) => [
      corpusName(f),
      f.quality.hnsw.map((h) => `${h.recallAt10.toFixed(3)} (${h.ef > 0 ? h.ef : 'sparse'})`).join(', '),
      ...sets.flatMap((s) =>
        (['fr', 'en'] as const).map((lang) => {
          const r = f.quality.evaluation[s]![lang];
          return `${share(r.recallAt1)} / ${share(r.recallAt5)} / ${share(r.recallAt10)}`;
        }),
      ),
    ]),
  );
  return [
    `${options.embedder === 'neural' ? `Neural (${options.model}) and offline` : 'Offline'} index, ${options.connections} connections × ${options.duration} s per load run, loopback, seed ${options.seed}; ` +
      `load average ${loadAverage.map((l) => l.toFixed(1)).join(' → ')} (other work on the machine slows every figure).`,
    '',
    build,
    '',
    serving,
    '',
    quality,
    '',
    ...perParagraph(figures),
  ].join('\n');
}

/** Marginal cost of a paragraph between the smallest and the largest corpus: what one machine holds. */
function perParagraph(figures: CorpusFigures[]): string[] {
  const [small, large] = [figures[0], figures.at(-1)];
  if (!small || !large || large.paragraphs <= small.paragraphs) return [];
  const added = large.paragraphs - small.paragraphs;
  const server = (large.serverAfterLoad.rss - small.serverAfterLoad.rss) / added;
  const disk = (large.indexBytes - small.indexBytes) / added;
  const build = (large.build.peakRss - small.build.peakRss) / added;
  return [
    `Per paragraph (from ${count(small.paragraphs)} to ${count(large.paragraphs)}): server ${(server / 1024).toFixed(1)} KiB ` +
      `(${count(GB / server)} paragraphs per GB of server memory), build peak ${(build / 1024).toFixed(1)} KiB, disk ${(disk / 1024).toFixed(1)} KiB.`,
  ];
}
