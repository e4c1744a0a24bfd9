import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Migrates one PGlite for the run; each file's fresh database starts from a copy of it.
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Each file opens its own database (PGlite in memory, or a fresh PostgreSQL database):
    // files run in parallel, the tests within a file in order.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
