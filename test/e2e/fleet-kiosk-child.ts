/**
 * A kiosk in web mode as its own process, for the fleet end-to-end test (which kills it to see the
 * last will). Like `npm run web`, but the printers are polled every 500 ms instead of 3 s so that a
 * printer emptied in the dock is known to the kiosk at once. Prints `READY <url>` when serving.
 */
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../../services/config/load';
import { startKioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';
import { startWebHost } from '../../services/host/web-host';
import { createLogger } from '../../services/log/logger';

const root = fileURLToPath(new URL('../../', import.meta.url));
const log = createLogger({ level: 'warn', scope: 'fleet-kiosk' });
const runtime = await startKioskRuntime({ config: loadConfigFile(process.env.KIOSK_CONFIG!), log, version: 'e2e-fleet', modules: SERVICE_MODULES, pollIntervalMs: { printers: 500 } });
const host = await startWebHost({ core: runtime.core, staticDir: `${root}dist/renderer`, port: 0, log });
process.stdout.write(`READY ${host.url}\n`);
const stop = async () => {
  await host.close();
  await runtime.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
