import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type SourceDocument } from './corpus.ts';
import type { Paragraph } from './paragraph.ts';
import { segmentDocument, segmentSource } from './segment.ts';

let docs: Map<string, { source: SourceDocument; paragraphs: Paragraph[] }>;

beforeAll(async () => {
  const sources = await loadCorpus();
  docs = new Map(
    sources.map((source) => [
      source.meta.id,
      { source, paragraphs: segmentSource(source) },
    ]),
  );
});

const numbered = (id: string) => docs.get(id)!.paragraphs.filter((p) => p.unit !== 'labelled');
const para = (id: string, n: number) => docs.get(id)!.paragraphs.find((p) => p.paragraph === n)!;
const unit = (id: string, label: string) => docs.get(id)!.paragraphs.find((p) => p.unitLabel === label);

describe('segmentDocument on the real corpus', () => {
  it.each([
    ['osce-mc-2006', 6],
    ['a-res-68-4', 34],
    ['a-58-98', 55],
    ['a-61-187', 76],
    ['riviera-maya-2010', 14],
  ])('%s keeps its paragraphs numbered 1..%i in order', (id, count) => {
    expect(numbered(id).map((p) => p.paragraph)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('carries a paragraph across a page break, running head and job number', () => {
    // A/58/98 para. 21 runs over "A/58/98", the page number "10" and onto the next page.
    const p21 = para('a-58-98', 21);
    expect(p21.text.startsWith('Le Programme commun des Nations Unies sur le VIH/sida (ONUSIDA)')).toBe(true);
    expect(p21.text).toContain('Migrants’ Right to Health, il s’est employé');
    expect(p21.text.endsWith('programmes de lutte contre le VIH/sida.')).toBe(true);
    // Para. 43 runs over "0341623f", "A/58/98", "0341623f".
    expect(para('a-58-98', 43).text).toContain('Certains gouvernements ont suggéré que la Conférence pourrait permettre');
    // A/RES/68/4 para. 4 ends before "13-43970" and "Merci de recycler".
    expect(para('a-res-68-4', 4).text.endsWith('pour les pays d’origine, de transit et de destination ;'.replace(/’/g, "'"))).toBe(true);
    // A/61/187 para. 60 runs over "A/61/187" and "16 06-44787".
    expect(para('a-61-187', 60).text).toContain('Des représentants d’organismes du secteur privé ont noté');
  });

  it('keeps a footnote as a note of the paragraph that calls it, not as text', () => {
    const p21 = para('a-res-68-4', 21);
    expect(p21.text).toContain('situations d\'extrême vulnérabilité, ainsi que le soutien');
    expect(p21.text).not.toContain('Recueil des Traités');
    expect(p21.notes).toEqual([]);
    const p15 = para('a-res-68-4', 15);
    expect(p15.text).toContain('membres de leur famille¹, au système international');
    expect(p15.notes).toEqual([{ mark: '1', text: 'Nations Unies, Recueil des Traités, vol. 2220, n° 39481.' }]);

    const p23 = para('a-61-187', 23);
    expect(p23.text).toContain('ont défini les droits de toutes les personnes et s’appliquent donc à tous les migrants');
    expect(p23.text).not.toContain('A/60/871');
    expect(para('a-61-187', 22).text).toContain('dans le rapport¹ où l’on décrit');
    expect(para('a-61-187', 22).notes).toEqual([{ mark: '1', text: 'A/60/871.' }]);
  });

  it('leaves no layout artifact inside any paragraph', () => {
    const artifacts = [/\bA\/58\/98\b/, /\bA\/61\/187\b/, /13-43970/, /06-44787/, /0341623f/, /Merci de recycler/, /_{3,}/, /<sup>/, /\*\*/, /^#/];
    for (const { paragraphs } of docs.values()) {
      for (const p of paragraphs) {
        for (const re of artifacts) expect(`${p.docId} ${p.paragraph ?? p.unitLabel}: ${p.raw}`).not.toMatch(re);
      }
    }
  });

  it('reads a paragraph whose number the OCR made odd by the sequence', () => {
    expect(para('a-58-98', 40).text.startsWith('Il a été envisagé d’organiser une conférence')).toBe(true);
    expect(para('a-58-98', 40).raw.startsWith('11 a été envisagé')).toBe(true);
  });

  it('gives every paragraph the heading it sits under, and headings are never paragraphs', () => {
    expect(para('a-58-98', 13).section).toBe('Fonds des Nations Unies pour l’enfance');
    expect(para('a-58-98', 20).section).toBe('Fonds des Nations Unies pour la population');
    expect(para('a-58-98', 32).section).toBe('Organisation internationale pour les migrations');
    expect(para('a-58-98', 9).section).toBe('Commissions régionales de l’Organisation des Nations Unies');
    expect(para('a-61-187', 31).sectionPath).toEqual([
      'IV. Débat interactif sur les migrations internationales et le développement : problèmes pour les politiques sociales et économiques des pays de départ et d’arrivée',
      'B. Liens entre migration et développement',
      '1. Impact économique des migrations au niveau mondial',
    ]);
    expect(para('a-61-187', 38).text.endsWith('pour les migrants eux-mêmes.')).toBe(true);
    expect(para('a-61-187', 39).section).toBe('6. Harmonisation des politiques de migrations internationales et de développement');
    for (const { paragraphs } of docs.values()) {
      for (const p of paragraphs) expect(p.text).not.toMatch(/^(?:[IVX]+|[A-H])\. /);
    }
  });

  it('cites text before paragraph 1 and the annex as labelled units', () => {
    expect(unit('a-res-68-4', 'preamble')?.text).toMatch(/^Nous, représentants d'États et de gouvernements, réunis au Siège/);
    expect(unit('a-61-187', 'transmittal note')?.text).toMatch(/^Le Président de l’Assemblée générale à sa soixantième session/);
    expect(unit('a-61-187', 'annex')?.text).toContain('Séance de clôture');
    expect(unit('a-61-187', 'transmittal note')?.paragraph).toBeNull();
    expect(para('a-res-68-4', 34).text.endsWith('à sa soixante-neuvième session.')).toBe(true);
    expect(para('a-61-187', 76).text).not.toContain('Annexe');
  });

  it('numbers the unnumbered communiqué by position, joining a paragraph cut by a blank line', () => {
    const ps = docs.get('riviera-maya-2010')!.paragraphs;
    expect(ps.every((p) => p.unit === 'ordinal')).toBe(true);
    expect(ps[0]!.text).toBe('Nous, chefs d\'état et de gouvernement des pays d\'Amérique Latine et des Caraïbes:');
    expect(ps[10]!.text).toContain('le renforcement des réseaux consulaires de nos pays');
    expect(ps[13]!.text.startsWith('Par ailleurs, nous avons décidé')).toBe(true);
    expect(ps.some((p) => /Riviera Maya, Mexique|\* \* \*|COMMUNIQUÉ/.test(p.text))).toBe(false);
    // The OSCE declaration's paragraph 5 is cut by a blank line mid-sentence too.
    expect(para('osce-mc-2006', 5).text).toContain('et la facilitation du dialogue, du partenariat');
  });

  it('keeps the printed (OCR) text beside the repaired text', () => {
    const p2 = para('a-58-98', 2);
    expect(p2.raw).toContain('colts de transport');
    expect(p2.raw).toContain('1’évidence');
    expect(p2.text).toContain('l’évidence');
    expect(p2.text).not.toContain('1’');
  });
});
