import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Builds the page from `web/` into a fresh folder, so the test always runs the
 * current code and never races a `web/dist` being rebuilt by hand.
 */
export async function buildWeb(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'migration-web-'));
  await build({ configFile: path.join(REPO, 'web/vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  return outDir;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The policy the server sends with the page (issue 8): no inline script or style, nothing from elsewhere. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves every page of `context` from `origin` under `STRICT_CSP` (set here, so that the
 * page is held to it whatever the server sends) and reports each refusal: the console's
 * "Refused to…" line and the `securitypolicyviolation` event.
 */
export async function watchCsp(context: BrowserContext, origin: string, report: (violation: string) => void): Promise<void> {
  await context.route(
    (url) => url.origin === origin,
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
    },
  );
  await context.exposeBinding('__reportCspViolation', (_source, violation: string) => report(violation));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation;
      void report(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'}`);
    });
  });
  context.on('console', (message) => {
    if (message.text().startsWith('Refused to')) report(message.text());
  });
}

/** Types a question the way a person does (focus, type, Enter) and waits for the answer or the error. */
export async function askQuestion(page: Page, question: string): Promise<void> {
  const before = await page.locator('.turn').count();
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
  await page.locator('.turn').nth(before).locator('.answer:not(.is-pending)').waitFor();
}

/**
 * Selects `text` inside `selector`'s first match as a mouse drag would, across the
 * `<mark>` elements that split a passage.
 */
export async function selectText(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ({ selector, text }) => {
      const container = document.querySelector(selector);
      if (!container) throw new Error(`no ${selector}`);
      const start = (container.textContent ?? '').indexOf(text);
      if (start < 0) throw new Error(`"${text}" is not in ${selector}`);
      const end = start + text.length;
      const range = document.createRange();
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let offset = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        if (offset <= start && start < offset + length) range.setStart(node, start - offset);
        if (offset < end && end <= offset + length) range.setEnd(node, end - offset);
        offset += length;
      }
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    { selector, text },
  );
}

/** Text of every paragraph of a .docx's `word/document.xml`, runs joined, entities decoded. */
export function docxParagraphs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1]!)).join(''),
  );
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}
