import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/test/**/*.test.ts', 'conformance/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default leaves one core free, which on a 2-core machine runs the files one by one;
    // the longest ones (the corpus proofs) mostly wait on servers and timers, so two files at once
    // use the cores without starving either.
    maxWorkers: 2,
  },
});
