import type { DocumentSummary, Lang } from './api.ts';
import type { BasketStore } from './basket-store.ts';
import type { Messages } from './i18n.ts';

/** What every view is handed by `main.ts`: the language, the basket, and the page's shared services. */
export interface AppContext {
  readonly lang: Lang;
  readonly t: Messages;
  readonly basket: BasketStore;
  /** The corpus's documents, loaded once; rejects with an `ApiError` when the server cannot say. */
  readonly documents: Promise<DocumentSummary[]>;
  /** The same list once it has arrived, for synchronous rendering; null before. */
  readonly documentList: DocumentSummary[] | null;
  /** Says `message` to screen readers (polite live region). */
  announce(message: string): void;
}
