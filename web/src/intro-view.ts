import type { AppContext } from './context.ts';
import { documentShortName, documentTitle } from './doc-filter.ts';
import { h, replaceChildren } from './dom.ts';
import { docHref } from './route.ts';

/** The empty conversation's welcome: what the page does, example questions, and the documents. */
export function renderIntro(ctx: AppContext, intro: HTMLElement, onExample: (question: string) => void): void {
  const { t, lang } = ctx;
  const documents = ctx.documentList;
  replaceChildren(
    intro,
    h('h2', {}, t.introHeading),
    h('p', {}, t.introText),
    h('h3', {}, t.examplesHeading),
    h(
      'ul',
      { class: 'examples' },
      ...t.examples.map((example) =>
        h(
          'li',
          {},
          h('button', { class: 'btn btn-quiet example', attrs: { type: 'button' }, on: { click: () => onExample(example) } }, example),
        ),
      ),
    ),
    documents
      ? h(
          'div',
          {},
          h('h3', {}, t.documentsHeading),
          h(
            'ul',
            { class: 'document-list' },
            ...documents.map((doc) =>
              h(
                'li',
                {},
                h('a', { attrs: { href: docHref(doc.id, null) } }, documentShortName(doc, lang)),
                doc.symbol ? h('span', { class: 'document-title' }, ` — ${documentTitle(doc, lang)}`) : null,
                h('span', { class: 'document-meta' }, ` · ${doc.date} · ${t.paragraphCount(doc.paragraphs)}`),
              ),
            ),
          ),
        )
      : null,
  );
}
