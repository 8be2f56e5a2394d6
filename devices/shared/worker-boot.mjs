// Boots a worker thread on a TypeScript module when the kiosk runs from sources (tsx, Vitest):
// registers tsx's loader inside the worker, then imports the module named in workerData. Bundled
// builds (Electron) point workers at compiled .cjs files and never load this.
import { workerData } from 'node:worker_threads';

const { moduleUrl } = workerData;
if (moduleUrl.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(moduleUrl);
