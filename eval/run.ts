import { parseArgs } from 'node:util';
import { readConfig } from '../index/config.ts';
import { Assistant } from '../server/assistant.ts';
import { crossValidate } from './cross-validate.ts';
import { evaluate, evaluateRelevance, type EvalReport, type RelevanceReport } from './evaluate.ts';
import { loadQuestions, loadRelevance, QUESTION_SETS, RELEVANCE_SETS, TUNING_SET } from './questions.ts';

/**
 * `npm run eval`: recall@1/5/10 and MRR per language on the tuning set and
 * the three held-out sets, for each ranking alone and fused; the relevance check's rates
 * on its calibration and test halves and on its second and third sets; the questions that miss.
 * `--json` prints the figures only, without the questions;
 * `--cross-validate` chooses fusion weights on the tuning set instead.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, 'cross-validate': { type: 'boolean', default: false } } });
  const config = readConfig();
  const assistant = await Assistant.open(config.INDEX_DIR, { modelsDir: config.MODELS_DIR });
  if (values['cross-validate']) {
    const questions = await loadQuestions(TUNING_SET);
    for (const lang of ['fr', 'en'] as const) {
      const cv = await crossValidate(assistant, questions, lang);
      console.log(`${lang}: MRR with the weights in use ${cv.current.toFixed(3)}; cross-validated ${cv.crossValidated.toFixed(3)}; best on all ${JSON.stringify(cv.best)}`);
      for (const pick of cv.picks) console.log(`  fold pick ${JSON.stringify(pick)}`);
    }
    return;
  }
  const runs: { set: string; mode: string; report: EvalReport }[] = [];
  for (const [set, file] of Object.entries(QUESTION_SETS)) {
    const questions = await loadQuestions(file);
    for (const [mode, rankings] of assistant.retriever.evaluationModes()) {
      runs.push({ set, mode, report: await evaluate(assistant, questions, { rankings }) });
    }
  }
  const relevance: Record<string, RelevanceReport> = {};
  for (const [set, file] of Object.entries(RELEVANCE_SETS)) relevance[set] = await evaluateRelevance(assistant, await loadRelevance(file));
  if (values.json) {
    const figures = runs.map(({ set, mode, report }) => ({ set, mode, byLang: report.byLang, latency: report.latency }));
    const gate = Object.fromEntries(Object.entries(relevance).map(([set, r]) => [set, r.bySplit]));
    console.log(JSON.stringify({ retrieval: figures, relevance: gate }, null, 2));
    return;
  }
  printRetrieval(runs);
  printRelevance(relevance);
  const served = runs.at(-1)!.mode;
  for (const { set, mode, report } of runs.filter((r) => r.mode === served)) printMisses(set, mode, report);
  for (const [set, { wrong }] of Object.entries(relevance)) {
    console.log(`\n${set}: relevance check wrong on (${wrong.length}):`);
    for (const q of wrong) console.log(`  ${q.split.padEnd(11)} ${q.onTopic ? 'refused ' : 'answered'} ${q.kind.padEnd(12)} ${q.question}`);
  }
}

function printRetrieval(runs: { set: string; mode: string; report: EvalReport }[]): void {
  console.log('recall@k = share of questions with a gold paragraph in the top k\n');
  console.log('set      mode                           lang  n    R@1    R@5    R@10   MRR    p50 ms  p95 ms');
  for (const { set, mode, report } of runs) {
    for (const lang of ['fr', 'en', 'all'] as const) {
      const s = report.byLang[lang];
      const latency = lang === 'all' ? `${report.latency.p50.toFixed(1).padStart(7)} ${report.latency.p95.toFixed(1).padStart(7)}` : '';
      const figures = [s.recallAt1, s.recallAt5, s.recallAt10, s.mrr].map((x) => x.toFixed(3).padEnd(6)).join(' ');
      console.log(`${set.padEnd(8)} ${mode.padEnd(30)} ${lang.padEnd(4)} ${String(s.questions).padEnd(4)} ${figures} ${latency}`);
    }
  }
}

function printRelevance(reports: Record<string, RelevanceReport>): void {
  console.log('\nrelevance check          on-topic answered   broad answered   off-topic refused');
  for (const [set, report] of Object.entries(reports)) {
    for (const [split, r] of Object.entries(report.bySplit)) {
      if (r.onTopic + r.offTopic === 0) continue;
      console.log(`${`${set} ${split}`.padEnd(24)} ${`${r.answeredOnTopic.toFixed(3)} of ${r.onTopic}`.padEnd(19)} ${r.answeredBroad.toFixed(3).padEnd(16)} ${r.refusedOffTopic.toFixed(3)} of ${r.offTopic}`);
    }
  }
}

function printMisses(set: string, mode: string, report: EvalReport): void {
  const misses = report.outcomes.filter((o) => o.rank === null || o.rank > 5);
  console.log(`\n${set}: questions without a gold paragraph in the top 5 (${mode}, ${misses.length}):`);
  for (const o of misses) {
    const gold = o.question.gold.map((g) => `${g.docId}:${'paragraph' in g ? g.paragraph : g.unit}`).join(', ');
    console.log(`  ${o.question.id} rank ${o.rank ?? '>10'}  gold ${gold}  got ${o.top.join(', ')}\n    ${o.question.question}`);
  }
}

main().catch((err: Error) => {
  console.error(`eval: ${err.message}`);
  process.exit(1);
});
