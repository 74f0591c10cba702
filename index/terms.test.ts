import { describe, expect, it } from 'vitest';
import { analyze } from './analyzer.ts';
import { loadCorpus } from './corpus.ts';
import { Glossary } from './glossary.ts';
import { segmentSource } from './segment.ts';
import { analyzeParagraph } from './terms.ts';

const glossary = Glossary.load();

describe('analyzeParagraph', () => {
  it("gives every paragraph of the corpus the terms and concepts of its whole text, and each sentence its own", async () => {
    for (const source of await loadCorpus()) {
      for (const p of segmentSource(source)) {
        const analysis = analyzeParagraph(p, glossary);
        const terms = analyze(p.text, 'fr');
        expect(analysis.terms).toEqual(terms);
        expect(analysis.concepts).toEqual(glossary.concepts(terms, 'fr'));
        expect(analysis.sectionTerms).toEqual(analyze(p.sectionPath.join(' '), 'fr'));
        for (const s of analysis.sentences) expect(s.terms).toEqual(analyze(p.text.slice(s.start, s.end), 'fr'));
      }
    }
  });
});
