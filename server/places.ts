import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { analyze, type Lang } from '../index/analyzer.ts';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));

/**
 * Continents and world regions as the UN names them (M49 geographic regions,
 * and the regions its migration texts use), with their adjectives: country
 * names come from ISO 3166, these do not.
 */
const REGIONS: Record<Lang, string[]> = {
  en: [
    'Africa', 'African', 'Sub-Saharan Africa', 'North Africa', 'Americas', 'America', 'American', 'Latin America', 'Latin American',
    'North America', 'South America', 'Central America', 'Caribbean', 'Asia', 'Asian', 'Europe', 'European', 'Oceania',
    'Pacific', 'Middle East', 'Mediterranean', 'Balkans', 'Maghreb', 'Sahel', 'Gulf', 'New York', 'Geneva',
  ],
  fr: [
    'Afrique', 'africain', 'Afrique subsaharienne', 'Afrique du Nord', 'Amériques', 'Amérique', 'américain', 'Amérique latine',
    'latino-américain', 'Amérique du Nord', 'Amérique du Sud', 'Amérique centrale', 'Caraïbes', 'caribéen', 'Asie', 'asiatique',
    'Europe', 'européen', 'Océanie', 'Pacifique', 'Moyen-Orient', 'Méditerranée', 'Balkans', 'Maghreb', 'Sahel', 'Golfe',
    'New York', 'Genève',
  ],
};

/**
 * Place names (countries, continents, regions, the UN's seats) as analysed
 * phrases, to find where a question names a place.
 * @example new Places().spans(analyze('migration from Africa to Europe', 'en'), 'en') // [[2, 3], [3, 4]]
 */
export class Places {
  /** Analysed place names by their first term. */
  private readonly phrases: Record<Lang, Map<string, string[][]>> = { en: new Map(), fr: new Map() };

  constructor() {
    const names = (['en', 'fr'] as const).flatMap((lang) => [...Object.values(countries.getNames(lang, { select: 'all' })).flat(), ...REGIONS[lang]]);
    // A question's words are analysed in both languages, so each name is too ("Mexique" in an English question).
    for (const lang of ['en', 'fr'] as const) {
      for (const name of names) {
        const terms = analyze(name, lang);
        if (terms.length === 0) continue;
        this.phrases[lang].set(terms[0]!, [...(this.phrases[lang].get(terms[0]!) ?? []), terms]);
      }
    }
  }

  /** Positions [start, end) of the place names in analysed terms. */
  spans(terms: string[], lang: Lang): [number, number][] {
    const found: [number, number][] = [];
    terms.forEach((term, i) => {
      for (const phrase of this.phrases[lang].get(term) ?? []) {
        if (phrase.every((t, j) => terms[i + j] === t)) found.push([i, i + phrase.length]);
      }
    });
    return found;
  }

  /** Positions of the terms that are part of a place name. */
  positions(terms: string[], lang: Lang): Set<number> {
    return new Set(this.spans(terms, lang).flatMap(([start, end]) => Array.from({ length: end - start }, (_, k) => start + k)));
  }

  /** The terms left when place names are taken out. */
  without(terms: string[], lang: Lang): string[] {
    const inPlace = this.positions(terms, lang);
    return terms.filter((_, i) => !inPlace.has(i));
  }
}
