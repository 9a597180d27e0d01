import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Bounds, not expectations: tests wait on events, and a loaded two-core machine is slow, not wrong.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Each file gets its own databases; two cores run two files at a time.
    maxWorkers: 2,
    // CI=true fails the run when a suite would skip; otherwise skips end the run in one summary line.
    globalSetup: ['test/setup/global.ts'],
    reporters: ['default', './test/setup/skip-summary.ts'],
  },
});
