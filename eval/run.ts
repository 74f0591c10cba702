import { parseArgs } from 'node:util';
import { readConfig } from '../index/config.ts';
import { Assistant } from '../server/assistant.ts';
import { evaluate, type EvalReport } from './evaluate.ts';
import { loadQuestions } from './questions.ts';

/** `npm run eval`: recall@1/5/10 and MRR per language and overall, latency, and the questions that miss. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const config = readConfig();
  const assistant = await Assistant.open(config.INDEX_DIR, { modelsDir: config.MODELS_DIR });
  const questions = await loadQuestions();
  const runs: [string, EvalReport][] = [];
  for (const [name, rankings] of assistant.retriever.evaluationModes()) {
    runs.push([name, await evaluate(assistant, questions, { rankings })]);
  }
  if (values.json) {
    console.log(JSON.stringify(Object.fromEntries(runs.map(([n, r]) => [n, { byLang: r.byLang, latency: r.latency }])), null, 2));
    return;
  }
  console.log(`${questions.length} questions; recall@k = share of questions with a gold paragraph in the top k\n`);
  console.log('mode                 lang  n    R@1    R@5    R@10   MRR    p50 ms  p95 ms');
  for (const [name, report] of runs) {
    for (const lang of ['fr', 'en', 'all'] as const) {
      const s = report.byLang[lang];
      const latency = lang === 'all' ? `${report.latency.p50.toFixed(1).padStart(7)} ${report.latency.p95.toFixed(1).padStart(7)}` : '';
      console.log(
        `${name.padEnd(20)} ${lang.padEnd(4)} ${String(s.questions).padEnd(4)} ${[s.recallAt1, s.recallAt5, s.recallAt10, s.mrr].map((x) => x.toFixed(3).padEnd(6)).join(' ')} ${latency}`,
      );
    }
  }
  const [name, main] = runs.at(-1)!;
  const misses = main.outcomes.filter((o) => o.rank === null || o.rank > 5);
  console.log(`\nQuestions without a gold paragraph in the top 5 (${name}):`);
  for (const o of misses) {
    const gold = o.question.gold.map((g) => `${g.docId}:${'paragraph' in g ? g.paragraph : g.unit}`).join(', ');
    console.log(`  ${o.question.id} rank ${o.rank ?? '>10'}  gold ${gold}  got ${o.top.join(', ')}\n    ${o.question.question}`);
  }
}

main().catch((err: Error) => {
  console.error(`eval: ${err.message}`);
  process.exit(1);
});
