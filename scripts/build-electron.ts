/**
 * Bundles the Electron main process, the preload and the core (utility process) into out/electron.
 * Native modules stay external: electron-builder rebuilds them for Electron's ABI when packaging.
 * The speech engines stay external too (espeak-ng's WebAssembly finds its data file next to its own
 * module; sherpa-onnx-node is optional), and the espeak-ng worker is copied next to core.cjs.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { BUNDLE_EXTERNALS } from './bundle-externals';

const external = BUNDLE_EXTERNALS;
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, external, logLevel: 'warning' } as const;

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'out/electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'out/electron/preload.cjs' }),
  build({
    ...common,
    entryPoints: ['electron/core/utility-main.ts'],
    outfile: 'out/electron/core.cjs',
    // The core finds files beside its modules with import.meta.url (e.g. the espeak-ng worker).
    define: { 'import.meta.url': '__coreModuleUrl' },
    banner: { js: 'const __coreModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  // Rendering what the simulated printers printed runs in a worker thread (dev dock only).
  build({ ...common, entryPoints: ['services/host/printed-render-worker.ts'], outfile: 'out/electron/printed-render-worker.cjs' }),
]);
mkdirSync('out/electron', { recursive: true });
copyFileSync('services/speech/espeak-worker.mjs', 'out/electron/espeak-worker.mjs');
console.log('built out/electron/{main,preload,core}.cjs and espeak-worker.mjs');
