import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The duty desk's page (renderer/desk), served by the kiosk core's desk listener from dist/desk.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer/desk', import.meta.url)),
  base: './',
  plugins: [vue()],
  define: {
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/desk', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
  },
});
