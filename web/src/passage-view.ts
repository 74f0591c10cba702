import type { CitedParagraph, Note } from './api.ts';
import type { NewBasketItem } from './basket.ts';
import type { AppContext } from './context.ts';
import { h } from './dom.ts';
import { docHref } from './route.ts';
import { splitByNeedles } from './segments.ts';
import { selectedTextIn } from './selection.ts';

export interface PassageViewOptions {
  docId: string;
  paragraph: CitedParagraph & { notes?: Note[] };
  /** `answer`: the label links to the paragraph in its document. `reader`: it is the paragraph's permalink. */
  mode: 'answer' | 'reader';
  /** Sentences of the answer to mark inside the text. */
  quotes?: readonly string[];
  /** More buttons after "Add to basket" and the source toggle. */
  actions?: readonly HTMLElement[];
}

/**
 * One citable paragraph: its reference, its repaired text (quotes marked), its source
 * text on demand, and the way into the basket — the whole paragraph or a selection in it.
 */
export function renderPassage(ctx: AppContext, options: PassageViewOptions): HTMLElement {
  const { t, lang } = ctx;
  const { docId, paragraph, mode } = options;
  const label = paragraph.labels[lang];

  const text = h('p', { class: 'passage-text', attrs: { lang: 'fr', 'data-quotable': true } });
  const needles = (options.quotes ?? []).map((q) => ({ text: q, value: true }));
  for (const segment of splitByNeedles(paragraph.text, needles)) {
    text.append(segment.match ? h('mark', {}, segment.text) : segment.text);
  }

  const citation =
    mode === 'answer'
      ? h('a', { class: 'citation', attrs: { href: docHref(docId, paragraph.anchor), title: t.openInDocument } }, label)
      : h('a', { class: 'citation', attrs: { href: `#${paragraph.anchor}` } }, label);

  const addButton = basketButton(ctx, () => {
    const selected = selectedTextIn(text);
    return {
      docId,
      anchor: paragraph.anchor,
      labels: paragraph.labels,
      text: selected ?? paragraph.text,
      excerpt: selected !== null,
    };
  });

  const actions = h('div', { class: 'passage-actions' }, addButton);
  let source: HTMLElement | null = null;
  if (paragraph.raw.trim() !== '' && paragraph.raw !== paragraph.text) {
    source = h(
      'div',
      { class: 'passage-source', attrs: { hidden: true } },
      h('p', { class: 'passage-source-label' }, t.sourceTextLabel),
      h('p', { class: 'passage-source-text', attrs: { lang: 'fr' } }, paragraph.raw),
    );
    const panel = source;
    const toggle = h(
      'button',
      {
        class: 'btn btn-small btn-quiet',
        attrs: { type: 'button', 'aria-expanded': 'false' },
        on: {
          click: () => {
            const open = panel.hidden;
            panel.hidden = !open;
            toggle.setAttribute('aria-expanded', String(open));
            toggle.textContent = open ? t.hideSource : t.showSource;
          },
        },
      },
      t.showSource,
    );
    actions.append(toggle);
  }
  actions.append(...(options.actions ?? []));

  const notes = paragraph.notes?.length
    ? h(
        'ol',
        { class: 'passage-notes', attrs: { 'aria-label': t.notes } },
        ...paragraph.notes.map((n) => h('li', { attrs: { lang: 'fr' } }, h('span', { class: 'note-mark' }, n.mark), ' ', n.text)),
      )
    : null;

  return h(
    'article',
    { class: 'passage', attrs: { 'data-doc': docId, 'data-anchor': paragraph.anchor } },
    h(
      'header',
      { class: 'passage-head' },
      citation,
      mode === 'answer' && paragraph.section
        ? h('span', { class: 'passage-section' }, h('span', { class: 'visually-hidden' }, t.sectionPrefix), paragraph.section)
        : null,
    ),
    text,
    source,
    notes,
    actions,
  );
}

/**
 * "Add to basket". Its label turns into "Add selection to basket" while text is
 * selected inside its passage (see `watchSelection` in main.ts).
 */
export function basketButton(ctx: AppContext, quote: () => NewBasketItem): HTMLButtonElement {
  const { t } = ctx;
  const button = h(
    'button',
    {
      class: 'btn btn-small add-quote',
      attrs: { type: 'button' },
      on: {
        // Keeps the reader's text selection alive through the click.
        mousedown: (event) => event.preventDefault(),
        click: () => {
          const item = quote();
          const added = ctx.basket.add(item);
          ctx.announce(added ? t.basketAdded(item.labels[ctx.lang]) : t.basketAlreadyThere);
          button.classList.add('is-added');
          window.setTimeout(() => button.classList.remove('is-added'), 1500);
        },
      },
    },
    h('span', { class: 'when-no-selection' }, t.addToBasket),
    h('span', { class: 'when-selection' }, t.addSelection),
    h('span', { class: 'added-mark', attrs: { 'aria-hidden': 'true' } }, ' ✓'),
  );
  return button;
}
