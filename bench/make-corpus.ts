import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateCorpus, PARAGRAPHS_PER_DOCUMENT } from './generate.ts';

/**
 * `npm run bench:corpus -- --paragraphs 10000 --out /tmp/corpus-10k [--seed 7]`:
 * the five real documents plus synthetic ones totalling about that many
 * paragraphs, with a manifest (index it with CORPUS_DIR=/tmp/corpus-10k).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { paragraphs: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: String(DEFAULT_SEED) } },
  });
  const paragraphs = Number(values.paragraphs);
  if (!values.out || !Number.isInteger(paragraphs) || paragraphs < 0) {
    throw new Error('usage: npm run bench:corpus -- --paragraphs <count> --out <folder> [--seed <integer>]');
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  const t0 = performance.now();
  const { documents } = await generateCorpus(path.resolve(values.out), { documents: Math.ceil(paragraphs / PARAGRAPHS_PER_DOCUMENT), seed });
  console.log(`${documents.length} documents (${documents.length - 5} synthetic) written to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: Error) => {
  console.error(`bench:corpus: ${err.message}`);
  process.exit(1);
});
