import { defineConfig } from 'vitest/config';

// Unit and integration tests (beside the code they test). Integration tests run on a fresh clone of a
// migrated, demo-seeded template database: PGlite by default, a PostgreSQL server when DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'demo/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
