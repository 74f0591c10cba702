import cliProgress from 'cli-progress';
import { buildIndex, type BuildProgress } from './build.ts';
import { readConfig } from './config.ts';
import { chooseEmbedders } from './embeddings/choose.ts';
import { Glossary } from './glossary.ts';

/**
 * `npm run index`: builds the index from corpus/ into index/data (CORPUS_DIR,
 * INDEX_DIR), with the embedders EMBEDDER asks for (see chooseEmbedders).
 */
async function main(): Promise<void> {
  const config = readConfig();
  const glossary = Glossary.load();
  const { embedders, notice } = await chooseEmbedders(config, glossary);
  if (notice) console.log(notice);
  const bar = new cliProgress.SingleBar(
    { format: '{stage} [{bar}] {value}/{total} paragraphs', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  const onProgress = (e: BuildProgress) => {
    if (e.stage === 'segment') {
      console.log(`segmented ${e.documents} documents into ${e.paragraphs} paragraphs`);
    } else if (e.embedder !== current) {
      if (current) bar.stop();
      current = e.embedder;
      bar.start(e.total, e.done, { stage: `embedding (${e.embedder})` });
    } else {
      bar.update(e.done);
    }
  };
  const summary = await buildIndex({ embedders, glossary, onProgress, indexDir: config.INDEX_DIR, corpusDir: config.CORPUS_DIR });
  bar.stop();
  for (const e of summary.embedders) {
    console.log(`${e.id}: ${e.dim} dimensions, ${e.perSecond.toFixed(0)} paragraphs/s`);
  }
  console.log(`index built: ${summary.documents} documents, ${summary.paragraphs} paragraphs in ${summary.seconds.toFixed(1)} s → ${summary.dir}`);
}

main().catch((err: Error) => {
  console.error(`index: ${err.message}`);
  process.exit(1);
});
