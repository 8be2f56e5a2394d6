/**
 * `npm run web`: the kiosk core (simulated devices, embedded police-backend simulator) behind a
 * loopback WebSocket, plus the built renderer, on http://127.0.0.1:$KIOSK_PORT (default 5175).
 */
import { fileURLToPath } from 'node:url';
import { createLogger } from '../log/logger';
import { startKioskRuntime } from './runtime';
import { SERVICE_MODULES } from './service-modules';
import { startWebHost } from './web-host';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const log = createLogger({ scope: 'web' });
  const runtime = await startKioskRuntime({ configPath: process.env.KIOSK_CONFIG, log, modules: SERVICE_MODULES });
  const port = Number(process.env.KIOSK_PORT ?? 5175);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`KIOSK_PORT must be a port number, not "${process.env.KIOSK_PORT}"`);
  const host = await startWebHost({ core: runtime.core, staticDir: `${root}dist/renderer`, port, log });
  process.stdout.write(`Kiosk (web mode) ready at ${host.url}\n`);
  if (runtime.deskUrl) process.stdout.write(`Duty desk page (video help) at ${runtime.deskUrl}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await host.close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
