import { createRequire } from 'node:module';
import { franc } from 'franc-min';
import type { DocumentMeta } from '../corpus.ts';

/** The manifest fields a document can show about itself. */
export type DetectableField =
  | 'id'
  | 'symbol'
  | 'citeAs'
  | 'title'
  | 'titleEn'
  | 'kind'
  | 'kindEn'
  | 'date'
  | 'body'
  | 'bodyEn'
  | 'language'
  | 'numbering'
  | 'preambleLabel';

export interface Finding<T = string> {
  value: T;
  /** Where in the document it was read, shown for confirmation. */
  from: string;
}

export type DetectedMetadata = { [K in DetectableField]?: Finding<K extends 'symbol' ? string | null : K extends 'numbering' ? DocumentMeta['numbering'] : string> };

// ---------------------------------------------------------------------------
// Conventions of UN and OSCE documents

/** A UN document symbol on a line of its own (masthead or running head): A/RES/68/4, E/CN.9/2006/3, A/CONF.231/3. */
const UN_SYMBOL_LINE = /^([A-Z]{1,6}(?:\.\d+)?(?:\/[A-Za-z0-9.()-]+){1,6})(?:\s+\d{1,3})?$/;
/** OSCE references: a Ministerial or Permanent Council journal item, decision or document. */
const OSCE_REFERENCE = /\b((?:MC|PC)\(\d+\)\s+Journal\s+No\s+\d+(?:,\s+point\s+\d+)?|(?:MC|PC)\.(?:DEC|DOC|JOUR)\/\d+\/\d+)/;

const MONTHS: Record<string, number> = {
  janvier: 1, février: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, septembre: 9, octobre: 10, novembre: 11, décembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};
const DATE = new RegExp(`\\b(1er|\\d{1,2})\\s+(${Object.keys(MONTHS).join('|')})\\s+(\\d{4})\\b`, 'iu');
/** The General Assembly's first session was held in 1946: session N opens in 1945 + N. */
const FIRST_SESSION_YEAR = 1945;

/** Organs named in the masthead, with how the manifest names them in French and English. */
const ORGANS: [RegExp, string, string][] = [
  [/^Assemblée générale$/i, 'Assemblée générale des Nations Unies', 'United Nations General Assembly'],
  [/^Conseil économique et social$/i, 'Conseil économique et social des Nations Unies', 'United Nations Economic and Social Council'],
  [/^Conseil de sécurité$/i, 'Conseil de sécurité des Nations Unies', 'United Nations Security Council'],
  [/^Conseil des droits de l['’]homme$/i, "Conseil des droits de l'homme des Nations Unies", 'United Nations Human Rights Council'],
];
const SECRETARY_GENERAL: [string, string] = ["Secrétaire général de l'Organisation des Nations Unies", 'United Nations Secretary-General'];
const ASSEMBLY_PRESIDENT: [string, string] = ["Président de l'Assemblée générale des Nations Unies", 'President of the United Nations General Assembly'];
const OSCE_COUNCIL: [string, string] = [
  "Conseil ministériel de l'Organisation pour la sécurité et la coopération en Europe (OSCE)",
  'Organization for Security and Co-operation in Europe (OSCE) Ministerial Council',
];

/** What a title's first word says the document is, with the adjectives that qualify it. */
const KIND_NOUNS: Record<string, string> = {
  déclaration: 'declaration', communiqué: 'communiqué', résumé: 'summary', rapport: 'report', décision: 'decision', note: 'note', lettre: 'letter', résolution: 'resolution',
};
const KIND_ADJECTIVES: Record<string, string> = {
  ministérielle: 'ministerial', spécial: 'special', spéciale: 'special', finale: 'final', conjointe: 'joint', commune: 'joint', politique: 'political',
};
/** A subtitle under the title that names the author: "Rapport du Secrétaire général". */
const SUBTITLE = /^(Rapport|Note|Résumé|Lettre)\s+(du Secrétaire général|du Président de l['’]Assemblée générale|du Président)$/i;

/** Masthead lines that are not the title. */
const MASTHEAD = [
  /^(?:Nations Unies|United Nations|Organisation pour la sécurité et la coopération en Europe|OSCE)$/i,
  /^(?:Distr\.|Original\s*:|Français$|French$|Limited$|General$)/i,
  /\bsession$/i,
  /^Point\s+\d|de l['’]ordre du jour|de la liste préliminaire/i,
  /^(?:Résolution adoptée|Resolution adopted)/i,
  /^\[sans renvoi|^\[without reference/i,
  /\bjour de la .*Réunion$/i,
  /^Conseil ministériel$/i,
  ...ORGANS.map(([re]) => re),
];

// ---------------------------------------------------------------------------

interface TextLine {
  text: string;
  heading: boolean;
}

/** Markup of the corpus text format removed: headings' `#`, `**`, `*`, `<sup>`. */
function plain(text: string): string {
  return text
    .replace(/^\s*#{1,6}\s+/, '')
    .replace(/<sup>[^<]*<\/sup>/g, '')
    .replace(/\\([*_#[\]])/g, '$1')
    .replace(/\*+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A line that opens paragraph 1, as UN documents print it. */
export const PARAGRAPH_ONE = /^\s*1\.\s+\S/m;

/**
 * Reads the citation metadata a UN or OSCE document prints about itself: the
 * symbol (masthead or running heads), date (of adoption, of the place-and-date
 * line, of the masthead, or the session's year), title (all capitals put in
 * sentence case), issuing body, kind, language, numbering and what precedes
 * paragraph 1. A field it cannot read is left out, never guessed.
 * @example
 * detectMetadata(text).symbol // { value: 'A/RES/68/4', from: 'masthead' }
 */
export function detectMetadata(text: string): DetectedMetadata {
  const all: TextLine[] = text.split(/\r?\n/).map((l) => ({ text: plain(l), heading: /^\s*#{1,6}\s/.test(l) }));
  const nonEmpty = all.filter((l) => l.text !== '');
  const firstParagraph = text.split(/\r?\n/).findIndex((l) => PARAGRAPH_ONE.test(l));
  const frontEnd = firstParagraph >= 0 ? firstParagraph : firstProse(all);
  const front = all.slice(0, frontEnd).filter((l) => l.text !== '');
  const found: DetectedMetadata = {};

  const symbol = findSymbol(front, nonEmpty);
  found.symbol = symbol ?? { value: null, from: 'none printed' };
  const osce = symbol && OSCE_REFERENCE.test(symbol.value) && !UN_SYMBOL_LINE.test(symbol.value);

  const title = findTitle(front);
  if (title) found.title = title;

  const prose = blocksOf(all).filter((b) => !b[0]!.heading).map(joined).filter(isProse);
  const frontProse = blocksOf(all.slice(0, frontEnd)).filter((b) => !b[0]!.heading).map(joined).filter(isProse).join(' ');
  const transmitted = /Le (Président de l['’]Assemblée générale|Secrétaire général)\b[^.]*?a l['’]honneur de transmettre/i.exec(frontProse);
  found.preambleLabel = transmitted
    ? { value: 'transmittal note', from: 'text before paragraph 1 transmits the document' }
    : { value: 'preamble', from: 'default' };

  const subtitle = front.find((l) => SUBTITLE.test(l.text))?.text;
  const author = /Secrétaire général/i.test(subtitle ?? transmitted?.[1] ?? '')
    ? SECRETARY_GENERAL
    : /Président/i.test(subtitle ?? transmitted?.[1] ?? '')
      ? ASSEMBLY_PRESIDENT
      : null;
  const organ = front.map((l) => ORGANS.find(([re]) => re.test(l.text))).find(Boolean);
  const opening = blocksOf(all).filter((b) => !b[0]!.heading).slice(0, 8).map((b) => /^Nous,\s+([^,:;]+(?:,[^,:;]+)*?)\s*[,:;]/.exec(joined(b))).find(Boolean);
  const body: [string, string | null, string] | null = author
    ? [...author, subtitle ? 'subtitle' : 'transmittal note']
    : osce
      ? [...OSCE_COUNCIL, 'OSCE reference']
      : organ
        ? [organ[1], organ[2], 'masthead']
        : opening
          ? [capitalise(opening[1]!.trim()), null, '"Nous, …" opening']
          : null;
  if (body) {
    found.body = { value: body[0], from: body[2] };
    if (body[1]) found.bodyEn = { value: body[1], from: body[2] };
  }

  const resolution = /\/RES\//.test(symbol?.value ?? '') || front.some((l) => /^Résolution adoptée par l['’]Assemblée générale/i.test(l.text));
  const kind = resolution
    ? { fr: "résolution de l'Assemblée générale", en: 'General Assembly resolution', from: 'resolution symbol or heading' }
    : kindOf(subtitle ?? found.title?.value, author);
  if (kind) {
    found.kind = { value: kind.fr, from: kind.from };
    found.kindEn = { value: kind.en, from: kind.from };
  }

  const date = findDate(all, front, symbol?.value ?? null);
  if (date) found.date = date;

  const place = placeAndDate(all)?.place;
  if (symbol && osce) {
    found.citeAs = { value: `OSCE ${symbol.value.replace(/,\s*point\s+\d+$/, '')}`, from: 'OSCE reference' };
  } else if (symbol) {
    found.citeAs = { value: symbol.value, from: 'symbol' };
  } else if (kind && place && date) {
    found.citeAs = { value: `${capitalise(kind.fr.split(',')[0]!)} de ${place} (${date.value.slice(0, 4)})`, from: 'kind, place and year' };
  }

  const year = date?.value.slice(0, 4);
  const id = symbol && !osce ? slug(symbol.value) : symbol && osce && year ? `osce-${slug(symbol.value.slice(0, 2))}-${year}` : place && year ? `${slug(place)}-${year}` : null;
  if (id) found.id = { value: id, from: symbol ? 'symbol' : 'place and year' };

  const language = languageOf(prose.join(' '));
  if (language) found.language = { value: language, from: 'detected from the text' };

  found.numbering = numberedInPrint(text)
    ? { value: 'printed', from: 'paragraphs 1, 2… printed' }
    : { value: 'ordinal', from: 'no printed paragraph numbers' };
  return found;
}

/** Where the front matter ends when there is no paragraph 1: at the first prose block. */
function firstProse(lines: TextLine[]): number {
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || lines[i]!.text === '') {
      const block = lines.slice(start, i);
      if (block.length > 0 && !block[0]!.heading && isProse(joined(block))) return start;
      start = i + 1;
    }
  }
  return lines.length;
}

/** Front-matter lines outside prose (a transmittal note's dates are not the document's). */
function masthead(front: TextLine[]): TextLine[] {
  return blocksOf(front)
    .filter((b) => !isProse(joined(b)) || !/[.;:](?:\s|$)/.test(joined(b).replace(/\bDistr\./, '')))
    .flat();
}

/** Runs of lines between blank lines; a heading is a block of its own. */
function blocksOf(lines: TextLine[]): TextLine[][] {
  const blocks: TextLine[][] = [];
  let current: TextLine[] = [];
  for (const line of [...lines, { text: '', heading: false }]) {
    if (line.text === '' || line.heading) {
      if (current.length > 0) blocks.push(current);
      current = [];
      if (line.heading) blocks.push([line]);
    } else {
      current.push(line);
    }
  }
  return blocks;
}

const joined = (block: TextLine[]) => block.map((l) => l.text).join(' ');

function isProse(text: string): boolean {
  return text.length >= 100 && /\p{Ll}{3,}/u.test(text);
}

function findSymbol(front: TextLine[], all: TextLine[]): Finding | null {
  const osce = front.map((l) => OSCE_REFERENCE.exec(l.text)).find(Boolean) ?? all.slice(0, 40).map((l) => OSCE_REFERENCE.exec(l.text)).find(Boolean);
  for (const line of front) {
    const m = UN_SYMBOL_LINE.exec(line.text);
    if (m && /\d/.test(m[1]!)) return { value: m[1]!, from: 'masthead' };
  }
  if (osce) return { value: osce[1]!.replace(/\s+/g, ' '), from: 'masthead' };
  // A General Assembly resolution numbered 68/4 is document A/RES/68/4.
  const resolution = front.some((l) => /^Résolution adoptée par l['’]Assemblée générale/i.test(l.text))
    ? front.map((l) => (l.heading ? /^(\d{1,3})\/(\d{1,4})\.\s/.exec(l.text) : null)).find(Boolean)
    : null;
  if (resolution) return { value: `A/RES/${resolution[1]}/${resolution[2]}`, from: `resolution number ${resolution[1]}/${resolution[2]}` };
  // Running heads repeat the symbol on every page; a reference to another document does not stand alone on a line.
  const counts = new Map<string, number>();
  for (const line of all) {
    const m = UN_SYMBOL_LINE.exec(line.text);
    if (m && /\d/.test(m[1]!)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? { value: best[0], from: 'running heads' } : null;
}

function findTitle(front: TextLine[]): Finding | null {
  for (const line of front) {
    const m = /^(\d{1,3}\/\d{1,4})\.\s+(.+)$/.exec(line.text);
    if (line.heading && m) return { value: m[2]!, from: `resolution heading ${m[1]}` };
  }
  const headings = front.filter((l, i) => l.heading && !MASTHEAD.some((re) => re.test(l.text)) && !/^Point\s+\d/i.test(front[i - 1]?.text ?? '') && !SUBTITLE.test(l.text) && !UN_SYMBOL_LINE.test(l.text) && !DATE.test(l.text));
  const title = headings[0];
  if (!title) return null;
  const text = isAllCapitals(title.text) ? sentenceCase(title.text) : title.text;
  const index = front.indexOf(title);
  const subtitle = front.slice(index + 1, index + 3).find((l) => SUBTITLE.test(l.text));
  return subtitle
    ? { value: `${text} : ${subtitle.text.charAt(0).toLowerCase()}${subtitle.text.slice(1)}`, from: 'masthead title and subtitle' }
    : { value: text, from: 'masthead title' };
}

function kindOf(titleOrSubtitle: string | undefined, author: [string, string] | null): { fr: string; en: string; from: string } | null {
  if (!titleOrSubtitle) return null;
  const sub = SUBTITLE.exec(titleOrSubtitle);
  if (sub && /Secrétaire général/i.test(sub[2]!)) {
    const noun = sub[1]!.toLowerCase();
    return { fr: `${noun} du Secrétaire général`, en: `${KIND_NOUNS[noun]} ${noun === 'rapport' ? 'of' : 'by'} the Secretary-General`, from: 'subtitle' };
  }
  const [first, second] = titleOrSubtitle.toLowerCase().split(/\s+/);
  const nounEn = KIND_NOUNS[first ?? ''];
  if (!nounEn) return null;
  const adjective = KIND_ADJECTIVES[second ?? ''];
  let fr = adjective ? `${first} ${second}` : first!;
  let en = adjective ? `${adjective} ${nounEn}` : nounEn;
  if (author === ASSEMBLY_PRESIDENT) {
    fr += ' du Président';
    en = `President's ${en}`;
  } else if (author === SECRETARY_GENERAL) {
    fr += ' du Secrétaire général';
    en += ' of the Secretary-General';
  }
  return { fr, en, from: 'title' };
}

function isoDate(m: RegExpExecArray): string {
  const day = m[1] === '1er' ? 1 : Number(m[1]);
  return `${m[3]}-${String(MONTHS[m[2]!.toLowerCase()]).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "Riviera Maya, Mexique, le 23 février 2010": where and when a declaration was made. */
function placeAndDate(lines: TextLine[]): { place: string; date: string } | null {
  for (const line of lines.slice(-30).reverse()) {
    const m = /^([\p{Lu}][\p{L} .'’-]+?),\s*(?:[\p{L} .'’-]+,\s*)*(?:le\s+)?((?:1er|\d{1,2})\s+\p{L}+\s+\d{4})\.?$/u.exec(line.text);
    const date = m ? DATE.exec(m[2]!) : null;
    if (m && date) return { place: m[1]!.trim(), date: isoDate(date) };
  }
  return null;
}

function findDate(all: TextLine[], front: TextLine[], symbol: string | null): Finding | null {
  for (const line of front) {
    const adopted = /adoptée par .+? le (.+)$/i.exec(line.text);
    const date = adopted ? DATE.exec(adopted[1]!) : null;
    if (date) return { value: isoDate(date), from: 'date of adoption' };
  }
  const signed = placeAndDate(all);
  if (signed) return { value: signed.date, from: 'place-and-date line' };
  for (const line of masthead(front)) {
    const date = DATE.exec(line.text);
    if (date) return { value: isoDate(date), from: 'masthead' };
  }
  const parts = symbol?.split('/') ?? [];
  const year = parts.find((p) => /^(?:19|20)\d{2}$/.test(p));
  if (year) return { value: year, from: 'year in the symbol (--date to give the day)' };
  const session = symbol?.startsWith('A/') ? parts.slice(1).find((p) => /^\d{1,3}$/.test(p)) : undefined;
  if (session) return { value: String(FIRST_SESSION_YEAR + Number(session)), from: `year of General Assembly session ${session} in the symbol (--date to give the day)` };
  return null;
}

/** Paragraphs 1 and 2 printed at the start of lines, in that order. */
function numberedInPrint(text: string): boolean {
  const one = text.search(PARAGRAPH_ONE);
  return one >= 0 && /^\s*2\.\s+\S/m.test(text.slice(one));
}

/** ISO 639-3 codes franc returns for the UN's official languages, as the manifest writes them. */
const LANGUAGES: Record<string, string> = { fra: 'fr', eng: 'en', spa: 'es', rus: 'ru', arb: 'ar', cmn: 'zh' };

function languageOf(text: string): string | null {
  const code = franc(text.slice(0, 5000), { only: Object.keys(LANGUAGES) });
  return LANGUAGES[code] ?? null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isAllCapitals(s: string): boolean {
  return /\p{Lu}{3,}/u.test(s) && !/\p{Ll}/u.test(s);
}

let accented: Map<string, string[]> | undefined;

/** Each spelling without accents → the listed French words written so once accents are dropped. */
function accentedWords(): Map<string, string[]> {
  if (!accented) {
    accented = new Map();
    for (const word of createRequire(import.meta.url)('an-array-of-french-words') as string[]) {
      const key = word.normalize('NFD').replace(/\p{M}/gu, '');
      const words = accented.get(key);
      if (words) words.push(word);
      else accented.set(key, [word]);
    }
  }
  return accented;
}

/**
 * A title printed in capitals, in sentence case. Capitals often drop their
 * accents ("DECLARATION MINISTERIELLE"): a word gets the accents of the one
 * French word it can be, else stays as printed; short unknown words are acronyms.
 */
function sentenceCase(title: string): string {
  const words = accentedWords();
  return title
    .split(/(\s+|['’-])/)
    .map((token, i) => {
      if (!/\p{L}/u.test(token)) return token;
      const lower = token.toLowerCase();
      const candidates = words.get(lower) ?? [];
      const word = candidates.includes(lower) || candidates.length > 1 ? lower : (candidates[0] ?? (token.length <= 5 ? token : lower));
      return i === 0 ? capitalise(word) : word;
    })
    .join('');
}
