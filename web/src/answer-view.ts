import type { AskResponse, Passage } from './api.ts';
import type { AppContext } from './context.ts';
import type { TurnState } from './conversation.ts';
import { h, replaceChildren, type Child } from './dom.ts';
import { failureMessage } from './i18n.ts';
import { basketButton, renderPassage } from './passage-view.ts';
import { docHref } from './route.ts';

/**
 * Fills a turn's answer box for its state: a skeleton while it loads, the error with a
 * retry, or the response.
 */
export function fillAnswer(ctx: AppContext, answer: HTMLElement, state: TurnState, retry: () => void): void {
  const { t } = ctx;
  answer.setAttribute('aria-busy', String(state.status === 'pending'));
  answer.className = `answer is-${state.status}`;
  if (state.status === 'pending') {
    replaceChildren(
      answer,
      h('p', { class: 'loading-text' }, t.loadingAnswer),
      h('div', { class: 'skeleton', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span'), h('span'), h('span')),
    );
  } else if (state.status === 'failed') {
    replaceChildren(
      answer,
      h(
        'div',
        { class: 'error', attrs: { role: 'alert' } },
        h('p', { class: 'error-message' }, failureMessage(t, state.failure)),
        h('button', { class: 'btn btn-small', attrs: { type: 'button' }, on: { click: retry } }, t.retry),
      ),
    );
  } else {
    replaceChildren(answer, h('span', { class: 'speaker' }, t.answer), ...renderResponse(ctx, state.response));
  }
}

/** True when the response quotes passages that answer; otherwise it only has neighbours to offer. */
function hasAnswer(response: AskResponse): boolean {
  return response.found && response.quotes.length > 0;
}

/** What a screen reader hears once the answer has arrived. */
export function answerAnnouncement(ctx: AppContext, response: AskResponse): string {
  const { t } = ctx;
  if (hasAnswer(response)) return t.answerReady(response.quotes.length, response.passages.length);
  return response.passages.length > 0 ? `${t.noAnswer} ${t.possiblyRelatedHeading(response.passages.length)}` : t.noAnswer;
}

function renderResponse(ctx: AppContext, response: AskResponse): Child[] {
  const { t } = ctx;
  if (!hasAnswer(response)) {
    // Said plainly, and the neighbours kept apart: a staff member must not read them as the answer.
    return [
      h('p', { class: 'nothing-found' }, t.noAnswer),
      response.passages.length > 0
        ? h(
            'section',
            { class: 'possibly-related' },
            h('h3', { class: 'answer-heading' }, t.possiblyRelatedHeading(response.passages.length)),
            h('p', { class: 'possibly-related-note' }, t.possiblyRelatedNote),
            renderPassages(ctx, response),
          )
        : null,
    ];
  }
  return [
    h('h3', { class: 'answer-heading' }, t.quotesHeading),
    h('ul', { class: 'quotes' }, ...response.quotes.map((quote) => renderQuote(ctx, quote.text, response.passages[quote.passage]))),
    h('h3', { class: 'answer-heading' }, t.passagesHeading(response.passages.length)),
    renderPassages(ctx, response),
  ];
}

function renderQuote(ctx: AppContext, text: string, passage: Passage | undefined): HTMLElement {
  const { t, lang } = ctx;
  if (!passage) return h('li', {}, h('blockquote', { attrs: { lang: 'fr' } }, text));
  const item = {
    docId: passage.docId,
    anchor: passage.anchor,
    labels: passage.labels,
    text,
    excerpt: text.trim() !== passage.text.trim(),
  };
  return h(
    'li',
    { class: 'quote' },
    h('blockquote', { attrs: { lang: 'fr' } }, text),
    h(
      'p',
      { class: 'quote-source' },
      h('a', { class: 'citation', attrs: { href: docHref(passage.docId, passage.anchor), title: t.openInDocument } }, passage.labels[lang]),
      basketButton(ctx, () => item),
    ),
  );
}

function renderPassages(ctx: AppContext, response: AskResponse): HTMLElement {
  return h(
    'div',
    { class: 'passages' },
    ...response.passages.map((passage, index) =>
      renderPassage(ctx, {
        docId: passage.docId,
        paragraph: passage,
        mode: 'answer',
        quotes: response.quotes.filter((q) => q.passage === index).map((q) => q.text),
      }),
    ),
  );
}
