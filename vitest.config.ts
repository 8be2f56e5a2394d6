import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Unit tests: node for every plain-Node layer, happy-dom for Vue components.
// End-to-end tests (real Chromium against web mode) live in vitest.e2e.config.ts.
export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['{contract,devices,services,electron,scripts}/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
