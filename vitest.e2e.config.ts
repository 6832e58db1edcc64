import { defineConfig } from 'vitest/config';

// End-to-end: the server started as a process, driven over HTTP, the CLI and headless Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
