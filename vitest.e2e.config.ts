import { defineConfig } from 'vitest/config';

// End-to-end: headless Chromium (Debian's /usr/bin/chromium) against web mode. The renderer must be
// built first; `npm run test:e2e` does that.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two files at a time: each has its own core, host (port 0), daemons (own ports) and browser, and
    // most of an end-to-end test is waiting (payment polls, printers, time-outs). On the 2-core CI
    // machine this takes the suite from ~13 to ~8 minutes; tests tap like a person (harness tap())
    // and wait for what they check, so a busy machine makes them slower, not red.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
