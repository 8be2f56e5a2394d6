import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The fleet console (renderer/fleet): a static page that talks only to the MQTT broker over WebSocket.
// Built apart from the kiosk's renderer so the kiosk never ships it.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer/fleet', import.meta.url)),
  base: './',
  plugins: [vue()],
  define: {
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/fleet', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    // One chunk by design (Vue, mqtt.js, zod, SM2): it loads once on a desk machine, ~720 kB.
    chunkSizeWarningLimit: 1024,
  },
});
