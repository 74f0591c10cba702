import { ApiError, getDocument, type DocumentDetail, type DocumentParagraph } from './api.ts';
import { copyText } from './clipboard.ts';
import type { AppContext } from './context.ts';
import { documentTitle } from './doc-filter.ts';
import { h, replaceChildren } from './dom.ts';
import { failureMessage } from './i18n.ts';
import { renderPassage } from './passage-view.ts';
import { docHref } from './route.ts';

export interface ReaderView {
  element: HTMLElement;
  /** Shows a document, its `anchor` paragraph highlighted, scrolled into view and focused. */
  show(docId: string, anchor: string | null): Promise<void>;
  /** Shows "document not found" for an address that names no document at all. */
  showNotFound(): void;
  render(): void;
}

/**
 * The reading view at `/doc/<docId>#<anchor>`: the whole document under its section
 * headings (which stay in sight while scrolling), the cited paragraph highlighted
 * among its neighbours, and a permalink for every paragraph.
 */
export function createReaderView(ctx: AppContext): ReaderView {
  const cache = new Map<string, Promise<DocumentDetail>>();
  let current: { docId: string; anchor: string | null } | null = null;
  let loaded: DocumentDetail | null = null;
  let failure: unknown = null;

  const element = h('section', { class: 'reader', attrs: { 'aria-labelledby': 'reader-title' } });

  async function show(docId: string, anchor: string | null): Promise<void> {
    const sameDocument = current?.docId === docId && loaded !== null;
    current = { docId, anchor };
    if (sameDocument) {
      highlight(true);
      return;
    }
    loaded = null;
    failure = null;
    render();
    let request = cache.get(docId);
    if (!request) {
      request = getDocument(docId);
      cache.set(docId, request);
      request.catch(() => cache.delete(docId));
    }
    try {
      const detail = await request;
      if (current.docId !== docId) return;
      loaded = detail;
    } catch (err) {
      if (current.docId !== docId) return;
      failure = err;
    }
    render();
    highlight(true);
  }

  function showNotFound(): void {
    current = null;
    loaded = null;
    failure = new ApiError({ kind: 'http', status: 404, code: 'not_found', message: null });
    render();
    element.querySelector<HTMLElement>('#reader-title')?.focus();
  }

  function render(): void {
    const { t } = ctx;
    const back = h('a', { class: 'back-link', attrs: { href: '/' } }, h('span', { attrs: { 'aria-hidden': 'true' } }, '← '), t.backToConversation);
    if (failure !== null) {
      const notFound = failure instanceof ApiError && failure.failure.kind === 'http' && failure.failure.status === 404;
      const message = notFound
        ? t.documentNotFound
        : failureMessage(t, failure instanceof ApiError ? failure.failure : { kind: 'unreachable' });
      document.title = notFound ? `${t.notFoundHeading} — ${t.appTitle}` : t.appTitle;
      replaceChildren(
        element,
        back,
        h('h2', { attrs: { id: 'reader-title', tabindex: -1 } }, notFound ? t.notFoundHeading : (current?.docId ?? '')),
        h('p', { class: 'error', attrs: { role: 'alert' } }, message),
      );
      return;
    }
    if (loaded === null) {
      replaceChildren(
        element,
        back,
        h('h2', { attrs: { id: 'reader-title', 'aria-busy': 'true' } }, t.loadingDocument),
        h('div', { class: 'skeleton', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span'), h('span'), h('span')),
      );
      return;
    }
    document.title = `${loaded.document.symbol ?? documentTitle(loaded.document, ctx.lang)} — ${t.appTitle}`;
    replaceChildren(element, back, renderHead(loaded), h('p', { class: 'reader-notice', attrs: { role: 'status' } }), renderBody(loaded));
    highlight(false);
  }

  function renderHead(detail: DocumentDetail): HTMLElement {
    const doc = detail.document;
    return h(
      'header',
      { class: 'reader-head' },
      h('p', { class: 'reader-symbol' }, [doc.symbol, doc.date].filter(Boolean).join(' · ')),
      h('h2', { attrs: { id: 'reader-title', tabindex: -1, lang: 'fr' } }, doc.title),
      ctx.lang === 'en' ? h('p', { class: 'reader-title-en' }, documentTitle(doc, 'en')) : null,
    );
  }

  function renderBody(detail: DocumentDetail): HTMLElement {
    const body = h('div', { class: 'reader-body' });
    // Consecutive paragraphs under the same heading form one section.
    let section: HTMLElement | null = null;
    let sectionName: string | null | undefined;
    for (const paragraph of detail.paragraphs) {
      if (section === null || paragraph.section !== sectionName) {
        sectionName = paragraph.section;
        const showHeading = paragraph.section && paragraph.section !== detail.document.title;
        section = h('section', { class: 'reader-section' }, showHeading ? h('h3', { class: 'section-heading', attrs: { lang: 'fr' } }, paragraph.section) : null);
        body.append(section);
      }
      section.append(renderParagraph(detail, paragraph));
    }
    return body;
  }

  function renderParagraph(detail: DocumentDetail, paragraph: DocumentParagraph): HTMLElement {
    const { t } = ctx;
    const url = () => new URL(docHref(detail.document.id, paragraph.anchor), window.location.origin).href;
    const copy = h(
      'button',
      {
        class: 'btn btn-small btn-quiet',
        attrs: { type: 'button' },
        on: {
          click: async () => {
            const copied = await copyText(url());
            ctx.announce(copied ? t.linkCopied(url()) : t.clipboardDenied);
          },
        },
      },
      t.copyLink,
    );
    const article = renderPassage(ctx, { docId: detail.document.id, paragraph, mode: 'reader', actions: [copy] });
    article.id = paragraph.anchor;
    article.tabIndex = -1;
    return article;
  }

  /** Marks the current anchor's paragraph; with `move`, scrolls to it and gives it focus. */
  function highlight(move: boolean): void {
    if (!loaded || !current) return;
    const { t } = ctx;
    for (const old of element.querySelectorAll('.passage.is-target')) {
      old.classList.remove('is-target');
      old.removeAttribute('aria-current');
      for (const mark of old.querySelectorAll('.target-badge, .target-section')) mark.remove();
    }
    const notice = element.querySelector('.reader-notice');
    const anchor = current.anchor;
    const target = anchor ? element.querySelector<HTMLElement>(`.passage[data-anchor="${CSS.escape(anchor)}"]`) : null;
    if (notice) notice.textContent = anchor && !target ? t.paragraphNotFound(anchor) : '';
    if (target) {
      target.classList.add('is-target');
      target.setAttribute('aria-current', 'location');
      const head = target.querySelector('.passage-head');
      head?.prepend(h('span', { class: 'target-badge' }, t.citedParagraph));
      // The section is named on the paragraph itself: its heading may be far above.
      const section = loaded.paragraphs.find((p) => p.anchor === anchor)?.section;
      if (section) head?.append(h('span', { class: 'passage-section target-section', attrs: { lang: 'fr' } }, h('span', { class: 'visually-hidden' }, t.sectionPrefix), section));
    }
    if (!move) return;
    const focusable = target ?? element.querySelector<HTMLElement>('#reader-title');
    focusable?.focus({ preventScroll: true });
    // Centred among its neighbours; a paragraph taller than the screen starts at the top instead.
    if (target) target.scrollIntoView({ block: target.offsetHeight > window.innerHeight * 0.7 ? 'start' : 'center' });
    else window.scrollTo(0, 0);
  }

  return { element, show, showNotFound, render };
}
