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
    fileParallelism: false,
  },
});
