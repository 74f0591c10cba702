/**
 * `npm run screenshot`: the page with an answer and a quote basket, for the README
 * (docs/screenshot.png, or the path given). Needs `npm run build` and `npm run index` first,
 * and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WEB_DIR, readServerConfig } from '../server/config.ts';
import { startServer } from '../server/serve.ts';
import { askQuestion, launchChromium } from '../test/e2e/browser.ts';

const DEFAULT_OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshot.png');
/** A question whose answer shows quotes, citations and highlighted passages. */
const QUESTION = 'Que dit la déclaration de 2013 sur le coût des envois de fonds ?';
/** A second quote in the basket, from another document, read in its reading view. */
const SECOND_QUOTE = '/doc/riviera-maya-2010#p3';

async function main(): Promise<void> {
  const output = path.resolve(process.argv[2] ?? DEFAULT_OUTPUT);
  const config = readServerConfig();
  const server = await startServer({ port: 0, indexDir: config.INDEX_DIR, webDir: config.WEB_DIR ?? DEFAULT_WEB_DIR, modelsDir: config.MODELS_DIR });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, baseURL: server.url, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto('/');
    await askQuestion(page, QUESTION);
    await page.locator('.turn .passage .add-quote').first().click();
    await page.goto(SECOND_QUOTE);
    await page.locator('.passage.is-target .add-quote').click();
    await page.goto('/');
    await page.locator('.turn .answer.is-answered').waitFor();
    await page.locator('#basket .basket-item').nth(1).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await mkdir(path.dirname(output), { recursive: true });
    await page.screenshot({ path: output });
    console.log(`wrote ${path.relative(process.cwd(), output)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(`screenshot: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
