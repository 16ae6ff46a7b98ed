import { defineConfig } from 'vitest/config';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The packaging check has its own run: vitest.packaging.config.ts.
    exclude: ['test/packaging/**'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-audit.ts'],
    // What a test mocks or stubs is put back after it, even when it failed or timed out.
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
    // Test files share their workers' module graph: loading Fastify, PGlite and the automator once per
    // worker instead of once per file saves a third of the suite's CPU. Nothing global leaks: see above.
    // Not on Node.js 24 and later: there V8 aborts a worker that has run most of the suite's files
    // ("Fatal process out of memory: Zone", at a different file each time, in 7 of 9 full runs on
    // 24.21.0, never on a subset, never with a fresh worker per file), so each file gets its own.
    isolate: NODE_MAJOR >= 24,
    maxWorkers: 2,
    testTimeout: 20_000,
    // A poll waits for something that will happen (a page's answer, a write): it fails only at the
    // test's own timeout, never because a loaded machine took longer than vitest's 1 s default.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
  },
});
