/**
 * What every service's launcher does the same way: build the kit's dependencies for one flow, run
 * the service's machine behind the kit's runner, settle whatever the flow leaves open when it ends,
 * and give the resident more time where they asked for it (elderly mode).
 */
import type { AnyStateMachine } from 'xstate';
import { DEFAULT_TIME_ZONE } from '../../contract/clock';
import type { ServiceId } from '../../contract/flow';
import type { FlowLauncher } from '../core/flow-registry';
import type { PoliceGateway } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';
import type { KitDeps, KitDevices } from './deps';
import { settleLeftovers } from './leftovers';
import { runServiceFlow, type ServiceFlowSpec } from './runner';

/** What the kiosk gives every service. */
export interface KitBase {
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: KitDevices;
  post: { name: string; timeZone?: string; receiptPrintTimeoutMs?: number };
  log?: Logger;
  /** Clock (tests pin it to the simulator's FIXTURE_NOW). */
  now?: () => Date;
}

export interface KitLauncherOptions<TMachine extends AnyStateMachine> {
  service: ServiceId;
  spec: ServiceFlowSpec<TMachine>;
  base: KitBase;
  /** The machine's input for one flow; `timeScale` multiplies the time-outs the resident lives through. */
  input(kit: KitDeps, timeScale: number): unknown;
  /** The journal transaction a flow opened (from its final context), for the safety net. */
  transactionOf(context: unknown): string | undefined;
}

export function createKitLauncher<TMachine extends AnyStateMachine>(options: KitLauncherOptions<TMachine>): FlowLauncher {
  const { base, service } = options;
  const now = base.now ?? (() => new Date());
  const log = base.log?.child(service);
  return ({ sessionId, onProgress, readiness, timeScale }) => {
    const kit: KitDeps = {
      service,
      gateway: base.gateway,
      payments: base.payments,
      journal: base.journal,
      devices: base.devices,
      post: { name: base.post.name, timeZone: base.post.timeZone ?? DEFAULT_TIME_ZONE, receiptPrintTimeoutMs: base.post.receiptPrintTimeoutMs ?? 15_000 },
      now,
      ...(log ? { log } : {}),
      readiness,
    };
    const flow = runServiceFlow(
      { ...options.spec, afterEnd: (ending, context) => settleLeftovers(kit, options.transactionOf(context), `flow ${ending.status} (${ending.code ?? '-'})`) },
      options.input(kit, timeScale),
      { onProgress, now, ...(log ? { log } : {}) },
    );
    log?.info('flow-started', { flowId: flow.flowId, session: sessionId.slice(0, 8) });
    return flow;
  };
}

/** Time-outs multiplied by `scale` (2 in elderly mode). */
export function scaleTimeouts<T extends Record<string, number>>(timeouts: T, scale: number): T {
  return scale === 1 ? timeouts : (Object.fromEntries(Object.entries(timeouts).map(([name, ms]) => [name, ms * scale])) as T);
}
