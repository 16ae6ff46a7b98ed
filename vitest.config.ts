import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The e2e files mostly wait on the automator client's fixed 3 s sleeps; more workers than the
    // 2 cores lets those waits overlap with the CPU-bound tiers.
    maxWorkers: 4,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
