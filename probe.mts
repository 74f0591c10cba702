import { readFile, writeFile } from 'node:fs/promises';
import { loadCorpus } from './index/corpus.ts';
import { segmentDocument } from './index/segment.ts';
import { writeUnPdf, writeUnDocx } from './test/ingest/un-layout.ts';
import { prepareDocument } from './ingest/add.ts';
const only = process.argv[2];
for (const { meta, text } of await loadCorpus()) {
  if (only && meta.id !== only) continue;
  const want = segmentDocument({ meta, text });
  for (const ext of ['pdf', 'docx']) {
    const f = `/tmp/ing/${meta.id}.${ext}`;
    if (ext === 'pdf') await writeUnPdf(f, meta, text); else await writeUnDocx(f, meta, text);
    const t0 = performance.now();
    const p = await prepareDocument(f, {});
    await writeFile(`/tmp/ing/${meta.id}.${ext}.txt`, p.text);
    const got = segmentDocument({ meta: { ...meta, numbering: (p.fields.numbering as any) ?? meta.numbering }, text: p.text });
    const words = (s: string) => s.split(/\s+/);
    const key = (ps: any[]) => ps.map((x) => `${x.unit}:${x.paragraph ?? x.unitLabel}:${words(x.raw).slice(0, 3).join(' ')}…${words(x.raw).slice(-3).join(' ')}`);
    const a = key(want), b = key(got);
    const same = a.filter((x, i) => x === b[i]).length;
    console.log(meta.id, ext, `${(performance.now() - t0).toFixed(0)}ms`, `want ${a.length} got ${b.length} same ${same}`, JSON.stringify(Object.fromEntries(Object.entries(p.fields))), 'missing', p.missing.join(','));
    for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) { console.log('  want', a[i], '\n  got ', b[i]); break; }
  }
}
