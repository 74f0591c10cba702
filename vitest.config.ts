import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['index/**/*.test.ts', 'server/**/*.test.ts', 'eval/**/*.test.ts', 'web/**/*.test.ts', 'test/**/*.test.ts'],
    // Builds one index from the real corpus for every suite that needs it (INDEX_DIR).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
