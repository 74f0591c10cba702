import { ApiError, ask, type ApiFailure } from './api.ts';
import { answerAnnouncement, fillAnswer } from './answer-view.ts';
import { createComposer } from './composer.ts';
import type { AppContext } from './context.ts';
import { turnsToStore, type Turn } from './conversation.ts';
import { documentShortName } from './doc-filter.ts';
import { h } from './dom.ts';
import { renderIntro } from './intro-view.ts';
import { saveJson, STORAGE_KEYS } from './storage.ts';

export interface ChatView {
  element: HTMLElement;
  /** Redraws everything in the current language. */
  render(): void;
  focusQuestion(): void;
}

/**
 * The conversation: the history of questions and their cited answers (kept across
 * reloads), and the question box with its document filter.
 * @param stored the turns read back from storage, already checked.
 */
export function createChatView(ctx: AppContext, stored: readonly Turn[]): ChatView {
  let turns: Turn[] = [...stored];
  const turnElements = new Map<string, HTMLLIElement>();

  const composer = createComposer(ctx, { onSubmit: (question, docs) => void submit(question, docs) });
  const list = h('ol', { class: 'turns', attrs: { 'aria-labelledby': 'conversation-heading' } });
  const intro = h('div', { class: 'intro' });
  const heading = h('h2', { class: 'visually-hidden', attrs: { id: 'conversation-heading' } });
  const clearButton = h('button', {
    class: 'btn btn-small btn-quiet clear-conversation',
    attrs: { type: 'button' },
    on: { click: clearConversation },
  });
  const toolbar = h('div', { class: 'conversation-toolbar' }, clearButton);
  const element = h(
    'section',
    { class: 'chat', attrs: { 'aria-labelledby': 'conversation-heading' } },
    heading,
    toolbar,
    intro,
    list,
    composer.element,
  );

  function render(): void {
    heading.textContent = ctx.t.conversation;
    clearButton.textContent = ctx.t.clearConversation;
    composer.render();
    intro.hidden = turns.length > 0;
    if (!intro.hidden) renderIntro(ctx, intro, composer.submit);
    list.replaceChildren();
    turnElements.clear();
    for (const turn of turns) list.append(renderTurn(turn));
    toolbar.hidden = turns.length === 0;
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
    fillAnswer(ctx, answer, turn.state, () => void run(turn));
    return li;
  }

  function describeDocs(ids: string[]): string {
    const byId = new Map((ctx.documentList ?? []).map((d) => [d.id, d]));
    return ids.map((id) => {
      const doc = byId.get(id);
      return doc ? documentShortName(doc, ctx.lang) : id;
    }).join(', ');
  }

  async function submit(question: string, docs: string[] | null): Promise<void> {
    const turn: Turn = {
      id: `${Date.now().toString(36)}-${turns.length}`,
      question,
      docs,
      askedAt: new Date().toISOString(),
      state: { status: 'pending' },
    };
    turns.push(turn);
    intro.hidden = true;
    toolbar.hidden = false;
    const li = renderTurn(turn);
    list.append(li);
    li.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    await run(turn);
  }

  async function run(turn: Turn): Promise<void> {
    composer.setBusy(true);
    turn.state = { status: 'pending' };
    refreshTurn(turn);
    try {
      const response = await ask({ question: turn.question, ...(turn.docs ? { docs: turn.docs } : {}) });
      turn.state = { status: 'answered', response };
      ctx.announce(answerAnnouncement(ctx, response));
    } catch (err) {
      // Anything that is not an ApiError is a bug here, shown as "cannot be reached" rather than as a stack.
      const failure: ApiFailure = err instanceof ApiError ? err.failure : { kind: 'unreachable' };
      if (!(err instanceof ApiError)) console.error(err);
      turn.state = { status: 'failed', failure };
    }
    composer.setBusy(false);
    refreshTurn(turn);
    persist();
  }

  /** Keeps the newest turns that fit the browser's quota. */
  function persist(): void {
    const kept = turnsToStore(turns);
    for (let keep = kept.length; keep > 0; keep = Math.floor(keep / 2)) {
      if (saveJson(STORAGE_KEYS.conversation, kept.slice(-keep))) return;
    }
    saveJson(STORAGE_KEYS.conversation, []);
  }

  function refreshTurn(turn: Turn): void {
    const answer = turnElements.get(turn.id)?.querySelector<HTMLElement>('.answer');
    if (answer) fillAnswer(ctx, answer, turn.state, () => void run(turn));
  }

  function clearConversation(): void {
    if (!window.confirm(ctx.t.confirmClear)) return;
    turns = turns.filter((t) => t.state.status === 'pending');
    saveJson(STORAGE_KEYS.conversation, []);
    render();
    ctx.announce(ctx.t.conversationCleared);
    composer.focus();
  }

  render();
  return { element, render, focusQuestion: composer.focus };
}

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
