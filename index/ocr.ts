/**
 * Conservative repair of OCR character confusions in scanned French text
 * (built for the scan of A/58/98, where `l’` reads `1’`, `é` reads `¢`, `è` reads `é`…).
 *
 * A token changes only when it is not a French word and a candidate made by the
 * known confusions (`CONFUSIONS`) is one, per the `an-array-of-french-words` list.
 * Real words are never touched, even likely misreadings ("a"/"à", "prés", "cri"),
 * numbers stay numbers, and every change is reported with its offset in the
 * original text so a drafter can check it against the scan.
 *
 * @example
 * repairOcr('le réle de 1’Organisation').text === 'le rôle de l’Organisation';
 * repairOcr('le réle de 1’Organisation').changes;
 * // [{ from: 'réle', to: 'rôle', offset: 3 }, { from: '1’Organisation', to: 'l’Organisation', offset: 11 }]
 */
import { createRequire } from 'node:module';

export interface OcrChange {
  from: string;
  to: string;
  /** Offset of `from` in the ORIGINAL text. */
  offset: number;
}

export interface OcrRepair {
  text: string;
  changes: OcrChange[];
}

/** One misreading: where `pattern` matches in a token, the scan may have meant any of `replacements` (in preference order). */
interface Confusion {
  pattern: RegExp;
  replacements: readonly string[];
  /** Weak guesses are not tried on capitalised tokens, which are mostly names ("Costa Rica", "Gréce", "No 97"). */
  weak?: boolean;
}

/**
 * Known confusions, most reliable first: candidates are tried with fewer
 * substitutions first, then in this order, so the order is the tie-break.
 * Patterns are global (used only through `matchAll`, which copies them).
 */
const CONFUSIONS: readonly Confusion[] = [
  // "c¢"/"cé" stand for "è" as a whole ("matic¢re", "premicére"); try before the lone "¢".
  { pattern: /c[¢é]/gu, replacements: ['è'] },
  // "¢" is never a letter: "publi¢", "financi¢re", "renfor¢ant", or a stray mark ("créé¢", "¢été").
  { pattern: /¢/gu, replacements: ['é', 'è', '', 'ç', 'ê'] },
  { pattern: /ée/gu, replacements: ['è'] }, // "systéeme"
  { pattern: /é/gu, replacements: ['è', 'ê'] }, // "matiére", "méme", "étre"
  { pattern: /e/gu, replacements: ['è'], weak: true }, // lost grave accent: "matiere", "acces"
  { pattern: /[gc]/gu, replacements: ['ç'] }, // "fagon", "pergus", "recues"
  { pattern: /d(?=l)/gu, replacements: ['ô'] }, // "rdle", "contrdle"
  { pattern: /l(?=t)/gu, replacements: ['û'], weak: true }, // "colts"-like (only when not itself a word)
  { pattern: /a4/gu, replacements: ['à'] },
  { pattern: /a/gu, replacements: ['â', 'à'], weak: true }, // "grace", "déja"
  { pattern: /o/gu, replacements: ['ô'], weak: true }, // "role", "controle", "hote"
  { pattern: /i(?=ce)/gu, replacements: ['â'], weak: true }, // "grice"; any "i" would turn "ciblée" into "câblée"
  { pattern: /é/gu, replacements: ['ô'], weak: true }, // "réle"
  { pattern: /^1/gu, replacements: ['l', 'i'] }, // "1l est" -> "il" (capitalised at sentence start)
  { pattern: /1/gu, replacements: ['l'] },
  { pattern: /^I(?=\p{Ll})/gu, replacements: ['l', ''] }, // "Ila" -> "la"
  { pattern: /^\p{Lu}(?=\p{Lu}\p{Ll})/gu, replacements: [''] }, // "FEtats"
  { pattern: /^&/gu, replacements: [''] }, // "&étre"
  // Least reliable: "c" read for "è"/"e", or inserted ("particulicrement", "essenticllement", "seculement").
  { pattern: /c/gu, replacements: ['è', 'e', ''], weak: true },
];

/** At most this many substitutions per token: enough for "&étre", small enough to stay fast and unsurprising. */
const MAX_EDITS = 2;

/** Letters, digits and the symbols the scan uses for letters; the apostrophe keeps elided forms in one token. */
const TOKEN = /[\p{L}\p{M}\p{N}¢&|[!’']+/gu;
const APOSTROPHE = /[’']/u;

/** Prefixes that end in an elided vowel ("l’", "qu’", "aujourd’hui"). */
const ELISION_PREFIXES = new Set([
  'l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'presqu', 'quelqu', 'aujourd',
]);

/** How the scan mangles "l’"/"L’". The empty prefix is a lost "l" ("’instabilité"). */
const BROKEN_ELISION: Readonly<Record<string, string>> = {
  '1': 'l', I: 'l', '|': 'l', '[': 'l', '!': 'l', DL: 'L', '': 'l',
};

const MONTHS = new Set([
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
]);

/** French capitals often drop their accent ("Etats" for "États"). */
const ACCENTED_CAPITALS: Readonly<Record<string, readonly string[]>> = {
  A: ['à', 'â'], E: ['é', 'è', 'ê'], I: ['î'], O: ['ô'], U: ['ù', 'û'], C: ['ç'],
};

let frenchWords: Set<string> | undefined;

/** The word list (~336k lower-case words), loaded on first use: it costs ~100 ms and many callers never need it. */
function words(): Set<string> {
  if (!frenchWords) {
    const list = createRequire(import.meta.url)('an-array-of-french-words') as string[];
    frenchWords = new Set(list);
  }
  return frenchWords;
}

/** Whether a single word (no apostrophe) is in the list, ignoring case and a capital's missing accent. */
function isListed(word: string): boolean {
  const lower = word.toLowerCase();
  if (words().has(lower)) return true;
  return (ACCENTED_CAPITALS[word.charAt(0)] ?? []).some((accented) => words().has(accented + lower.slice(1)));
}

/** A capitalised name or acronym ("Europe", "OIT"): not in the list, but fine after "l’". */
function isName(word: string): boolean {
  return /^\p{Lu}[\p{L}\p{M}]*$/u.test(word);
}

/** Whether a token is French as written: a listed word, or a valid elision of a word or name ("l’OIT", "d’origine"). */
export function isFrenchWord(token: string): boolean {
  const apostrophe = token.search(APOSTROPHE);
  if (apostrophe < 0) return isListed(token);
  const prefix = token.slice(0, apostrophe);
  const rest = token.slice(apostrophe + 1);
  if (!ELISION_PREFIXES.has(prefix.toLowerCase()) || rest === '') return false;
  return isFrenchWord(rest) || isName(rest);
}

function takesElision(word: string): boolean {
  return /^[aeiouyhàâäéèêëîïôöûüœ]/iu.test(word);
}

interface Site {
  start: number;
  end: number;
  replacements: readonly string[];
}

/** Every place a confusion applies, in preference order (table order, then left to right). */
function sitesOf(word: string): Site[] {
  const capitalised = /^\p{Lu}/u.test(word);
  return CONFUSIONS.filter((c) => !(capitalised && c.weak)).flatMap(({ pattern, replacements }) =>
    [...word.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, replacements })),
  );
}

/** Sets of up to `max` non-overlapping sites, smaller sets first. */
function* siteSets(sites: Site[], max: number, from = 0, chosen: Site[] = []): Generator<Site[]> {
  for (let size = 1; size <= max; size++) yield* siteSetsOfSize(sites, size, from, chosen);
}

function* siteSetsOfSize(sites: Site[], size: number, from: number, chosen: Site[]): Generator<Site[]> {
  if (chosen.length === size) {
    yield chosen;
    return;
  }
  for (const [i, site] of sites.entries()) {
    if (i < from || chosen.some((c) => site.start < c.end && c.start < site.end)) continue;
    yield* siteSetsOfSize(sites, size, i + 1, [...chosen, site]);
  }
}

/** The word with each site replaced, for every combination of the sites' replacements. */
function* substitutions(word: string, set: Site[]): Generator<string> {
  const ordered = [...set].sort((a, b) => a.start - b.start);
  const choose = function* (k: number, built: string, cursor: number): Generator<string> {
    const site = ordered[k];
    if (site === undefined) {
      yield built + word.slice(cursor);
      return;
    }
    for (const r of site.replacements) yield* choose(k + 1, built + word.slice(cursor, site.start) + r, site.end);
  };
  yield* choose(0, '', 0);
}

/** The first candidate that is a French word, or null. Acronyms and single letters are left alone. */
export function repairWord(word: string): string | null {
  if (word.length < 2 || isListed(word) || !/\p{L}/u.test(word) || /^[\p{Lu}\d]+$/u.test(word)) return null;
  for (const set of siteSets(sitesOf(word), MAX_EDITS)) {
    for (const candidate of substitutions(word, set)) {
      if (candidate !== '' && isListed(candidate)) return candidate;
    }
  }
  return null;
}

/** The word as repaired, or as written when it needs no repair; null when it is neither French nor repairable. */
function asWord(word: string): string | null {
  return isListed(word) ? word : repairWord(word);
}

/** Repairs an elided token: a broken "l’" prefix and/or the word after it. */
function repairElided(token: string, atWordStart: boolean): string | null {
  const apostrophe = token.search(APOSTROPHE);
  const prefix = token.slice(0, apostrophe);
  const mark = token.charAt(apostrophe);
  const rest = token.slice(apostrophe + 1);
  if (rest === '') return null;
  if (ELISION_PREFIXES.has(prefix.toLowerCase())) {
    const word = repairWord(rest);
    return word === null ? null : prefix + mark + word;
  }
  const fixed = BROKEN_ELISION[prefix];
  if (fixed === undefined) return null;
  // A bare apostrophe is only a lost "l" at the start of a word, before a listed word.
  const word = prefix === '' ? (atWordStart ? asWord(rest) : null) : (asWord(rest) ?? (isName(rest) ? rest : null));
  return word !== null && takesElision(word) ? fixed + mark + word : null;
}

/** The repaired token, or null to keep it. */
function repairToken(token: string, atWordStart: boolean): string | null {
  if (isFrenchWord(token)) return null;
  return APOSTROPHE.test(token) ? repairElided(token, atWordStart) : repairWord(token);
}

interface Token {
  text: string;
  offset: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], offset: m.index }));
}

/** After ". ", "! ", "? " or at the start of the text. */
function atSentenceStart(text: string, offset: number): boolean {
  const before = text.slice(0, offset).trimEnd();
  return before === '' || /[.!?]$/u.test(before);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `next` if only whitespace separates it from `token`. */
function following(text: string, token: Token, next: Token | undefined): Token | undefined {
  if (!next) return undefined;
  return /^\s+$/u.test(text.slice(token.offset + token.text.length, next.offset)) ? next : undefined;
}

/** "11 a été" at a sentence start, but not "11 pays" or "11 mai": a number is followed by a plural noun or a month. */
function isElevenForIl(text: string, token: Token, next: Token): boolean {
  return token.text === '11' && atSentenceStart(text, token.offset) && /^\p{Ll}+$/u.test(next.text)
    && !/[sx]$/u.test(next.text) && !MONTHS.has(next.text);
}

/** "1’ Assemblée": an elision split by a space, rejoined as "l’Assemblée"; null if it is not one. */
function joinSplitElision(token: Token, next: Token): string | null {
  const apostrophe = token.text.search(APOSTROPHE);
  if (apostrophe <= 0 || apostrophe !== token.text.length - 1) return null;
  const fixed = BROKEN_ELISION[token.text.slice(0, apostrophe)];
  const word = asWord(next.text) ?? (isName(next.text) ? next.text : null);
  return fixed !== undefined && word !== null && takesElision(word) ? fixed + token.text.charAt(apostrophe) + word : null;
}

/** Repairs that need the next word: "11 a été", "& condition", "le ler juillet", "1’ Assemblée". */
function repairInContext(text: string, token: Token, nextToken: Token | undefined): OcrChange | null {
  const next = following(text, token, nextToken);
  if (!next) return null;
  const change = (to: string, end = token.offset + token.text.length): OcrChange => ({
    from: text.slice(token.offset, end),
    to,
    offset: token.offset,
  });
  if (isElevenForIl(text, token, next)) return change('Il');
  if (token.text === '&' && /^\p{Ll}/u.test(next.text)) return change('à');
  if (token.text === 'ler' && MONTHS.has(next.text.toLowerCase())) return change('1er');
  const joined = text.slice(token.offset + token.text.length, next.offset) === ' ' ? joinSplitElision(token, next) : null;
  return joined === null ? null : change(joined, next.offset + next.text.length);
}

function repairAt(text: string, token: Token, next: Token | undefined): OcrChange | null {
  const contextual = repairInContext(text, token, next);
  if (contextual) return contextual;
  const atWordStart = !/[\p{L}\p{N}]/u.test(text.charAt(token.offset - 1));
  let to = repairToken(token.text, atWordStart);
  if (to === null) return null;
  // A misread first character ("1l", "I’", "Ila") at a sentence start stands for a capital.
  if (atSentenceStart(text, token.offset) && !/^\p{Ll}/u.test(token.text)) to = capitalise(to);
  return to === token.text ? null : { from: token.text, to, offset: token.offset };
}

/** Applies non-overlapping changes (sorted by offset) to the text they were computed on. */
export function applyChanges(text: string, changes: readonly OcrChange[]): string {
  let out = '';
  let cursor = 0;
  for (const { from, to, offset } of changes) {
    out += text.slice(cursor, offset) + to;
    cursor = offset + from.length;
  }
  return out + text.slice(cursor);
}

/**
 * Repairs OCR character confusions in French text, conservatively.
 * @example repairOcr('le réle de 1’Organisation').text === 'le rôle de l’Organisation'
 */
export function repairOcr(text: string): OcrRepair {
  const tokens = tokenize(text);
  const changes: OcrChange[] = [];
  let consumedTo = 0;
  for (const [i, token] of tokens.entries()) {
    if (token.offset < consumedTo) continue; // already covered by a change spanning two tokens
    const change = repairAt(text, token, tokens[i + 1]);
    if (!change) continue;
    changes.push(change);
    consumedTo = change.offset + change.from.length;
  }
  return { text: applyChanges(text, changes), changes };
}
