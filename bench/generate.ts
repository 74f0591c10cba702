import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { DEFAULT_CORPUS_DIR, loadCorpus, type DocumentMeta, type SourceDocument } from '../index/corpus.ts';
import type { Paragraph } from '../index/paragraph.ts';
import { segmentSource } from '../index/segment.ts';
import { isGold } from '../eval/questions.ts';
import { benchQuestions } from './questions.ts';

/** Every synthetic document has this many numbered paragraphs, like a mid-sized report. */
export const PARAGRAPHS_PER_DOCUMENT = 50;

export interface PoolOptions {
  /** The real documents whose sentences are recombined. Default: the repo's corpus/. */
  corpusDir?: string;
}

/** The real corpus cut into sentences, gold sentences left out. */
export interface SentencePool {
  sources: SourceDocument[];
  sentences: string[];
  /** For each sentence, the real paragraph it comes from: a synthetic paragraph mixes at least two. */
  origin: number[];
  /** Sentences of gold paragraphs, which no synthetic document contains. */
  goldSentences: string[];
}

/** Sentences shorter than this are mostly cut abbreviations ("M.") or list labels, not prose. */
const MIN_SENTENCE_CHARS = 40;
const SENTENCES = new Intl.Segmenter('fr', { granularity: 'sentence' });

/** The sentences of a paragraph's text, footnote calls removed. */
function sentencesOf(text: string): string[] {
  return [...SENTENCES.segment(text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, ''))]
    .map((s) => s.segment.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/**
 * Segments the real documents as `npm run index` does and keeps every prose
 * sentence that is not, and does not contain, a sentence of a gold paragraph.
 */
export async function loadSentencePool(options: PoolOptions = {}): Promise<SentencePool> {
  const sources = await loadCorpus(options.corpusDir ?? DEFAULT_CORPUS_DIR);
  const gold = Object.values(await benchQuestions()).flatMap((questions) => questions.flatMap((q) => q.gold));
  const paragraphs = realParagraphs(sources);
  const goldSentences = paragraphs.filter((p) => isGold(p, gold)).flatMap((p) => sentencesOf(p.text));
  const sentences: string[] = [];
  const origin: number[] = [];
  for (const [i, p] of paragraphs.entries()) {
    if (isGold(p, gold)) continue;
    for (const sentence of sentencesOf(p.text)) {
      const prose = sentence.length >= MIN_SENTENCE_CHARS && /\p{Ll}{3}/u.test(sentence);
      if (!prose || goldSentences.some((g) => sentence.includes(g))) continue;
      sentences.push(sentence);
      origin.push(i);
    }
  }
  return { sources, sentences, origin, goldSentences };
}

/** The real documents' paragraphs as `npm run index` cuts and repairs them. */
export function realParagraphs(sources: SourceDocument[]): Paragraph[] {
  return sources.flatMap((source) => segmentSource(source));
}

/** Place names printed in the five documents; each synthetic document swaps them for invented ones. */
const REAL_PLACES = [
  'Riviera Maya', 'New York', 'La Haye', 'Amérique latine', 'Amériques', 'Amérique', 'Caraïbes', 'Caraibes',
  'Europe', 'Asie', 'Afrique', 'Pacifique', 'Tampere', 'Durban', 'Lima', 'Genève', 'Geneve', 'Philippines',
  'Mexique', 'Chili', 'Tunisie', 'Fédération de Russie', 'Russie', 'El Salvador', 'Costa Rica', 'Maroc',
  'Burkina Faso', 'Equateur', 'Arménie', 'Australie', 'Bélarus', 'Bulgarie', 'Canada', 'Congo', 'Estonie',
  'Gambie', 'Grèce', 'Gréce', 'Guyana', 'Indonésie', 'Japon', 'Koweit', 'Liban', 'Lituanie', 'Malte', 'Oman',
  'Pakistan', 'Panama', 'Pologne', 'Qatar', 'Soudan', 'Suisse',
];
const PLACE = new RegExp(`(?<!\\p{L})(?:${[...REAL_PLACES].sort((a, b) => b.length - a.length).join('|')})(?!\\p{L})`, 'gu');
const SYLLABLES = ['val', 'mor', 'ka', 'ste', 'lin', 'dor', 'ra', 'vi', 'sa', 'ne', 'bel', 'tor', 'qua', 'ri', 'lo', 'zan', 'mi', 'ter', 'go', 'ven', 'ba', 'rel'];

/** [French, English] themes for invented titles, in the usage of UN migration documents. */
const THEMES: [string, string][] = [
  ['Migrations internationales et développement', 'International migration and development'],
  ['Envois de fonds des travailleurs migrants', 'Remittances of migrant workers'],
  ["Migrations de main-d'œuvre et droits des travailleurs migrants", 'Labour migration and the rights of migrant workers'],
  ['Lutte contre la traite des personnes et le trafic illicite de migrants', 'Combating trafficking in persons and the smuggling of migrants'],
  ['Coopération régionale en matière de migrations', 'Regional cooperation on migration'],
  ["Diasporas et développement des pays d'origine", 'Diasporas and the development of countries of origin'],
  ["Intégration des migrants dans les pays d'accueil", 'Integration of migrants in host countries'],
  ['Migrations, genre et protection des femmes migrantes', 'Migration, gender and the protection of migrant women'],
  ['Statistiques des migrations internationales', 'International migration statistics'],
  ['Retour et réintégration des migrants', 'Return and reintegration of migrants'],
];
const SECTION_HEADINGS = [
  'Introduction', 'Contexte', 'Principaux résultats', 'Tendances récentes', 'Cadre normatif', 'Coopération internationale',
  'Activités des organismes des Nations Unies', 'Coopération régionale', 'Questions à examiner', 'Recommandations', 'Conclusions',
];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'];

/** Invented symbols use General Assembly sessions no real document of the corpus has (1945 + session = year). */
const SESSIONS = { from: 70, to: 84 };
/** Printed lines are wrapped near this width, like the UN's text exports. */
const LINE_WIDTH = 85;
/** Body lines per printed page: where running heads, job numbers and footnotes fall. */
const LINES_PER_PAGE = 44;
const SENTENCES_PER_PARAGRAPH = { min: 2, max: 5 };
const SECTIONS_PER_DOCUMENT = 4;
const FOOTNOTE_CHANCE = 0.05;

class Draw {
  private readonly rng: RandomGenerator;
  constructor(seed: number, stream: number) {
    // One stream per document: document i is the same whatever the total asked for.
    this.rng = xoroshiro128plus((seed * 1_000_003 + stream) | 0);
  }
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chance(p: number): boolean {
    return uniformFloat64(this.rng) < p;
  }
}

function invent(draw: Draw): string {
  const name = Array.from({ length: draw.int(2, 3) }, () => draw.pick(SYLLABLES)).join('');
  return name[0]!.toUpperCase() + name.slice(1);
}

/**
 * One synthetic document: 50 numbered paragraphs of recombined real sentences
 * (real places swapped for invented ones), laid out like the real files —
 * masthead, title, section headings, wrapped lines, page breaks with running
 * heads and job numbers, a footnote now and then.
 */
function syntheticDocument(pool: SentencePool, index: number, seed: number): SourceDocument {
  const draw = new Draw(seed, index);
  const session = draw.int(SESSIONS.from, SESSIONS.to);
  const year = 1945 + session;
  const month = draw.int(1, 12);
  const day = draw.int(1, 28);
  const place = invent(draw);
  const [themeFr, themeEn] = draw.pick(THEMES);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const meta = documentMeta(draw.int(0, 2), { index, session, year, date, place, themeFr, themeEn });

  const places = new Map<string, string>();
  const localise = (sentence: string) =>
    sentence.replace(PLACE, (real) => places.get(real) ?? places.set(real, invent(draw)).get(real)!);

  const job = `${String(year % 100).padStart(2, '0')}-${draw.int(10000, 99999)}`;
  const out = masthead(meta, { session, year, month, day, agendaItem: draw.int(10, 140) });
  let page = 1;
  let pageLines = 0;
  const pageBreak = () => {
    page++;
    pageLines = 0;
    out.push('', '', ...(page % 2 === 0 ? [`${meta.symbol}  `, '', `${page} ${job}`] : [`${job} ${page}`, '', `${meta.symbol}  `]), '');
  };

  const sectionAt = new Set([1]);
  while (sectionAt.size < SECTIONS_PER_DOCUMENT) sectionAt.add(draw.int(2, PARAGRAPHS_PER_DOCUMENT));
  let section = 0;
  let note = 0;
  for (let n = 1; n <= PARAGRAPHS_PER_DOCUMENT; n++) {
    if (sectionAt.has(n)) {
      out.push(`  ${ROMAN[section]}. ${SECTION_HEADINGS[(index + section * 3) % SECTION_HEADINGS.length]} `, '', '');
      section++;
    }
    let text = composeParagraph(pool, draw).map(localise).join(' ');
    const footnote = draw.chance(FOOTNOTE_CHANCE) ? `${++note}` : null;
    // The call sits on the first sentence's last word, as the corpus prints it.
    if (footnote) text = text.replace(/(\p{L})([.;!?])(\s)/u, `$1<sup>${footnote}</sup>$2$3`);
    for (const [i, line] of wrap(`${n}. ${text}`).entries()) {
      if (pageLines >= LINES_PER_PAGE && i > 0) pageBreak();
      out.push(`${line} `);
      pageLines++;
    }
    out.push('');
    if (footnote) {
      out.push('__________________ ', '', ` ${footnote}  Voir ${otherSymbol(draw)}. `);
      pageBreak();
    } else if (pageLines >= LINES_PER_PAGE) {
      pageBreak();
    }
  }
  out.push('', `${job}`, '');
  return { meta, text: out.join('\n') };
}

/** The first page's head, as the UN prints it: organ, distribution and date, session, symbol, title. */
function masthead(meta: DocumentMeta, d: { session: number; year: number; month: number; day: number; agendaItem: number }): string[] {
  return [
    meta.symbol!.startsWith('E/') ? '# Conseil économique et social' : '# Assemblée générale',
    '',
    'Distr. générale  ',
    `${d.day === 1 ? '1er' : d.day} ${MONTHS[d.month - 1]} ${d.year}`,
    '',
    `${d.session}e session  `,
    `Point ${d.agendaItem} de l'ordre du jour`,
    '',
    meta.symbol!,
    '',
    `## ${meta.title}`,
    '',
  ];
}

interface DocumentParts {
  index: number;
  session: number;
  year: number;
  date: string;
  place: string;
  themeFr: string;
  themeEn: string;
}

/** Three kinds of document a migration library holds, each with its symbol pattern. */
function documentMeta(kind: number, t: DocumentParts): DocumentMeta {
  const number = 100 + t.index; // unique per document, so ids never collide
  const common = { language: 'fr', numbering: 'printed' as const, preambleLabel: 'preamble', ocr: false, date: t.date };
  const file = `syn_${String(t.index).padStart(5, '0')}.txt`;
  if (kind === 0) {
    const symbol = `A/${t.session}/${number}`;
    return {
      ...common, id: idOf(symbol), file, symbol, citeAs: symbol,
      title: `${t.themeFr} : rapport du Secrétaire général`, titleEn: `${t.themeEn}: report of the Secretary-General`,
      kind: 'rapport du Secrétaire général', kindEn: 'report of the Secretary-General',
      body: `Secrétaire général de l'Organisation des Nations Unies, Assemblée générale, ${t.session}e session`,
      bodyEn: `United Nations Secretary-General, General Assembly, session ${t.session}`,
    };
  }
  if (kind === 1) {
    const symbol = `A/${t.session}/${number}`;
    return {
      ...common, id: idOf(symbol), file, symbol, citeAs: symbol,
      title: `Résumé de la réunion régionale de ${t.place} : ${t.themeFr}`, titleEn: `Summary of the ${t.place} regional meeting: ${t.themeEn}`,
      kind: 'résumé du Président, réunion régionale', kindEn: "President's summary, regional meeting",
      body: `Président de l'Assemblée générale des Nations Unies, réunion régionale de ${t.place}`,
      bodyEn: `President of the United Nations General Assembly, ${t.place} regional meeting`,
    };
  }
  const symbol = `E/CN.9/${t.year}/${number}`;
  return {
    ...common, id: idOf(symbol), file, symbol, citeAs: symbol,
    title: `${t.themeFr} : note du Secrétariat`, titleEn: `${t.themeEn}: note by the Secretariat`,
    kind: 'note du Secrétariat', kindEn: 'note by the Secretariat',
    body: 'Commission de la population et du développement, Conseil économique et social',
    bodyEn: 'Commission on Population and Development, Economic and Social Council',
  };
}

function idOf(symbol: string): string {
  return symbol.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function otherSymbol(draw: Draw): string {
  return `A/${draw.int(SESSIONS.from, SESSIONS.to)}/${draw.int(1, 99)}`;
}

/** Sentences from at least two real paragraphs: never a real paragraph copied whole. */
function composeParagraph(pool: SentencePool, draw: Draw): string[] {
  const count = draw.int(SENTENCES_PER_PARAGRAPH.min, SENTENCES_PER_PARAGRAPH.max);
  const picked = Array.from({ length: count }, () => draw.int(0, pool.sentences.length - 1));
  while (picked.every((s) => pool.origin[s] === pool.origin[picked[0]!])) picked[count - 1] = draw.int(0, pool.sentences.length - 1);
  const sentences = picked.map((s) => pool.sentences[s]!);
  // A paragraph ends a sentence, so the segmenter never reads its tail as a heading.
  sentences[count - 1] = sentences[count - 1]!.replace(/[\s,;:]+$/, '').replace(/([^.!?…])$/, '$1.');
  return sentences;
}

/**
 * Wraps at LINE_WIDTH. A line never starts with a digit (it could read as the
 * next paragraph's number or a page number) and the last line is never a lone
 * token (it could read as a running head).
 */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > LINE_WIDTH && !/^\d/.test(word)) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (lines.length > 0 && !line.includes(' ')) lines[lines.length - 1] += ` ${line}`;
  else lines.push(line);
  return lines;
}

export interface GenerateOptions extends PoolOptions {
  /** Synthetic documents beside the five real ones (50 paragraphs each). */
  documents: number;
  /** Same seed, same corpus. */
  seed?: number;
}

export interface GeneratedCorpus {
  /** Real and synthetic documents, in manifest order. */
  documents: DocumentMeta[];
}

export const DEFAULT_SEED = 20240611;

/**
 * Writes a corpus folder `npm run index` reads: the real documents as received
 * plus `documents` synthetic ones, and a manifest naming them all.
 * @example
 * await generateCorpus('/tmp/corpus-10k', { documents: 200 }); // ~10,000 distractor paragraphs
 */
export async function generateCorpus(dir: string, options: GenerateOptions): Promise<GeneratedCorpus> {
  const seed = options.seed ?? DEFAULT_SEED;
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const pool = await loadSentencePool(options);
  await mkdir(dir, { recursive: true });
  const documents: DocumentMeta[] = [];
  for (const { meta } of pool.sources) {
    await copyFile(path.join(corpusDir, meta.file), path.join(dir, meta.file));
    documents.push(meta);
  }
  for (let i = 0; i < options.documents; i++) {
    const doc = syntheticDocument(pool, i, seed);
    await writeFile(path.join(dir, doc.meta.file), doc.text);
    documents.push(doc.meta);
  }
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify({ documents }, null, 2)}\n`);
  return { documents };
}
