/**
 * The simulator in-process: a PoliceGateway that calls the simulator logic directly (through the
 * same dispatcher as the HTTP server: request validation, idempotency) and classifies answers with
 * the same code as the HTTP client, response validation included. The default backend for
 * development and web mode — no extra process.
 */
import { operations, splitRequest, type OperationSpec } from '../gateway/operations';
import { interpretResponse } from '../gateway/result';
import type { GatewayResult, OperationId, PoliceGateway } from '../gateway/types';
import { createDispatcher } from './dispatch';
import { DEV_CREDENTIALS } from './fixtures';
import { createSimLogic, type SimLogic, type SimOptions } from './logic';

export interface EmbeddedGatewayOptions extends SimOptions {
  /** Share an existing simulator (e.g. with a dev dock); otherwise one is created from the options. */
  sim?: SimLogic;
  /** Scope for idempotency keys, as the authenticated client would be. */
  clientId?: string;
}

export type EmbeddedGateway = PoliceGateway & {
  /** The simulator behind the gateway: its controls (simulateResidentPays, ledger…) and database. */
  readonly sim: SimLogic;
  /** Closes the simulator's database (only when this gateway created it). */
  close(): void;
};

/** Creates the in-process gateway. */
export function createEmbeddedGateway(options: EmbeddedGatewayOptions = {}): EmbeddedGateway {
  const sim = options.sim ?? createSimLogic(options);
  const ownsSim = !options.sim;
  const dispatch = createDispatcher(sim);
  const clientId = options.clientId ?? DEV_CREDENTIALS.clientId;

  async function call(operationId: OperationId, req: Record<string, unknown>): Promise<GatewayResult<unknown>> {
    const spec: OperationSpec = operations[operationId];
    const { idempotencyKey, params, body } = splitRequest(spec, req);
    const answer = await dispatch({ operationId, clientId, params, body, ...(idempotencyKey ? { idempotencyKey } : {}) });
    // Serialise like the wire does, so both gateways see exactly the same JSON.
    return interpretResponse(spec.response, spec.status, answer.status, JSON.stringify(answer.body));
  }

  const gateway: Record<string, unknown> = {
    sim,
    close: () => {
      if (ownsSim) sim.close();
    },
  };
  for (const id of Object.keys(operations) as OperationId[]) {
    gateway[id] = (req: Record<string, unknown>) => call(id, req ?? {});
  }
  return gateway as unknown as EmbeddedGateway;
}
