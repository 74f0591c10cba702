import type { AppContext } from './context.ts';
import { h, replaceChildren } from './dom.ts';
import type { DroppedEntries } from './stored.ts';

export interface StorageNotice {
  element: HTMLElement;
  render(): void;
}

/**
 * Tells the user, once, that saved entries were unreadable and removed (damaged storage,
 * another version of the page), so that a shorter history or basket is not a mystery.
 */
export function createStorageNotice(ctx: AppContext, dropped: DroppedEntries): StorageNotice {
  let dismissed = dropped.conversation + dropped.basket + dropped.lang === 0;
  const element = h('div', { class: 'storage-notice', attrs: { role: 'status' } });

  function render(): void {
    element.hidden = dismissed;
    if (dismissed) return;
    const { t } = ctx;
    replaceChildren(
      element,
      h('p', {}, t.storageDropped(dropped)),
      h(
        'button',
        {
          class: 'btn btn-small btn-quiet',
          attrs: { type: 'button' },
          on: {
            click: () => {
              dismissed = true;
              render();
            },
          },
        },
        t.dismiss,
      ),
    );
  }

  return { element, render };
}
