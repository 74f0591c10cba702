import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../index/build.ts';
import { DEFAULT_CORPUS_DIR } from '../index/corpus.ts';
import { OfflineEmbeddings } from '../index/embeddings/offline.ts';
import { Glossary } from '../index/glossary.ts';
import { Assistant } from '../server/assistant.ts';

/** A sixth document in the shape of a UN report page: numbered paragraphs, a page break, a running head. */
const SIXTH = `Distr. générale
12 mars 2024

1. Le Groupe de travail a examiné la situation des travailleurs saisonniers dans le secteur agricole
et les conditions de leur recrutement.

2. Les participants ont recommandé que les agences de recrutement soient soumises à un régime de licences et que
les frais de recrutement ne soient jamais mis à la charge des travailleurs

A/79/999

24-01234

saisonniers, conformément aux normes internationales du travail.
`;

let corpus: string;
let index: string;
const glossary = Glossary.load();

beforeAll(async () => {
  corpus = await mkdtemp(path.join(os.tmpdir(), 'corpus-'));
  index = await mkdtemp(path.join(os.tmpdir(), 'index-'));
  await cp(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
  await writeFile(path.join(corpus, '005_seasonal.txt'), SIXTH);
  const manifest = JSON.parse(await readFile(path.join(corpus, 'manifest.json'), 'utf8'));
  manifest.documents.push({
    id: 'a-79-999',
    file: '005_seasonal.txt',
    symbol: 'A/79/999',
    citeAs: 'A/79/999',
    title: 'Travailleurs saisonniers : rapport du Groupe de travail',
    titleEn: 'Seasonal workers: report of the Working Group',
    kind: 'rapport',
    kindEn: 'report',
    date: '2024-03-12',
    body: 'Groupe de travail',
    bodyEn: 'Working Group',
    language: 'fr',
    numbering: 'printed',
  });
  await writeFile(path.join(corpus, 'manifest.json'), JSON.stringify(manifest));
  await buildIndex({ corpusDir: corpus, indexDir: index, glossary, embedders: [new OfflineEmbeddings({ glossary })] });
});
afterAll(async () => {
  await rm(corpus, { recursive: true, force: true });
  await rm(index, { recursive: true, force: true });
});

describe('adding a document: a file and a manifest entry', () => {
  it('is segmented, indexed, cited and found in both languages', async () => {
    const assistant = await Assistant.open(index);
    const { paragraphs } = assistant.document('a-79-999');
    expect(paragraphs.map((p) => p.paragraph)).toEqual([1, 2]);
    expect(paragraphs[1]!.text.endsWith('mis à la charge des travailleurs saisonniers, conformément aux normes internationales du travail.')).toBe(true);
    for (const question of ['Who should pay recruitment fees for seasonal workers?', 'Qui doit payer les frais de recrutement des saisonniers ?']) {
      const result = await assistant.ask(question);
      expect(result.passages[0]).toMatchObject({ docId: 'a-79-999', paragraph: 2 });
      expect(result.passages[0]!.label).toMatch(/^A\/79\/999, para?\. 2$/);
    }
  });
});
