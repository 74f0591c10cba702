import { loadCorpus } from '../index/corpus.ts';
import { segmentDocument } from '../index/segment.ts';
const docs = await loadCorpus();
for (const d of docs) {
  const ps = segmentDocument(d);
  console.log(`== ${d.meta.id}: ${ps.length} units; numbers ${ps.filter(p=>p.paragraph!==null).map(p=>p.paragraph).join(',')}`);
  for (const p of ps) {
    if (process.argv[2] && process.argv[2] !== d.meta.id) continue;
    console.log(`[${p.paragraph ?? p.unitLabel}] <${p.section}> ${p.text.slice(0, 70)} … ${p.text.slice(-50)}${p.notes.length ? ' NOTES:' + JSON.stringify(p.notes) : ''}`);
  }
}
