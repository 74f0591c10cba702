import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyzer.ts';
import { loadCorpus } from './corpus.ts';
import { corpusContentTerms, FULL_WEIGHT, Lexicon, LexiconFormatError, lexiconSchema, PART_WEIGHT } from './lexicon.ts';
import { segmentSource } from './segment.ts';

const lexicon = Lexicon.load();
const en = (word: string) => analyze(word, 'en')[0]!;
const reached = (question: string) => lexicon.translate(question).flatMap((t) => t.french);

describe('Lexicon.load', () => {
  it('loads the committed lexicon, with entries from each source', () => {
    const sources = new Set(lexicon.entries.map((e) => e.source));
    expect([...sources].sort()).toEqual(['freedict-eng-fra', 'freedict-fra-eng', 'manual']);
    expect(lexicon.entries.length).toBeGreaterThan(1500);
  });

  it('names its sources and their licenses in the header', () => {
    const file = lexiconSchema.parse(JSON.parse(readFileSync(new URL('./lexicon.json', import.meta.url), 'utf8')));
    expect(file.header.sources.find((s) => s.id === 'freedict-fra-eng')?.license).toBe('GPL-2.0-or-later');
  });

  it('holds every hand-kept entry (npm run lexicon was run after the last edit)', () => {
    const manual = JSON.parse(readFileSync(new URL('./lexicon-manual.json', import.meta.url), 'utf8')) as { entries: { fr: string; en: string[] }[] };
    const built = new Set(lexicon.entries.filter((e) => e.source === 'manual').map((e) => `${e.fr}\t${e.en.join('|')}`));
    const missing = manual.entries.filter((e) => !built.has(`${e.fr}\t${e.en.join('|')}`)).map((e) => e.fr);
    expect(missing).toEqual([]);
  });

  it('has no entry whose French reaches no stem (a lemma that is all stop words translates nothing)', () => {
    const dead = lexicon.entries.filter((e) => analyze([e.fr, ...(e.forms ?? [])].join(' '), 'fr').length === 0);
    expect(dead.map((e) => e.fr)).toEqual([]);
  });

  describe('refuses a malformed file in one line that names it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const cases: [string, string][] = [
      ['unknown source', JSON.stringify({ header: { description: '', sources: [] }, entries: [{ fr: 'enfant', en: ['child'], source: 'wiki' }] })],
      ['no English', JSON.stringify({ header: { description: '', sources: [] }, entries: [{ fr: 'enfant', en: [], source: 'manual' }] })],
      ['not JSON', '{"header": '],
    ];
    it.each(cases)('%s', (_name, text) => {
      const file = path.join(dir, 'lexicon.json');
      writeFileSync(file, text);
      expect(() => Lexicon.load(file)).toThrow(LexiconFormatError);
      try {
        Lexicon.load(file);
      } catch (err) {
        expect((err as Error).message).toContain(file);
        expect((err as Error).message).not.toContain('\n');
      }
    });
    it('a missing file', () => {
      expect(() => Lexicon.load(path.join(dir, 'absent.json'))).toThrow(/absent\.json/);
    });
  });
});

describe('English reaches the French of the corpus', () => {
  it('everyday words: barrier → obstacle, child and kids → enfant', () => {
    expect(lexicon.frenchFor(en('barrier'))).toContain('obstacl');
    expect(lexicon.frenchFor(en('barriers'))).toContain('obstacl');
    expect(lexicon.frenchFor(en('child'))).toContain('enfant');
    expect(lexicon.frenchFor(en('kids'))).toContain('enfant');
  });

  it('the French stems are those the analyzer gives the corpus text', () => {
    const paragraphStems = new Set(analyze("les obstacles à la réadmission des enfants laissés au pays par tranche d'âge", 'fr'));
    for (const question of ['barriers', 'take back', 'kids left behind', 'age group']) {
      expect(reached(question).some((t) => paragraphStems.has(t)), question).toBe(true);
    }
  });

  it('a phrase whose words are weak alone: "take back" reaches réadmettre and réadmission in full', () => {
    const [takeBack] = lexicon.translate('countries that take back their own citizens').filter((t) => t.english === 'take back');
    expect(takeBack?.french).toEqual(expect.arrayContaining(['readmetr', 'readmis']));
    expect(takeBack?.weight).toBe(FULL_WEIGHT);
    expect(lexicon.frenchFor(en('readmit'))).toContain('readmetr');
  });

  it('a word met only inside phrases carries them at part weight: "back" alone is not "take back"', () => {
    const back = lexicon.translate('back').filter((t) => t.french.includes('readmis'));
    expect(back.map((t) => t.weight)).toEqual([PART_WEIGHT]);
  });

  it('"send home" reaches rapatrier; "left behind" reaches laisser; "age group" reaches tranche d\'âge', () => {
    const weightFor = (q: string) => lexicon.translate(q).filter((t) => t.french.includes('rapatri')).map((t) => t.weight);
    expect(weightFor('send home')).toEqual([FULL_WEIGHT]);
    expect(new Set(weightFor('send them home'))).toEqual(new Set([PART_WEIGHT])); // a phrase is its words in order
    expect(reached('children left behind')).toEqual(expect.arrayContaining(['enfant', 'lais']));
    expect(reached('which age group is the largest')).toEqual(expect.arrayContaining(['tranch', 'age']));
  });

  it('stop words translate nothing', () => {
    expect(lexicon.translate('the of and which is')).toEqual([]);
  });
});

describe('coverage', () => {
  it('counts occurrences and lists uncovered stems most frequent first', () => {
    const c = lexicon.coverage(['enfant', 'zzyzx', 'qwertz', 'zzyzx']);
    expect(c).toEqual({ share: 0.25, covered: 1, total: 4, uncovered: [['zzyzx', 2], ['qwertz', 1]] });
    expect(lexicon.covers('enfant')).toBe(true);
    expect(lexicon.covers('zzyzx')).toBe(false);
  });

  it('content terms leave out numbers and names, not the word that opens a sentence', () => {
    const terms = corpusContentTerms(['Migrants en Afrique depuis 2003. Afrique est un mot.', 'Les migrants du Mexique.']);
    expect(terms).toEqual(['migr', 'depuis', 'mot', 'migr']);
    expect(corpusContentTerms(['Travailleurs migrants. Les travailleurs.'])).toEqual(['travaileur', 'migr', 'travaileur']);
  });

  it('covers at least 95% of the content-word occurrences of the real corpus', async () => {
    const sources = await loadCorpus();
    const texts = sources.flatMap((s) => segmentSource(s).map((p) => p.text));
    const { share, total, uncovered } = lexicon.coverage(corpusContentTerms(texts));
    expect(total).toBeGreaterThan(5000);
    expect(share, `most frequent uncovered: ${uncovered.slice(0, 10).join(' ')}`).toBeGreaterThanOrEqual(0.95);
  });
});
