import { createEmbeddedGateway } from './embedded';
import { describeGatewayBehaviour } from './gateway-behaviour.suite';
import { describeTrafficBehaviour } from './traffic-behaviour.suite';
import { describeInfoBehaviour } from './info-behaviour.suite';

describeGatewayBehaviour('embedded (in-process simulator)', async (options) => {
  const gateway = createEmbeddedGateway(options);
  return { gateway, controls: gateway.sim.controls, close: async () => gateway.close() };
});

describeTrafficBehaviour('embedded (in-process simulator)', async (options) => {
  const gateway = createEmbeddedGateway(options);
  return { gateway, controls: gateway.sim.controls, close: async () => gateway.close() };
});

describeInfoBehaviour('embedded (in-process simulator)', async (options) => {
  const gateway = createEmbeddedGateway(options);
  return { gateway, controls: gateway.sim.controls, close: async () => gateway.close() };
});
