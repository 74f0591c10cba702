import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { Assistant } from './assistant.ts';

export interface StartOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  host?: string;
  indexDir: string;
  webDir?: string;
  /** Local models folder, for an index built with a neural embedder. */
  modelsDir?: string;
}

export interface RunningServer {
  url: string;
  assistant: Assistant;
  close(): Promise<void>;
}

/**
 * Loads the index (and its embedders, once) and serves the API and the page.
 * @example
 * const server = await startServer({ port: 0, indexDir: 'index/data' });
 * await fetch(`${server.url}/api/health`);
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const assistant = await Assistant.open(options.indexDir, { modelsDir: options.modelsDir });
  const app = createApp({ assistant, webDir: options.webDir });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: host }, (info: AddressInfo) => {
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
        assistant,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
