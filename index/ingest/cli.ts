import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { formatCitation } from '../citation.ts';
import { readConfig } from '../config.ts';
import type { Paragraph } from '../paragraph.ts';
import {
  addToCorpus,
  FIELD_FLAGS,
  indexRebuilder,
  listDocuments,
  manifestEntry,
  prepareDocument,
  removeFromCorpus,
  segmentPrepared,
  type MetadataFlags,
  type PreparedDocument,
} from './add.ts';
import type { DetectableField } from './detect.ts';
import { DocumentRefused } from './errors.ts';

/** Characters of a paragraph shown in the summary. */
const EXCERPT = 90;

const USAGE = 'usage: npm run add -- <file.pdf|.docx|.txt> [--id … --symbol … --title … --title-en … --date … --kind … --numbering printed|ordinal --replace --yes]';

/**
 * `npm run add -- file.pdf`, `npm run remove -- <id>`, `npm run documents`:
 * bring a document into the corpus (CORPUS_DIR) and the index (INDEX_DIR), take
 * one out, list them.
 */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = readConfig();
  if (command === 'add') await add(args, config);
  else if (command === 'remove') await remove(args, config);
  else if (command === 'documents') await documents(config.CORPUS_DIR);
  else throw new DocumentRefused(`unknown command "${command}": add, remove or documents`);
}

async function add(args: string[], config: ReturnType<typeof readConfig>): Promise<void> {
  const options = Object.fromEntries(Object.values(FIELD_FLAGS).map((flag) => [flag, { type: 'string' as const }]));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...options, ocr: { type: 'boolean' }, replace: { type: 'boolean' }, yes: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new DocumentRefused(USAGE);
  const flags: MetadataFlags = { ocr: Boolean(values.ocr) };
  for (const [field, flag] of Object.entries(FIELD_FLAGS) as [DetectableField, string][]) {
    const value = (values as Record<string, string | boolean | undefined>)[flag];
    if (typeof value === 'string') flags[field] = value;
  }
  const started = performance.now();
  const prepared = await prepareDocument(positionals[0]!, flags);
  const interactive = process.stdin.isTTY && !values.yes;
  showDetected(prepared);
  if (interactive) await askMissing(prepared);
  const meta = manifestEntry(prepared, flags.ocr);
  const paragraphs = segmentPrepared(meta, prepared.text);
  if (interactive && !(await confirm(`add "${meta.id}" (${paragraphs.length} paragraphs)? [Y/n] `))) {
    console.log('nothing added');
    return;
  }
  await addToCorpus(meta, prepared, { corpusDir: config.CORPUS_DIR, rebuildIndex: indexRebuilder(config) }, Boolean(values.replace));
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nadded ${meta.id} in ${seconds.toFixed(1)} s (text: ${meta.file}${meta.original ? `, original: ${meta.original}` : ''}); index rebuilt`);
  console.log(`  symbol       ${meta.symbol ?? '(none)'}`);
  console.log(`  paragraphs   ${paragraphs.length} (${meta.numbering === 'printed' ? 'printed numbers' : 'counted in order: the document prints none'})`);
  console.log(`  first        ${excerpt(meta, paragraphs[0])}`);
  console.log(`  last         ${excerpt(meta, paragraphs.at(-1))}`);
  const cited = paragraphs.find((p) => p.unit !== 'labelled') ?? paragraphs[0]!;
  console.log(`  cited as     ${formatCitation(meta, cited, 'en')} | ${formatCitation(meta, cited, 'fr')}`);
}

function excerpt(meta: Parameters<typeof formatCitation>[0], p: Paragraph | undefined): string {
  if (!p) return '(none)';
  const text = p.text.length > EXCERPT ? `${p.text.slice(0, EXCERPT)}…` : p.text;
  return `${formatCitation(meta, p, 'en')}: ${text}`;
}

function showDetected(prepared: PreparedDocument): void {
  console.log('found in the document (override any with its flag):');
  for (const [field, flag] of Object.entries(FIELD_FLAGS) as [DetectableField, string][]) {
    const value = prepared.fields[field];
    const finding = prepared.detected[field];
    const source = value === undefined ? 'not found' : finding && finding.value === value ? finding.from : 'flag';
    console.log(`  --${flag.padEnd(15)} ${value === undefined ? '—' : JSON.stringify(value)}  (${source})`);
  }
}

async function askMissing(prepared: PreparedDocument): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (const field of [...prepared.missing]) {
      const answer = (await rl.question(`${field} was not found in the document; type it (or use --${FIELD_FLAGS[field]}): `)).trim();
      if (answer !== '') {
        prepared.fields[field] = answer;
        prepared.missing = prepared.missing.filter((f) => f !== field);
      }
    }
  } finally {
    rl.close();
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return !/^n/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function remove(args: string[], config: ReturnType<typeof readConfig>): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new DocumentRefused('usage: npm run remove -- <id>');
  const doc = await removeFromCorpus(positionals[0]!, { corpusDir: config.CORPUS_DIR, rebuildIndex: indexRebuilder(config) });
  console.log(`removed ${doc.id} (${doc.citeAs}); index rebuilt`);
}

async function documents(corpusDir: string): Promise<void> {
  const rows = (await listDocuments(corpusDir)).map(({ meta, paragraphs }) => [
    meta.id,
    meta.citeAs,
    String(paragraphs.length),
    meta.date,
    meta.numbering,
    meta.title.length > 50 ? `${meta.title.slice(0, 49)}…` : meta.title,
  ]);
  const header = ['id', 'cited as', 'units', 'date', 'numbers', 'title'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  }
}

main().catch((err: Error) => {
  const command = process.argv[2] ?? 'ingest';
  console.error(`${command}: ${err.message.split('\n')[0]}`);
  process.exit(1);
});
