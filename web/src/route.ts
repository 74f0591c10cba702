/** The page's two places: the conversation at `/`, and a document at `/doc/<docId>#<anchor>`. */
export type Route = { view: 'chat' } | { view: 'doc'; docId: string; anchor: string | null };

/**
 * @example
 * parseRoute('/doc/a-res-68-4', '#p27') // { view: 'doc', docId: 'a-res-68-4', anchor: 'p27' }
 */
export function parseRoute(pathname: string, hash: string): Route {
  const match = /^\/doc\/([^/]+)\/?$/.exec(pathname);
  if (!match) return { view: 'chat' };
  const anchor = decodeURIComponent(hash.replace(/^#/, ''));
  return { view: 'doc', docId: decodeURIComponent(match[1]!), anchor: anchor === '' ? null : anchor };
}

/** The permalink of a paragraph: what a citation links to and what staff paste into e-mails. */
export function docHref(docId: string, anchor: string | null): string {
  return `/doc/${encodeURIComponent(docId)}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}
