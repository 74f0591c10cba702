import { ApiError, ask, type ApiFailure, type AskResponse } from './api.ts';
import type { AppContext } from './context.ts';
import { parseConversation, turnsToStore, type Turn } from './conversation.ts';
import { createDocFilter, documentShortName, documentTitle } from './doc-filter.ts';
import { h, replaceChildren } from './dom.ts';
import { failureMessage } from './i18n.ts';
import { basketButton, renderPassage } from './passage-view.ts';
import { docHref } from './route.ts';
import { splitByNeedles } from './segments.ts';
import { loadJson, saveJson, STORAGE_KEYS } from './storage.ts';

export interface ChatView {
  element: HTMLElement;
  /** Redraws everything in the current language. */
  render(): void;
  focusQuestion(): void;
}

/**
 * The conversation: the history of questions and their cited answers (kept across
 * reloads), and the question box with its document filter.
 */
export function createChatView(ctx: AppContext): ChatView {
  let turns: Turn[] = parseConversation(loadJson(STORAGE_KEYS.conversation));
  const turnElements = new Map<string, HTMLLIElement>();
  let busy = false;

  const filter = createDocFilter(ctx);
  const list = h('ol', { class: 'turns', attrs: { 'aria-labelledby': 'conversation-heading' } });
  const intro = h('div', { class: 'intro' });
  const heading = h('h2', { class: 'visually-hidden', attrs: { id: 'conversation-heading' } });
  const clearButton = h('button', {
    class: 'btn btn-small btn-quiet clear-conversation',
    attrs: { type: 'button' },
    on: { click: clearConversation },
  });
  const toolbar = h('div', { class: 'conversation-toolbar' }, clearButton);

  const textarea = h('textarea', {
    class: 'question-input',
    attrs: { id: 'question', name: 'question', rows: 2, autocomplete: 'off', 'aria-describedby': 'question-hint question-error' },
    on: {
      keydown: (event) => {
        // Enter sends; Shift+Enter is a line break; an IME composition keeps its Enter.
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          form.requestSubmit();
        }
      },
      input: () => showFormError(null),
    },
  });
  const questionLabel = h('label', { class: 'question-label', attrs: { for: 'question' } });
  const sendButton = h('button', { class: 'btn btn-primary send', attrs: { type: 'submit' } });
  const hint = h('p', { class: 'question-hint', attrs: { id: 'question-hint' } });
  const formError = h('p', { class: 'form-error', attrs: { id: 'question-error', role: 'alert' } });
  const form = h(
    'form',
    {
      class: 'composer',
      attrs: { 'aria-labelledby': 'question-label-text', novalidate: true },
      on: {
        submit: (event) => {
          event.preventDefault();
          void submit(textarea.value);
        },
      },
    },
    questionLabel,
    filter.element,
    h('div', { class: 'question-row' }, textarea, sendButton),
    hint,
    formError,
  );

  const element = h(
    'section',
    { class: 'chat', attrs: { 'aria-labelledby': 'conversation-heading' } },
    heading,
    toolbar,
    intro,
    list,
    form,
  );

  function render(): void {
    const { t } = ctx;
    heading.textContent = t.conversation;
    clearButton.textContent = t.clearConversation;
    replaceChildren(questionLabel, h('span', { attrs: { id: 'question-label-text' } }, t.questionLabel));
    textarea.placeholder = t.questionPlaceholder;
    hint.textContent = t.questionHint;
    renderSendButton();
    filter.render();
    renderIntro();
    list.replaceChildren();
    turnElements.clear();
    for (const turn of turns) list.append(renderTurn(turn));
    toolbar.hidden = turns.length === 0;
  }

  function renderSendButton(): void {
    sendButton.textContent = busy ? ctx.t.sending : ctx.t.send;
    sendButton.setAttribute('aria-disabled', String(busy));
  }

  function renderIntro(): void {
    const { t, lang } = ctx;
    intro.hidden = turns.length > 0;
    if (intro.hidden) return;
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
            h(
              'button',
              {
                class: 'btn btn-quiet example',
                attrs: { type: 'button' },
                on: { click: () => void submit(example) },
              },
              example,
            ),
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

  function renderTurn(turn: Turn): HTMLLIElement {
    const { t } = ctx;
    const answer = h('div', { class: 'answer' });
    const li = h(
      'li',
      { class: 'turn', attrs: { 'data-turn': turn.id } },
      h(
        'div',
        { class: 'question' },
        h('span', { class: 'speaker' }, t.you),
        h('p', { class: 'question-text' }, turn.question),
        turn.docs ? h('p', { class: 'turn-meta' }, t.searchedIn(describeDocs(turn.docs))) : null,
      ),
      answer,
    );
    turnElements.set(turn.id, li);
    fillAnswer(answer, turn);
    return li;
  }

  function describeDocs(ids: string[]): string {
    const byId = new Map((ctx.documentList ?? []).map((d) => [d.id, d]));
    return ids.map((id) => {
      const doc = byId.get(id);
      return doc ? documentShortName(doc, ctx.lang) : id;
    }).join(', ');
  }

  function fillAnswer(answer: HTMLElement, turn: Turn): void {
    const { t } = ctx;
    const state = turn.state;
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
          h(
            'button',
            { class: 'btn btn-small', attrs: { type: 'button' }, on: { click: () => void run(turn) } },
            t.retry,
          ),
        ),
      );
    } else {
      replaceChildren(answer, h('span', { class: 'speaker' }, t.answer), ...renderResponse(state.response));
    }
  }

  function renderResponse(response: AskResponse): Node[] {
    const { t, lang } = ctx;
    const nodes: Node[] = [];
    const passages = response.passages;
    if (response.quotes.length === 0) {
      nodes.push(renderAnswerText(response));
    } else {
      nodes.push(
        h('h3', { class: 'answer-heading' }, t.quotesHeading),
        h(
          'ul',
          { class: 'quotes' },
          ...response.quotes.map((quote) => {
            const passage = passages[quote.passage];
            if (!passage) return h('li', {}, h('blockquote', { attrs: { lang: 'fr' } }, quote.text));
            const item = {
              docId: passage.docId,
              anchor: passage.anchor,
              labels: passage.labels,
              text: quote.text,
              excerpt: quote.text.trim() !== passage.text.trim(),
            };
            return h(
              'li',
              { class: 'quote' },
              h('blockquote', { attrs: { lang: 'fr' } }, quote.text),
              h(
                'p',
                { class: 'quote-source' },
                h(
                  'a',
                  { class: 'citation', attrs: { href: docHref(passage.docId, passage.anchor), title: t.openInDocument } },
                  passage.labels[lang],
                ),
                basketButton(ctx, () => item),
              ),
            );
          }),
        ),
      );
    }
    if (passages.length > 0) {
      nodes.push(
        h('h3', { class: 'answer-heading' }, (response.found ? t.passagesHeading : t.closestPassagesHeading)(passages.length)),
        h(
          'div',
          { class: 'passages' },
          ...passages.map((passage, index) =>
            renderPassage(ctx, {
              docId: passage.docId,
              paragraph: passage,
              mode: 'answer',
              quotes: response.quotes.filter((q) => q.passage === index).map((q) => q.text),
            }),
          ),
        ),
      );
    }
    return nodes;
  }

  /** The server's answer sentence, its citation labels turned into links. */
  function renderAnswerText(response: AskResponse): HTMLElement {
    const needles = response.passages.flatMap((p) =>
      [p.labels.en, p.labels.fr, p.label].map((text) => ({ text, value: p })),
    );
    const paragraph = h('p', { class: 'answer-text' });
    for (const segment of splitByNeedles(response.answer || ctx.t.noAnswer, needles, { wholeLabel: true })) {
      const p = segment.match;
      paragraph.append(
        p
          ? h('a', { class: 'citation', attrs: { href: docHref(p.docId, p.anchor), title: ctx.t.openInDocument } }, segment.text)
          : segment.text,
      );
    }
    return paragraph;
  }

  function showFormError(message: string | null): void {
    formError.textContent = message ?? '';
    textarea.setAttribute('aria-invalid', String(message !== null));
  }

  async function submit(rawQuestion: string): Promise<void> {
    const { t } = ctx;
    if (busy) return;
    const question = rawQuestion.trim();
    if (question === '') {
      showFormError(t.emptyQuestion);
      textarea.focus();
      return;
    }
    const docs = filter.selected();
    if (docs !== null && docs.length === 0) {
      showFormError(t.filterNoneSelected);
      return;
    }
    showFormError(null);
    const turn: Turn = {
      id: `${Date.now().toString(36)}-${turns.length}`,
      question,
      docs,
      askedAt: new Date().toISOString(),
      state: { status: 'pending' },
    };
    turns.push(turn);
    textarea.value = '';
    intro.hidden = true;
    toolbar.hidden = false;
    const li = renderTurn(turn);
    list.append(li);
    li.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    await run(turn);
  }

  async function run(turn: Turn): Promise<void> {
    busy = true;
    renderSendButton();
    turn.state = { status: 'pending' };
    refreshTurn(turn);
    try {
      const response = await ask({ question: turn.question, ...(turn.docs ? { docs: turn.docs } : {}) });
      turn.state = { status: 'answered', response };
      ctx.announce(
        response.quotes.length > 0
          ? ctx.t.answerReady(response.quotes.length, response.passages.length)
          : response.answer || ctx.t.noAnswer,
      );
    } catch (err) {
      // Anything that is not an ApiError is a bug here, shown as "cannot be reached" rather than as a stack.
      const failure: ApiFailure = err instanceof ApiError ? err.failure : { kind: 'unreachable' };
      if (!(err instanceof ApiError)) console.error(err);
      turn.state = { status: 'failed', failure };
    }
    busy = false;
    renderSendButton();
    refreshTurn(turn);
    persist();
  }

  /** Keeps the newest turns that fit the browser's quota. */
  function persist(): void {
    const stored = turnsToStore(turns);
    for (let keep = stored.length; keep > 0; keep = Math.floor(keep / 2)) {
      if (saveJson(STORAGE_KEYS.conversation, stored.slice(-keep))) return;
    }
    saveJson(STORAGE_KEYS.conversation, []);
  }

  function refreshTurn(turn: Turn): void {
    const answer = turnElements.get(turn.id)?.querySelector<HTMLElement>('.answer');
    if (answer) fillAnswer(answer, turn);
  }

  function clearConversation(): void {
    if (!window.confirm(ctx.t.confirmClear)) return;
    turns = turns.filter((t) => t.state.status === 'pending');
    saveJson(STORAGE_KEYS.conversation, []);
    render();
    ctx.announce(ctx.t.conversationCleared);
    textarea.focus();
  }

  render();
  return { element, render, focusQuestion: () => textarea.focus() };
}

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
