/** The exit-entry operations against both gateways: in-process, and the HTTP client against the simulator server. */
import { createHttpGateway } from '../gateway/http-client';
import { createEmbeddedGateway } from './embedded';
import { describeExitEntryBehaviour } from './exit-entry-behaviour.suite';
import { DEV_CREDENTIALS } from './fixtures';
import { startBackendSimulator } from './server';

describeExitEntryBehaviour('embedded (in-process simulator)', async (options) => {
  const gateway = createEmbeddedGateway(options);
  return { gateway, controls: gateway.sim.controls, close: async () => gateway.close() };
});

describeExitEntryBehaviour('HTTP client against the simulator server (loopback)', async (options) => {
  const simulator = await startBackendSimulator({ ...options, port: 0 });
  const gateway = createHttpGateway({ baseUrl: simulator.url, credentials: DEV_CREDENTIALS, timeoutMs: 5000, retries: 0 });
  return { gateway, controls: simulator.controls, close: () => simulator.close() };
});
