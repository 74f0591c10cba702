import type { AppContext } from './context.ts';
import { copyText } from './clipboard.ts';
import { downloadBlob } from './download.ts';
import { h, replaceChildren } from './dom.ts';
import { quotationsToMarkdown, quotationsToText } from './quotation.ts';
import { docHref } from './route.ts';

export interface BasketView {
  element: HTMLElement;
  render(): void;
}

/**
 * The drafter's quote basket: the kept quotes in order, each with its reference;
 * reorder, remove, and export as Markdown, Word or plain text on the clipboard.
 */
export function createBasketView(ctx: AppContext): BasketView {
  const { basket } = ctx;
  const heading = h('h2', { attrs: { id: 'basket-heading', tabindex: -1 } });
  const list = h('ol', { class: 'basket-list' });
  const empty = h('p', { class: 'basket-empty' });
  const actions = h('div', { class: 'basket-actions' });
  const status = h('p', { class: 'basket-status', attrs: { role: 'status' } });
  const element = h('aside', { class: 'basket', attrs: { id: 'basket', 'aria-labelledby': 'basket-heading' } }, heading, empty, list, actions, status);
  /** After a move or a removal, where focus goes once the list is redrawn. */
  let focusAfterRender: string | null = null;

  basket.subscribe(render);

  function render(): void {
    const { t, lang } = ctx;
    const items = basket.items;
    replaceChildren(heading, t.basketHeading, ' ', h('span', { class: 'count' }, `(${items.length})`));
    empty.textContent = t.basketEmpty;
    empty.hidden = items.length > 0;
    list.hidden = items.length === 0;
    replaceChildren(
      list,
      ...items.map((item, index) => {
        const position = index + 1;
        const control = (label: string, symbol: string, key: string, disabled: boolean, action: () => void) =>
          h(
            'button',
            {
              class: 'btn btn-icon',
              attrs: { type: 'button', 'aria-label': label, title: label, disabled, 'data-focus-key': `${item.id}:${key}` },
              on: { click: action },
            },
            h('span', { attrs: { 'aria-hidden': 'true' } }, symbol),
          );
        return h(
          'li',
          { class: 'basket-item' },
          h('blockquote', { attrs: { lang: 'fr' } }, item.text),
          h(
            'p',
            { class: 'basket-ref' },
            h('a', { class: 'citation', attrs: { href: docHref(item.docId, item.anchor) } }, item.labels[lang]),
            item.excerpt ? h('span', { class: 'badge' }, t.excerpt) : null,
          ),
          h(
            'div',
            { class: 'basket-item-actions' },
            control(t.moveUp(position), '↑', 'up', index === 0, () => {
              focusAfterRender = `${item.id}:${index - 1 === 0 ? 'down' : 'up'}`;
              basket.move(item.id, -1);
              say(t.basketMoved(position - 1));
            }),
            control(t.moveDown(position), '↓', 'down', index === items.length - 1, () => {
              focusAfterRender = `${item.id}:${index + 1 === items.length - 1 ? 'up' : 'down'}`;
              basket.move(item.id, 1);
              say(t.basketMoved(position + 1));
            }),
            control(t.remove(position), '✕', 'remove', false, () => {
              const next = items[index + 1] ?? items[index - 1];
              focusAfterRender = next ? `${next.id}:remove` : null;
              basket.remove(item.id);
              say(t.basketRemoved);
              if (!next) heading.focus();
            }),
          ),
        );
      }),
    );
    renderActions(items.length === 0);
    if (focusAfterRender) {
      list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusAfterRender)}"]`)?.focus();
      focusAfterRender = null;
    }
  }

  function renderActions(disabled: boolean): void {
    const { t } = ctx;
    const button = (label: string, action: () => void | Promise<void>, className = 'btn btn-small') =>
      h('button', { class: className, attrs: { type: 'button', disabled }, on: { click: () => void action() } }, label);
    replaceChildren(
      actions,
      button(t.exportMarkdown, exportMarkdown),
      button(t.exportDocx, exportDocx),
      button(t.copyBasket, copy),
      button(t.clearBasket, clear, 'btn btn-small btn-quiet'),
    );
  }

  function say(message: string): void {
    status.textContent = message;
  }

  function fileName(extension: string): string {
    return `citations-${new Date().toISOString().slice(0, 10)}.${extension}`;
  }

  function exportMarkdown(): void {
    const { t, lang } = ctx;
    const markdown = quotationsToMarkdown(basket.items, lang, t.exportTitle);
    downloadBlob(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }), fileName('md'));
    say(t.exportedMarkdown);
  }

  async function exportDocx(): Promise<void> {
    const { t, lang } = ctx;
    try {
      const { quotationsToDocx } = await import('./export-docx.ts');
      downloadBlob(await quotationsToDocx(basket.items, lang, t.exportTitle), fileName('docx'));
      say(t.exportedDocx);
    } catch (err) {
      say(t.exportFailed(err instanceof Error ? err.message : String(err)));
    }
  }

  async function copy(): Promise<void> {
    const { t, lang } = ctx;
    const copied = await copyText(quotationsToText(basket.items, lang, t.exportTitle));
    say(copied ? t.basketCopied : t.clipboardDenied);
  }

  function clear(): void {
    if (!window.confirm(ctx.t.confirmClearBasket)) return;
    basket.clear();
    say(ctx.t.basketCleared);
    heading.focus();
  }

  render();
  return { element, render };
}
