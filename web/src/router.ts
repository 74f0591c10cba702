import { parseRoute, type Route } from './route.ts';

/** Where the browser is now, read from its address. */
export function currentRoute(): Route {
  return parseRoute(window.location.pathname, window.location.hash);
}

/**
 * Client-side navigation: a click on a link to one of this page's own paths changes the
 * address without reloading, and `onChange` shows the place; so do the back and forward
 * buttons. New-tab clicks and downloads are left to the browser.
 */
export function followLinks(doc: Document, onChange: () => void): void {
  function navigate(href: string): void {
    const url = new URL(href, window.location.href);
    if (url.pathname !== window.location.pathname || url.hash !== window.location.hash) window.history.pushState(null, '', url);
    onChange();
  }

  doc.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return;
    const href = link.getAttribute('href') ?? '';
    if (!href.startsWith('/')) return;
    event.preventDefault();
    navigate(href);
  });
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
}
