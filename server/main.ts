import { readConfig } from '../index/config.ts';
import { startServer } from './serve.ts';

/** `npm start`: serves the API and the page on PORT (default 3000). */
async function main(): Promise<void> {
  const config = readConfig();
  const server = await startServer({ port: config.PORT, host: config.HOST, indexDir: config.INDEX_DIR, webDir: config.WEB_DIR, modelsDir: config.MODELS_DIR });
  const { meta } = server.assistant.index;
  console.log(
    `serving ${meta.documents.length} documents, ${meta.paragraphCount} paragraphs (${meta.embedders.map((e) => e.descriptor.id).join(' + ')}) at ${server.url}`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`server: ${err.message}`);
  process.exit(1);
});
