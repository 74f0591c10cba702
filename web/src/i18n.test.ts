import { describe, expect, it } from 'vitest';
import { detectLang, messages } from './i18n.ts';

describe('detectLang', () => {
  it('follows the browser’s first French or English preference', () => {
    expect(detectLang(null, ['fr-CH', 'en-US'])).toBe('fr');
    expect(detectLang(null, ['de-DE', 'en-GB', 'fr'])).toBe('en');
  });

  it('keeps the language the user switched to', () => {
    expect(detectLang('fr', ['en-US'])).toBe('fr');
  });

  it('falls back to English', () => {
    expect(detectLang('klingon', ['es'])).toBe('en');
  });
});

describe('messages', () => {
  it('reports a server error with its message, never "undefined"', () => {
    expect(messages.en.errorHttp(500, null)).toBe('The server answered with an error (HTTP 500).');
    expect(messages.fr.errorHttp(400, 'question is empty')).toContain('question is empty');
  });
});
