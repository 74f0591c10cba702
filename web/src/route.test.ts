import { describe, expect, it } from 'vitest';
import { docHref, parseRoute } from './route.ts';

describe('routes', () => {
  it('reads a pasted permalink back to the same paragraph', () => {
    expect(parseRoute('/doc/a-res-68-4', '#p27')).toEqual({ view: 'doc', docId: 'a-res-68-4', anchor: 'p27' });
    const href = docHref('a-61-187', 'transmittal-note');
    const url = new URL(href, 'http://x');
    expect(parseRoute(url.pathname, url.hash)).toEqual({ view: 'doc', docId: 'a-61-187', anchor: 'transmittal-note' });
  });

  it('opens a document at its top without an anchor', () => {
    expect(parseRoute('/doc/osce-mc-2006/', '')).toEqual({ view: 'doc', docId: 'osce-mc-2006', anchor: null });
  });

  it('shows the conversation anywhere else', () => {
    expect(parseRoute('/', '')).toEqual({ view: 'chat' });
    expect(parseRoute('/docs', '#p1')).toEqual({ view: 'chat' });
  });
});

describe('mangled addresses', () => {
  it('reads a document address that is not valid percent-encoding as missing, not as an error', () => {
    expect(parseRoute('/doc/%E0%A4%A', '')).toEqual({ view: 'missing' });
  });

  it('opens the document when only the anchor is mangled', () => {
    expect(parseRoute('/doc/a-58-98', '#p%E0')).toEqual({ view: 'doc', docId: 'a-58-98', anchor: 'p%E0' });
  });
});
