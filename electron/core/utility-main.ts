/**
 * Entry of the Electron utility process that runs the kiosk core. It speaks the same envelopes as
 * the WebSocket host, over the parent port. A crash here is seen by the main process, which
 * restarts it; the window stays up.
 */
import { createLogger } from '../../services/log/logger';
import { startKioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

async function main(): Promise<void> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!parentPort) throw new Error('core.cjs must run as an Electron utility process');
  const log = createLogger({ scope: 'core' });
  const runtime = await startKioskRuntime({ configPath: process.env.KIOSK_CONFIG, log, version: process.env.KIOSK_VERSION, modules: SERVICE_MODULES });
  runtime.core.onEvent((name, payload) => parentPort.postMessage({ type: 'event', name, payload }));
  parentPort.on('message', ({ data }) => {
    void runtime.core.dispatch(data, { via: 'electron' }).then((response) => parentPort.postMessage(response));
  });
  parentPort.postMessage({ type: 'event', name: 'core.state', payload: { state: 'ready' } });
  const stop = () => void runtime.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kiosk core failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
