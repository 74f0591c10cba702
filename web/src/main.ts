import './styles.css';
import { listDocuments, type DocumentSummary, type Lang } from './api.ts';
import { BasketStore } from './basket-store.ts';
import { createBasketView } from './basket-view.ts';
import { createChatView } from './chat.ts';
import type { AppContext } from './context.ts';
import { h, replaceChildren } from './dom.ts';
import { detectLang, LANGS, messages } from './i18n.ts';
import { createReaderView } from './reader.ts';
import { currentRoute, followLinks } from './router.ts';
import { watchSelection } from './selection.ts';
import { removeStored, saveString, STORAGE_KEYS } from './storage.ts';
import { createStorageNotice } from './storage-notice.ts';
import { loadConversation, loadLang } from './stored.ts';

/** Wires the page: language, shared services, the two views and the basket, and client-side routing. */
function start(root: HTMLElement): void {
  const storedLang = loadLang();
  const conversation = loadConversation();
  let lang: Lang = detectLang(storedLang.value, browserLanguages());
  let documentList: DocumentSummary[] | null = null;
  const liveRegion = h('div', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });

  const documents = listDocuments();
  const ctx: AppContext = {
    get lang() {
      return lang;
    },
    get t() {
      return messages[lang];
    },
    basket: new BasketStore(),
    documents,
    get documentList() {
      return documentList;
    },
    announce(message) {
      // Emptied first so that the same message twice is read twice.
      liveRegion.textContent = '';
      window.setTimeout(() => (liveRegion.textContent = message), 50);
    },
  };

  const chat = createChatView(ctx, conversation.value);
  const reader = createReaderView(ctx);
  const basket = createBasketView(ctx);
  const notice = createStorageNotice(ctx, {
    conversation: conversation.dropped,
    basket: ctx.basket.dropped,
    lang: storedLang.dropped,
  });

  // In-page jumps are handled here: a bare `#basket` would read as a paragraph anchor in the reader.
  const jump = (target: () => HTMLElement | null) => (event: MouseEvent) => {
    event.preventDefault();
    const el = target();
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'start' });
  };
  const skipLink = h('a', {
    class: 'skip-link',
    attrs: { href: '#main' },
    on: { click: jump(() => (chat.element.hidden ? reader.element.querySelector('#reader-title') : chat.element.querySelector('#question'))) },
  });
  const title = h('h1', { class: 'app-title' }, h('a', { attrs: { href: '/' } }));
  const tagline = h('p', { class: 'app-tagline' });
  const basketLink = h('a', {
    class: 'basket-link',
    attrs: { href: '#basket' },
    on: { click: jump(() => basket.element.querySelector('#basket-heading')) },
  });
  const langSwitch = h('div', { class: 'lang-switch', attrs: { role: 'group' } });
  const header = h(
    'header',
    { class: 'app-header' },
    h('div', { class: 'app-brand' }, title, tagline),
    h('nav', { class: 'app-tools' }, basketLink, langSwitch),
  );
  const main = h('main', { class: 'app-main', attrs: { id: 'main' } }, notice.element, chat.element, reader.element);
  root.replaceChildren(skipLink, header, h('div', { class: 'layout' }, main, basket.element), liveRegion);

  function renderChrome(): void {
    const { t } = ctx;
    document.documentElement.lang = lang;
    skipLink.textContent = t.skipToQuestion;
    title.firstElementChild!.textContent = t.appTitle;
    tagline.textContent = t.appTagline;
    basketLink.textContent = t.basketLink(ctx.basket.items.length);
    langSwitch.setAttribute('aria-label', t.language);
    replaceChildren(
      langSwitch,
      ...LANGS.map((code) =>
        h(
          'button',
          {
            class: 'lang-button',
            attrs: { type: 'button', lang: code, 'aria-pressed': String(code === lang), 'aria-label': t.languageName[code] },
            on: { click: () => setLang(code) },
          },
          code.toUpperCase(),
        ),
      ),
    );
  }

  function setLang(next: Lang): void {
    if (next === lang) return;
    lang = next;
    saveString(STORAGE_KEYS.lang, next);
    renderAll();
    langSwitch.querySelector<HTMLElement>(`[lang="${next}"]`)?.focus();
  }

  function renderAll(): void {
    renderChrome();
    notice.render();
    chat.render();
    reader.render();
    basket.render();
    if (!chat.element.hidden) document.title = ctx.t.appTitle;
  }

  ctx.basket.subscribe(() => (basketLink.textContent = ctx.t.basketLink(ctx.basket.items.length)));
  documents.then(
    (docs) => {
      documentList = docs;
      chat.render();
    },
    () => {
      // The filter says the list is unavailable; questions still go to every document.
    },
  );

  let chatScroll = 0;
  let chatFocus: Element | null = null;

  function route(): void {
    const next = currentRoute();
    const wasChat = !chat.element.hidden;
    if (next.view !== 'chat') {
      if (wasChat) {
        chatScroll = window.scrollY;
        chatFocus = document.activeElement;
      }
      chat.element.hidden = true;
      reader.element.hidden = false;
      if (next.view === 'doc') void reader.show(next.docId, next.anchor);
      else reader.showNotFound();
    } else {
      document.title = ctx.t.appTitle;
      reader.element.hidden = true;
      chat.element.hidden = false;
      if (!wasChat) {
        window.scrollTo(0, chatScroll);
        if (chatFocus instanceof HTMLElement && chatFocus.isConnected) chatFocus.focus({ preventScroll: true });
        else chat.focusQuestion();
      }
    }
  }

  followLinks(document, route);

  watchSelection(document, (quotable) => {
    for (const el of document.querySelectorAll('.passage.has-selection')) el.classList.remove('has-selection');
    quotable?.closest('.passage')?.classList.add('has-selection');
  });

  renderChrome();
  notice.render();
  chat.element.hidden = false;
  reader.element.hidden = true;
  route();
  if (!chat.element.hidden) chat.focusQuestion();
}

function browserLanguages(): readonly string[] {
  try {
    return navigator.languages ?? [navigator.language];
  } catch {
    return [];
  }
}

/**
 * The way out when the page cannot start (a bug, or stored data no check foresaw): a
 * message and a button that clears this page's saved data, instead of a blank page.
 */
function showStartFailure(root: HTMLElement, err: unknown): void {
  console.error(err);
  const t = messages[detectLang(null, browserLanguages())];
  root.replaceChildren(
    h(
      'div',
      { class: 'start-failure', attrs: { role: 'alert' } },
      h('p', {}, t.pageFailed),
      h(
        'button',
        {
          class: 'btn btn-primary',
          attrs: { type: 'button' },
          on: {
            click: () => {
              for (const key of Object.values(STORAGE_KEYS)) removeStored(key);
              window.location.reload();
            },
          },
        },
        t.resetSavedData,
      ),
    ),
  );
}

const root = document.getElementById('app')!;
try {
  start(root);
} catch (err) {
  showStartFailure(root, err);
}
