import type { DocumentSummary, Lang } from './api.ts';
import type { AppContext } from './context.ts';
import { h, replaceChildren } from './dom.ts';

export interface DocFilter {
  element: HTMLElement;
  /** The ids to restrict the question to: null for every document, [] when the user unticked all. */
  selected(): string[] | null;
  render(): void;
}

/** How a document is named in short: its symbol, or its title where it prints none. */
export function documentShortName(doc: DocumentSummary, lang: Lang): string {
  return doc.symbol ?? documentTitle(doc, lang);
}

export function documentTitle(doc: DocumentSummary, lang: Lang): string {
  return lang === 'fr' ? doc.title : doc.titleEn;
}

/**
 * "Documents to search": a summary always in sight next to the question box, and
 * a panel of checkboxes behind it. Every document is ticked at first.
 */
export function createDocFilter(ctx: AppContext): DocFilter {
  let documents: DocumentSummary[] | null = null;
  let failed = false;
  let unticked = new Set<string>();
  let open = false;

  const summary = h('span', { class: 'filter-summary' });
  const toggle = h('button', {
    class: 'filter-toggle',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'doc-filter-panel' },
    on: {
      click: () => {
        open = !open;
        render();
      },
    },
  });
  const panel = h('fieldset', { class: 'filter-panel', attrs: { id: 'doc-filter-panel' } });
  const element = h('div', { class: 'doc-filter' }, toggle, panel);

  ctx.documents.then(
    (docs) => {
      documents = docs;
      render();
    },
    () => {
      failed = true;
      render();
    },
  );

  function selected(): string[] | null {
    if (!documents || unticked.size === 0) return null;
    return documents.map((d) => d.id).filter((id) => !unticked.has(id));
  }

  function render(): void {
    const { t, lang } = ctx;
    renderSummary();
    replaceChildren(
      toggle,
      h('span', { class: 'filter-legend' }, `${t.filterLegend} `),
      summary,
      h('span', { class: 'filter-chevron', attrs: { 'aria-hidden': 'true' } }, open ? '▴' : '▾'),
    );
    toggle.setAttribute('aria-expanded', String(open));
    toggle.hidden = failed;
    panel.hidden = !open || failed;

    if (failed) {
      replaceChildren(element, h('p', { class: 'filter-note' }, t.documentsUnavailable));
      return;
    }
    replaceChildren(
      panel,
      h('legend', { class: 'visually-hidden' }, t.filterLegend),
      h(
        'ul',
        { class: 'filter-list' },
        ...(documents ?? []).map((doc) => {
          const box = h('input', {
            attrs: { type: 'checkbox', value: doc.id, checked: !unticked.has(doc.id) },
            on: {
              change: () => {
                if (box.checked) unticked.delete(doc.id);
                else unticked.add(doc.id);
                renderSummary();
              },
            },
          });
          return h(
            'li',
            {},
            h(
              'label',
              { class: 'filter-option' },
              box,
              h('span', { class: 'filter-doc-name' }, documentShortName(doc, lang)),
              h('span', { class: 'filter-doc-title' }, doc.symbol ? documentTitle(doc, lang) : doc.date.slice(0, 4)),
            ),
          );
        }),
      ),
      h(
        'button',
        {
          class: 'btn btn-small btn-quiet',
          attrs: { type: 'button' },
          on: {
            click: () => {
              unticked = new Set();
              render();
            },
          },
        },
        t.filterSelectAll,
      ),
    );
  }

  // Alone on a tick: re-rendering the panel would take focus away from the checkbox.
  function renderSummary(): void {
    const { t } = ctx;
    const chosen = selected();
    const total = documents?.length ?? 0;
    summary.textContent =
      documents === null ? '…'
      : chosen === null ? t.filterAll(total)
      : chosen.length === 0 ? t.filterNoneSelected
      : t.filterSome(chosen.length, total);
    summary.classList.toggle('is-restricted', chosen !== null);
  }

  render();
  return { element, selected, render };
}
