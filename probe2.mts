import { readFile } from 'node:fs/promises';
import { loadCorpus } from './index/corpus.ts';
import { segmentDocument } from './index/segment.ts';
const [id, ext] = process.argv.slice(2);
const meta = (await loadCorpus()).find((d) => d.meta.id === id)!.meta;
const text = await readFile(`/tmp/ing/${id}.${ext}.txt`, 'utf8');
for (const p of segmentDocument({ meta, text })) console.log(p.unit, p.paragraph ?? p.unitLabel, '|', p.sectionPath.join(' > '), '|', p.raw.slice(0, 60), '…', p.raw.slice(-50));
