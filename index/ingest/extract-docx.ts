import mammoth from 'mammoth';
import { HTMLElement, Node, NodeType, parse } from 'node-html-parser';
import { DocumentRefused } from './errors.ts';
import type { LayoutBlock } from './layout.ts';

/** A .docx is a zip archive; Word saves an encrypted one (and old .doc files) as an OLE compound file. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Reads a Word file with mammoth: paragraphs, headings, italics, raised text
 * and footnotes (each printed after the paragraph that calls it, as a page
 * would print it at its foot). Running heads live outside the text in Word and
 * are not needed: paragraphs are not cut by pages.
 * @example
 * const blocks = await extractDocx(await readFile('A_RES_68_4.docx'));
 */
export async function extractDocx(bytes: Uint8Array): Promise<LayoutBlock[]> {
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new DocumentRefused('the Word file is encrypted or in the old .doc format; save an unprotected .docx');
  }
  if (!startsWith(bytes, ZIP_MAGIC)) throw new DocumentRefused('the Word file is damaged (not a .docx archive)');
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (err) {
    throw new DocumentRefused(`the Word file is damaged: ${(err as Error).message.split('\n')[0]}`);
  }
  const root = parse(html);
  const notes = new Map<string, string>();
  for (const li of root.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]')) {
    li.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]').forEach((a) => a.remove());
    notes.set(li.id, inline(li, () => undefined).text);
    li.parentNode?.remove();
  }
  const blocks: LayoutBlock[] = [];
  for (const element of root.childNodes) if (element instanceof HTMLElement) pushBlocks(element, notes, blocks);
  if (blocks.length === 0) throw new DocumentRefused('the Word file has no text');
  return blocks;
}

function pushBlocks(element: HTMLElement, notes: Map<string, string>, blocks: LayoutBlock[]): void {
  const tag = element.tagName.toLowerCase();
  if (tag === 'p' || /^h[1-6]$/.test(tag)) {
    const called: string[] = [];
    const { text, emphasised } = inline(element, (id) => called.push(id));
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length === 0) return;
    blocks.push({ lines, kind: 'text', emphasised: /^h/.test(tag) || emphasised });
    const printed = called.filter((id) => notes.has(id));
    if (printed.length > 0) {
      blocks.push({ lines: printed.map((id) => `<sup>${id.replace(/\D+/g, '')}</sup> ${notes.get(id)}`), kind: 'notes' });
    }
  } else if (tag === 'ol' || tag === 'ul') {
    element.querySelectorAll(':scope > li').forEach((li, i) => {
      const { text, emphasised } = inline(li, () => undefined);
      blocks.push({ lines: [`${tag === 'ol' ? `${i + 1}.` : '•'} ${text.replace(/\s+/g, ' ').trim()}`], kind: 'text', emphasised });
    });
  } else {
    // tables (the masthead's columns), sections: their paragraphs in reading order
    for (const child of element.childNodes) if (child instanceof HTMLElement) pushBlocks(child, notes, blocks);
  }
}

/** Inline text with markup; `emphasised` when every printed character is bold. */
function inline(element: HTMLElement, onNote: (id: string) => void): { text: string; emphasised: boolean } {
  let plain = 0;
  const walk = (node: Node, bold: boolean): string => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      if (!bold) plain += node.text.trim().length;
      return node.text;
    }
    if (!(node instanceof HTMLElement)) return '';
    const tag = node.tagName.toLowerCase();
    if (tag === 'br') return '\n';
    const noteLink = node.querySelector('a[href^="#footnote-"], a[href^="#endnote-"]');
    if (tag === 'sup' && noteLink) {
      onNote(noteLink.getAttribute('href')!.slice(1));
      return `<sup>${noteLink.text.replace(/\D+/g, '')}</sup>`;
    }
    const inner = node.childNodes.map((c) => walk(c, bold || tag === 'strong' || tag === 'b')).join('');
    if (tag === 'sup') return `<sup>${inner.trim()}</sup>`;
    if (tag === 'em' || tag === 'i') return inner.trim() === '' ? inner : inner.replace(/^(\s*)(.*?)(\s*)$/s, '$1*$2*$3');
    return inner;
  };
  const text = walk(element, false).replace(/[ \t]+/g, ' ');
  return { text, emphasised: plain === 0 && text.trim() !== '' };
}
