import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatQuotation, quotationsToMarkdown, quotationsToText } from './quotation.ts';

const par27 = {
  text: 'Nous reconnaissons\nl’importance de la coopération.',
  labels: { en: 'A/RES/68/4, para. 27', fr: 'A/RES/68/4, par. 27' },
};
const riviera = {
  text: 'Exigeons la jouissance et la protection effectives des droits de l’homme.',
  labels: {
    en: 'Communiqué spécial de Riviera Maya (2010), 3rd paragraph (unnumbered)',
    fr: 'Communiqué spécial de Riviera Maya (2010), 3e paragraphe (non numéroté)',
  },
};

describe('formatQuotation', () => {
  it('writes French guillemets with no-break spaces and the French reference', () => {
    expect(formatQuotation(par27, 'fr')).toBe('«\u00a0Nous reconnaissons l’importance de la coopération.\u00a0» (A/RES/68/4, par. 27)');
  });

  it('writes English quotation marks and the English reference', () => {
    expect(formatQuotation(par27, 'en')).toBe('“Nous reconnaissons l’importance de la coopération.” (A/RES/68/4, para. 27)');
  });

  it('says when the paragraph number of the Riviera Maya communiqué is an ordinal', () => {
    expect(formatQuotation(riviera, 'en')).toMatch(/\(Communiqué spécial de Riviera Maya \(2010\), 3rd paragraph \(unnumbered\)\)$/);
    expect(formatQuotation(riviera, 'fr')).toMatch(/3e paragraphe \(non numéroté\)\)$/);
  });
});

describe('exports', () => {
  it('lists the quotes in basket order under a title, one paragraph each', () => {
    expect(quotationsToText([riviera, par27], 'en', 'Quotations')).toBe(
      [
        'Quotations',
        '“Exigeons la jouissance et la protection effectives des droits de l’homme.” (Communiqué spécial de Riviera Maya (2010), 3rd paragraph (unnumbered))',
        '“Nous reconnaissons l’importance de la coopération.” (A/RES/68/4, para. 27)',
      ].join('\n\n') + '\n',
    );
  });

  it('escapes Markdown so that a quote cannot turn into formatting or HTML', () => {
    const md = quotationsToMarkdown([{ ...par27, text: 'Les *migrants* <b>et</b> [leurs] familles_' }], 'fr', 'Citations');
    expect(md).toBe('# Citations\n\n«\u00a0Les \\*migrants\\* \\<b\\>et\\</b\\> \\[leurs\\] familles\\_\u00a0» (A/RES/68/4, par. 27)\n');
  });

  it('leaves ordinary French punctuation alone', () => {
    expect(escapeMarkdown('l’homme ; « droits » (a) 1.')).toBe('l’homme ; « droits » (a) 1.');
  });
});
