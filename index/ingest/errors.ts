/**
 * A document `npm run add` will not take, or a command it cannot carry out:
 * the message is the one line the user reads; nothing in the corpus or the
 * index has changed.
 */
export class DocumentRefused extends Error {
  override name = 'DocumentRefused';
}

/** Metadata the document does not show and no flag gave: the message names the flags to use. */
export class MissingMetadata extends DocumentRefused {
  override name = 'MissingMetadata';
}
