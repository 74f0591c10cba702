import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The staff-facing page. `npm run build` (scripts/build-web.ts) builds it into a new folder of
 * `web/builds/` and switches the `web/dist` link, which the server serves at `/`, to it.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names let the server cache /assets/* for a year (immutable).
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with `npm start` running.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
