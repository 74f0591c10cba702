import { normalizeQuoteText } from './quotation.ts';

/**
 * The text the user selected inside `container`, or null when nothing is selected
 * there. A selection reaching outside the container does not count: a quote must
 * come from one paragraph.
 */
export function selectedTextIn(container: Element): string | null {
  const selection = container.ownerDocument.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const text = normalizeQuoteText(selection.toString());
  return text === '' ? null : text;
}

/** Calls `onChange` with the element marked `[data-quotable]` that holds the selection, or null. */
export function watchSelection(doc: Document, onChange: (quotable: Element | null) => void): void {
  doc.addEventListener('selectionchange', () => {
    const selection = doc.getSelection();
    const node = selection && !selection.isCollapsed ? selection.anchorNode : null;
    const element = node instanceof Element ? node : (node?.parentElement ?? null);
    const quotable = element?.closest('[data-quotable]') ?? null;
    onChange(quotable && selectedTextIn(quotable) !== null ? quotable : null);
  });
}
