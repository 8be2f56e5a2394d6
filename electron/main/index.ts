/** Electron entry point: wires the real `electron` module into the testable shell. */
import { join } from 'node:path';
import * as electron from 'electron';
import { runKioskShell } from './shell';

const production = electron.app.isPackaged || process.env.NODE_ENV === 'production';
const log = (event: string, fields?: Record<string, unknown>) =>
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), scope: 'shell', event, ...fields }) + '\n');

process.on('uncaughtException', (error) => log('main-uncaught', { error: error.message }));

runKioskShell(electron, {
  production,
  log,
  configPath: process.env.KIOSK_CONFIG,
  paths: { outDir: __dirname, rendererDir: join(__dirname, '..', '..', 'dist', 'renderer') },
}).catch((error: unknown) => {
  log('shell-start-failed', { error: error instanceof Error ? error.message : String(error) });
  electron.app.exit(1);
});
