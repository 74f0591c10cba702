import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../index/build.ts';
import { readConfig } from '../index/config.ts';
import { chooseEmbedders } from '../index/embeddings/choose.ts';
import { Glossary } from '../index/glossary.ts';
import { loadQuestions } from '../eval/questions.ts';
import { startServer } from '../server/serve.ts';

/**
 * `npm run bench`: builds an index in a temp folder (EMBEDDER, NEURAL_MODEL,
 * MODELS_DIR as for `npm run index`; default offline), then times POST
 * /api/ask over loopback with the evaluation questions, one client and then
 * several at once, and reports sizes and the server's memory.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '4' } } });
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  const config = readConfig({ EMBEDDER: 'offline', ...process.env });
  const glossary = Glossary.load();
  const root = await mkdtemp(path.join(os.tmpdir(), 'bench-index-'));
  try {
    const rssBefore = process.memoryUsage().rss;
    const { embedders } = await chooseEmbedders(config, glossary);
    const summary = await buildIndex({ indexDir: root, glossary, embedders });
    console.log(`index: ${summary.paragraphs} paragraphs in ${summary.seconds.toFixed(2)} s, ${(await folderSize(summary.dir)) / 1024 | 0} KiB on disk`);
    for (const e of summary.embedders) console.log(`  ${e.id}: ${e.dim} dims, ${e.perSecond.toFixed(0)} paragraphs/s`);

    const server = await startServer({ port: 0, indexDir: root, modelsDir: config.MODELS_DIR });
    const questions = (await loadQuestions()).map((q) => q.question);
    const ask = async (question: string) => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.json();
      return performance.now() - t0;
    };
    await ask(questions[0]!); // warm-up

    const sequential: number[] = [];
    for (let r = 0; r < rounds; r++) for (const q of questions) sequential.push(await ask(q));
    report(`sequential, ${sequential.length} requests`, sequential);

    const queue = Array.from({ length: rounds }, () => questions).flat();
    const concurrent: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let q = queue.shift(); q !== undefined; q = queue.shift()) concurrent.push(await ask(q));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    report(`${concurrency} concurrent clients, ${concurrent.length} requests, ${(concurrent.length / seconds).toFixed(0)} req/s`, concurrent);
    console.log(`memory: ${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MiB added by index + server (rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)`);
    await server.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function report(label: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  console.log(`ask latency (${label}): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderSize(p) : (await stat(p)).size;
  }
  return total;
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
