import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildIndex } from '../index/build.ts';
import { OfflineEmbeddings } from '../index/embeddings/offline.ts';
import { Glossary } from '../index/glossary.ts';
import { HEALTH_ROUTE } from '../server/contract.ts';
import { startServer, type RunningServer } from '../server/serve.ts';
import { sendStalledAsk } from '../test/raw-http.ts';

/** Long enough for a steady state, short enough to rerun. */
const LOAD_SECONDS = 10;
/** As many clients as the saturation runs. */
const ASK_CONNECTIONS = 32;
/** A queue shorter than the clients: what a client that ignores `Retry-After` does to the server. */
const SHORT_QUEUE = 16;
const HEALTH_CONNECTIONS = 4;

/**
 * `npm run bench:serving`: how the server holds under bad input, load and
 * slow clients, with the settings `npm start` uses by default (offline index
 * of the corpus, built in a temp folder). Prints what the README's
 * "Running it for a team" reports.
 */
async function main(): Promise<void> {
  const glossary = Glossary.load();
  const root = await mkdtemp(path.join(os.tmpdir(), 'bench-serving-'));
  try {
    await buildIndex({ indexDir: root, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
    const server = await startServer({ port: 0, indexDir: root, watch: false });
    try {
      await badInputs(server);
      await saturation(server, `default queue (${server.served.pool.queueLimit}): every client waits its turn`);
      await stalledBody(server);
    } finally {
      await server.close();
    }
    const short = await startServer({ port: 0, indexDir: root, watch: false, queueLimit: SHORT_QUEUE });
    try {
      await saturation(short, `queue of ${SHORT_QUEUE}: the clients past it get 503 and retry at once`);
    } finally {
      await short.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function badInputs(server: RunningServer): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const tries: [string, string, RequestInit][] = [
    ['malformed JSON', '/api/ask', { method: 'POST', headers: json, body: '{"question": "migr' }],
    ['question a number', '/api/ask', { method: 'POST', headers: json, body: '{"question": 42}' }],
    ['k = 0', '/api/ask', { method: 'POST', headers: json, body: '{"question": "migration", "k": 0}' }],
    ['question of 2,001 characters', '/api/ask', { method: 'POST', headers: json, body: JSON.stringify({ question: 'x'.repeat(2001) }) }],
    ['body of 20 KB', '/api/ask', { method: 'POST', headers: json, body: JSON.stringify({ question: 'a', pad: 'x'.repeat(20_000) }) }],
    ['text/plain body', '/api/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'migration' }],
    ['unknown document in docs', '/api/ask', { method: 'POST', headers: json, body: '{"question": "migration", "docs": ["nope"]}' }],
    ['unknown document id', '/api/documents/nope', {}],
    ['malformed URL escape', '/api/documents/%E0%A4%A', {}],
    ['path traversal', '/api/documents/..%2F..%2Fetc%2Fpasswd', {}],
    ['unknown API route', '/api/nope', {}],
  ];
  console.log('| bad input | status | code |\n| --- | --- | --- |');
  for (const [what, route, init] of tries) {
    const res = await fetch(server.url + route, init);
    const body = (await res.json()) as { error?: { code: string } };
    console.log(`| ${what} | ${res.status} | \`${body.error?.code}\` |`);
  }
}

async function saturation(server: RunningServer, label: string): Promise<void> {
  const asking = autocannon({
    url: `${server.url}/api/ask`,
    connections: ASK_CONNECTIONS,
    duration: LOAD_SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'What does the 2013 declaration say about making remittances cheaper?' }),
  });
  // Health is measured while the asks are saturating the workers, in the same run.
  await new Promise((done) => setTimeout(done, 1000));
  const health = await autocannon({ url: `${server.url}${HEALTH_ROUTE}`, connections: HEALTH_CONNECTIONS, duration: LOAD_SECONDS - 2 });
  const ask = await asking;
  console.log(`\n${label}`);
  console.log(`/api/ask, ${ASK_CONNECTIONS} connections, ${LOAD_SECONDS} s: ${ask.requests.average.toFixed(0)} req/s, p50 ${ask.latency.p50} ms, p99 ${ask.latency.p99} ms, ${ask['2xx']} answered, ${ask.non2xx} refused (503 overloaded)`);
  console.log(`/api/health meanwhile, ${HEALTH_CONNECTIONS} connections: ${health.requests.average.toFixed(0)} req/s, p50 ${health.latency.p50} ms, p99 ${health.latency.p99} ms, ${health.non2xx} not 200`);
}

async function stalledBody(server: RunningServer): Promise<void> {
  const started = performance.now();
  await sendStalledAsk(server.url);
  console.log(`\nstalled request body dropped after ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: Error) => {
  console.error(`bench:serving: ${err.message}`);
  process.exit(1);
});
