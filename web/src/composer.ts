import type { AppContext } from './context.ts';
import { createDocFilter } from './doc-filter.ts';
import { h, replaceChildren } from './dom.ts';

export interface Composer {
  element: HTMLFormElement;
  render(): void;
  /** While a question is out, the button says so and a second one waits. */
  setBusy(busy: boolean): void;
  /** Sends `question` as if typed, with the filter's documents (an example question). */
  submit(question: string): void;
  focus(): void;
}

export interface ComposerOptions {
  /** Called with the typed text and the documents chosen in the filter (null: every document). */
  onSubmit(question: string, docs: string[] | null): void;
}

/** The question box: its label, the document filter, the text area and the send button. */
export function createComposer(ctx: AppContext, options: ComposerOptions): Composer {
  let busy = false;
  const filter = createDocFilter(ctx);
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
      input: () => showError(null),
    },
  });
  const label = h('label', { class: 'question-label', attrs: { for: 'question' } });
  const sendButton = h('button', { class: 'btn btn-primary send', attrs: { type: 'submit' } });
  const hint = h('p', { class: 'question-hint', attrs: { id: 'question-hint' } });
  const error = h('p', { class: 'form-error', attrs: { id: 'question-error', role: 'alert' } });
  const form = h(
    'form',
    {
      class: 'composer',
      attrs: { 'aria-labelledby': 'question-label-text', novalidate: true },
      on: {
        submit: (event) => {
          event.preventDefault();
          submit(textarea.value);
        },
      },
    },
    label,
    filter.element,
    h('div', { class: 'question-row' }, textarea, sendButton),
    hint,
    error,
  );

  function submit(text: string): void {
    const { t } = ctx;
    if (busy) return;
    const question = text.trim();
    if (question === '') {
      showError(t.emptyQuestion);
      textarea.focus();
      return;
    }
    const docs = filter.selected();
    if (docs !== null && docs.length === 0) {
      showError(t.filterNoneSelected);
      return;
    }
    showError(null);
    textarea.value = '';
    options.onSubmit(question, docs);
  }

  function render(): void {
    const { t } = ctx;
    replaceChildren(label, h('span', { attrs: { id: 'question-label-text' } }, t.questionLabel));
    textarea.placeholder = t.questionPlaceholder;
    hint.textContent = t.questionHint;
    renderSendButton();
    filter.render();
  }

  function renderSendButton(): void {
    sendButton.textContent = busy ? ctx.t.sending : ctx.t.send;
    sendButton.setAttribute('aria-disabled', String(busy));
  }

  function showError(message: string | null): void {
    error.textContent = message ?? '';
    textarea.setAttribute('aria-invalid', String(message !== null));
  }

  return {
    element: form,
    render,
    setBusy(next) {
      busy = next;
      renderSendButton();
    },
    submit,
    focus: () => textarea.focus(),
  };
}
