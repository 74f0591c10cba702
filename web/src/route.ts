/**
 * The page's places: the conversation at `/`, a document at `/doc/<docId>#<anchor>`, and
 * `missing` for a document address that cannot be read (a link cut or mangled in an e-mail).
 */
export type Route =
  | { view: 'chat' }
  | { view: 'doc'; docId: string; anchor: string | null }
  | { view: 'missing' };

/**
 * @example
 * parseRoute('/doc/a-res-68-4', '#p27') // { view: 'doc', docId: 'a-res-68-4', anchor: 'p27' }
 */
export function parseRoute(pathname: string, hash: string): Route {
  const match = /^\/doc\/([^/]+)\/?$/.exec(pathname);
  if (!match) return { view: 'chat' };
  const docId = decoded(match[1]!);
  if (docId === null) return { view: 'missing' };
  // A mangled anchor still opens the document; the reader says the paragraph is not there.
  const rawAnchor = hash.replace(/^#/, '');
  const anchor = decoded(rawAnchor) ?? rawAnchor;
  return { view: 'doc', docId, anchor: anchor === '' ? null : anchor };
}

/** The permalink of a paragraph: what a citation links to and what staff paste into e-mails. */
export function docHref(docId: string, anchor: string | null): string {
  return `/doc/${encodeURIComponent(docId)}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

/** `decodeURIComponent`, or null where the text is not valid percent-encoding. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
