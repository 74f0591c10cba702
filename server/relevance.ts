import { cognateKey } from '../index/analyzer.ts';
import type { Glossary } from '../index/glossary.ts';
import { cognateTerm, idfOf, type LexicalIndex } from '../index/lexical.ts';
import { paragraphTerms } from './paragraph-terms.ts';
import type { Places } from './places.ts';
import type { ParagraphAnalysis, QuestionAnalysis } from '../index/terms.ts';

/**
 * What one passage must cover of a question to answer it: a good share of the
 * question's weight, or a fair share of many telling words (a long, specific
 * question holds words the corpus words differently), scored as the share
 * times the covered weight. Set on the calibration half of eval/relevance.json
 * and the questions of eval/questions.json (all on-topic), by a grid over both
 * (coverage 0.30–0.60, product 0.5–4), keeping every on-topic question there
 * answered (the rules of `relevanceOf` in force): any coverage from 0.37 to 0.46
 * does as well; below 0.4, the on-topic reach 1.65 and more of share times
 * weight, the off-topic 1.49 but two (1.84, 2.84). The test half is the floor.
 */
const MIN_COVERAGE = 0.4;
const MIN_COVERED_EVIDENCE = 1.52;
/**
 * The answering passage must have one of the more telling half of the
 * question's known words (places aside), not only its commonest ones. Set on
 * the calibration half: refuses one more off-topic question there, every
 * on-topic and tuning question still answered; a third does the same, a
 * quarter or the single most telling word refuses tuning questions.
 */
const TELLING_SHARE = 0.5;
/** How many of the best passages may carry the answer, whatever number the caller shows. */
export const RELEVANCE_PASSAGES = 5;

/** A passage as the relevance check reads it: its analysis and the metadata terms of its document. */
export interface RelevancePassage {
  analysis: ParagraphAnalysis;
  /** Terms of the document's title, kind, body and year: a passage of the Riviera Maya communiqué is about Riviera Maya. */
  documentTerms: Pick<ReadonlySet<string>, 'has'>;
}

export interface RelevanceInput {
  question: QuestionAnalysis;
  /** The question's words as the corpus weighs them (`questionWords`). */
  words: QuestionWord[];
  /** The best passages, best first. */
  passages: RelevancePassage[];
  /** Where the question names places (countries, regions, the UN's seats). */
  places: Pick<Places, 'positions'>;
  /** The field's terminology: a question that uses none of its words is not on the corpus's subject. */
  glossary: Pick<Glossary, 'hasTerm'>;
}

export interface RelevanceEvidence {
  /** The best passage's covered share of the question's weight, in [0, 1]. */
  coverage: number;
  /** The best passage's covered weight (summed IDF). */
  evidence: number;
}

/** Whether the corpus answers a question (see `relevanceOf`). */
export function answers(input: RelevanceInput): boolean {
  const { coverage, evidence } = relevanceOf(input);
  return coverage >= MIN_COVERAGE || coverage * evidence >= MIN_COVERED_EVIDENCE;
}

/**
 * How much of a question the best passages cover, each of its content words
 * weighted by how telling it is in the corpus. A word the corpus does not know
 * in any form (the word, a cognate, its French terms from the glossary or the
 * lexicon, a document's metadata) weighs most: "football" in "What did the
 * ministers say about football?" leaves the ministers covering little. Words
 * every passage shares weigh least, so a broad question ("Migration and
 * development") is covered by a passage that has them, and the same words
 * beside an unknown one are not. A place says where, not what: a passage
 * that covers only the question's places does not answer it ("the capital of
 * Australia"), and a place the corpus never names leaves nothing to answer
 * with ("elections in Ukraine"). The passage must also have one of the
 * question's more telling words (`TELLING_SHARE`).
 * @example relevanceOf(input).coverage // 0.02 for 'Bird migration routes in autumn'
 */
export function relevanceOf(input: RelevanceInput): RelevanceEvidence {
  const none = { coverage: 0, evidence: 0 };
  if (!inField(input.question, input.glossary)) return none;
  const { words } = input;
  const places = input.places.positions(words.map((w) => w.term), input.question.lang);
  if (words.some((w, i) => places.has(i) && w.unknown)) return none;
  const known = words.flatMap((w, i) => (w.unknown || places.has(i) ? [] : [i])).sort((a, b) => words[b]!.weight - words[a]!.weight);
  const telling = known.slice(0, Math.ceil(TELLING_SHARE * known.length));
  let best: RelevanceEvidence = none;
  const coverage = coverageOf(words);
  for (const p of input.passages.slice(0, RELEVANCE_PASSAGES)) {
    const covered = coverage(p);
    if (covered.matched.every((i) => places.has(i))) continue;
    if (telling.length > 0 && !covered.matched.some((i) => telling.includes(i))) continue;
    if (covered.evidence > best.evidence) best = { coverage: covered.coverage, evidence: covered.evidence };
  }
  return best;
}

/**
 * Whether a question uses the field's words: it names a concept of the
 * glossary, or one of its words is a word of some glossary entry, in the
 * question's language or the other ("migration", "envois", "rights",
 * "réfugiés"). Questions on the corpus's subject use them, however everyday
 * their wording; « Combien de pattes a une araignée ? » reaches the corpus only
 * through a word the OCR'd text has once. A general word that is also the
 * field's ("change" of "climate change", "best" of "best practices") still
 * lets a question through: "How to change a car tyre" is answered.
 */
function inField(question: QuestionAnalysis, glossary: RelevanceInput['glossary']): boolean {
  return question.concepts.length > 0 || question.asFrench.some((t) => glossary.hasTerm(t, 'fr')) || question.asEnglish.some((t) => glossary.hasTerm(t, 'en'));
}

/** A content word of a question, with the forms a passage may have it in and how telling it is. */
export interface QuestionWord {
  term: string;
  key: string | null;
  french: string[];
  /** IDF of its commonest form in the corpus. */
  weight: number;
  /** In no form in the corpus's paragraphs nor in its documents' metadata. */
  unknown: boolean;
}

/** The question's own words as the relevance check and the coverage ranking weigh them (see `relevanceOf`). */
export function questionWords(
  question: QuestionAnalysis,
  lexical: Pick<LexicalIndex, 'df' | 'size'>,
  inMetadata: (term: string) => boolean,
): QuestionWord[] {
  // The words that name one concept ("ministres des affaires étrangères") say one thing: they count once.
  const named: { terms: string[]; french: string[] }[] = [];
  question.own.forEach(({ term, french, concept }, i) => {
    const last = named.at(-1);
    if (last && concept !== undefined && concept === question.own[i - 1]?.concept) {
      last.terms.push(term);
      last.french.push(...french);
    } else named.push({ terms: [term], french: [...french] });
  });
  return named.map(({ terms, french }) => {
    const [term, ...others] = terms as [string, ...string[]];
    const key = cognateKey(term);
    const forms = [...terms, ...(key ? [cognateTerm(key)] : []), ...french];
    const known = forms.map((f) => lexical.df(f)).filter((df) => df > 0);
    const metadata = known.length === 0 && terms.some(inMetadata);
    // As telling as its commonest form; a word only metadata has, as a rare one; an unknown word, as a term in no paragraph.
    const df = known.length > 0 ? Math.max(...known) : metadata ? 1 : 0;
    return { term, key, french: [...new Set([...others, ...french])], weight: idfOf(df, lexical.size), unknown: known.length === 0 && !metadata };
  });
}

/** How much of a question a passage covers; `matched` are the positions of the words it has. */
export type Coverage = (p: RelevancePassage) => RelevanceEvidence & { matched: number[] };

/**
 * How much of a question one passage covers: each of the question's words
 * counts once, whichever of its forms the passage has (the word, one of its
 * French terms, its cognate key). Prepared once per question, since a
 * question reads every candidate with it.
 */
export function coverageOf(words: QuestionWord[]): Coverage {
  const total = words.reduce((s, w) => s + w.weight, 0);
  return (p) => {
    const { terms, keys } = paragraphTerms(p.analysis);
    const matched: number[] = [];
    let evidence = 0;
    words.forEach((w, i) => {
      const has = p.documentTerms.has(w.term) || terms.has(w.term) || w.french.some((f) => terms.has(f)) || (w.key !== null && keys.has(w.key));
      if (!has) return;
      matched.push(i);
      evidence += w.weight;
    });
    return { coverage: total === 0 ? 0 : evidence / total, evidence, matched };
  };
}
