/**
 * Bundles the Electron main process, the preload and the core (utility process) into out/electron.
 * Native modules stay external: electron-builder rebuilds them for Electron's ABI when packaging.
 */
import { build } from 'esbuild';
import { BUNDLE_EXTERNALS } from './bundle-externals';

const external = BUNDLE_EXTERNALS;
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, external, logLevel: 'warning' } as const;

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'out/electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'out/electron/preload.cjs' }),
  build({ ...common, entryPoints: ['electron/core/utility-main.ts'], outfile: 'out/electron/core.cjs' }),
]);
console.log('built out/electron/{main,preload,core}.cjs');
