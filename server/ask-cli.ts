import { parseArgs } from 'node:util';
import { readConfig } from '../index/config.ts';
import { Assistant } from './assistant.ts';
import { K_RANGE, MAX_QUESTION_LENGTH } from './contract.ts';

const USAGE = 'usage: npm run ask -- "question" [--k 5] [--doc <docId>]… [--json]';

/** `npm run ask -- "question"`: the same answer and citations as the API, in a terminal. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { k: { type: 'string', default: String(K_RANGE.default) }, doc: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
  });
  const question = positionals.join(' ').trim();
  const k = Number(values.k);
  if (question === '') throw new Error(`no question given; ${USAGE}`);
  if (question.length > MAX_QUESTION_LENGTH) throw new Error(`the question is longer than ${MAX_QUESTION_LENGTH} characters`);
  if (!Number.isInteger(k) || k < K_RANGE.min || k > K_RANGE.max) throw new Error(`--k must be a whole number from ${K_RANGE.min} to ${K_RANGE.max}`);

  const config = readConfig();
  const assistant = await Assistant.open(config.INDEX_DIR, { modelsDir: config.MODELS_DIR });
  const result = await assistant.ask(question, { k, docs: values.doc });
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`${result.answer}\n`);
  console.log(result.found ? 'Passages:' : 'Nearest passages (not an answer):');
  result.passages.forEach((p, i) => {
    console.log(`\n${i + 1}. ${p.label} — ${p.section ?? p.title}  [score ${p.score.toFixed(3)}]`);
    console.log(`   ${p.text}`);
  });
}

main().catch((err: Error) => {
  console.error(`ask: ${err.message}`);
  process.exit(err.message.includes('usage') || err.message.startsWith('--k') ? 2 : 1);
});
