import { startBackendSimulator } from '../backend-sim/server';
import { DEV_CREDENTIALS } from '../backend-sim/fixtures';
import { describeGatewayBehaviour } from '../backend-sim/gateway-behaviour.suite';
import { describeTrafficBehaviour } from '../backend-sim/traffic-behaviour.suite';
import { describeInfoBehaviour } from '../backend-sim/info-behaviour.suite';
import { createHttpGateway } from './http-client';

describeGatewayBehaviour('HTTP client against the simulator server (loopback)', async (options) => {
  const simulator = await startBackendSimulator({ ...options, port: 0 });
  const gateway = createHttpGateway({ baseUrl: simulator.url, credentials: DEV_CREDENTIALS, timeoutMs: 5000, retries: 0 });
  return { gateway, controls: simulator.controls, close: () => simulator.close() };
});

describeTrafficBehaviour('HTTP client against the simulator server (loopback)', async (options) => {
  const simulator = await startBackendSimulator({ ...options, port: 0 });
  const gateway = createHttpGateway({ baseUrl: simulator.url, credentials: DEV_CREDENTIALS, timeoutMs: 5000, retries: 0 });
  return { gateway, controls: simulator.controls, close: () => simulator.close() };
});

describeInfoBehaviour('HTTP client against the simulator server (loopback)', async (options) => {
  const simulator = await startBackendSimulator({ ...options, port: 0 });
  const gateway = createHttpGateway({ baseUrl: simulator.url, credentials: DEV_CREDENTIALS, timeoutMs: 5000, retries: 0 });
  return { gateway, controls: simulator.controls, close: () => simulator.close() };
});
