/**
 * One request into the simulator, whatever the transport: validates params and body with the
 * contract schemas, enforces Idempotency-Key (store key -> response, replay it, same key with a
 * different request -> 422), runs the logic inside one transaction with the key, and validates
 * the answer. Used by the HTTP server and the embedded gateway.
 */
import { sleep } from '../../devices/shared/timing';
import { createHash } from 'node:crypto';
import { operations, type OperationSpec } from '../gateway/operations';
import type { ErrorBody, ErrorCode } from '../gateway/schemas';
import type { OperationId } from '../gateway/types';
import type { Outcome, SimLogic } from './logic';

export interface SimRequest {
  operationId: OperationId;
  /** The authenticated client; idempotency keys are scoped per client. */
  clientId: string;
  idempotencyKey?: string;
  params: Record<string, string>;
  body: unknown;
}

export interface SimResponse {
  status: number;
  body: unknown;
  /** True when the answer was replayed from the idempotency store. */
  replayed: boolean;
}

/** Builds a contract error body. */
export function errorBody(code: ErrorCode, message: string, reason?: string): ErrorBody {
  return { error: { code, message, ...(reason ? { reason } : {}) } };
}

/** Canonical JSON (sorted keys) so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Creates the dispatcher over one simulator instance. */
export function createDispatcher(sim: SimLogic) {
  const inFlight = new Map<string, Promise<SimResponse>>();
  const findKey = sim.db.prepare<[string, string], { operation_id: string; request_hash: string; status: number; body: string }>(
    'SELECT operation_id, request_hash, status, body FROM idempotency WHERE client_id = ? AND idem_key = ?',
  );
  const storeKey = sim.db.prepare('INSERT INTO idempotency (client_id, idem_key, operation_id, request_hash, status, body, created_at) VALUES (?,?,?,?,?,?,?)');

  function run(spec: OperationSpec, operationId: OperationId, input: Record<string, unknown>): SimResponse {
    const handler = sim.operations[operationId] as (req: Record<string, unknown>) => Outcome<unknown>;
    const outcome = handler(input);
    if (!outcome.ok) return { status: outcome.status, body: errorBody(outcome.code, outcome.message, outcome.reason), replayed: false };
    const checked = spec.response.safeParse(outcome.value);
    if (!checked.success) {
      return { status: 500, body: errorBody('internal', `simulator produced an invalid ${operationId} response`), replayed: false };
    }
    return { status: spec.status, body: checked.data, replayed: false };
  }

  function replayOrReject(stored: { operation_id: string; request_hash: string; status: number; body: string }, hash: string): SimResponse {
    if (stored.request_hash !== hash) {
      return { status: 422, body: errorBody('idempotencyKeyReused', 'this idempotency key was used for a different request'), replayed: false };
    }
    return { status: stored.status, body: JSON.parse(stored.body), replayed: true };
  }

  /** Handles one request. Never throws: unexpected errors become a 500 error body. */
  async function dispatch(req: SimRequest): Promise<SimResponse> {
    try {
      const spec: OperationSpec = operations[req.operationId];
      const params = spec.params ? spec.params.safeParse(req.params) : undefined;
      const body = spec.body ? spec.body.safeParse(req.body ?? {}) : undefined;
      const invalid = (params && !params.success ? params.error : undefined) ?? (body && !body.success ? body.error : undefined);
      if (invalid) {
        const issue = invalid.issues[0];
        return { status: 400, body: errorBody('badRequest', `invalid request at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`), replayed: false };
      }
      const input = { ...(body?.data as Record<string, unknown> | undefined), ...(params?.data as Record<string, unknown> | undefined) };

      if (!spec.effect) return sim.db.transaction(() => run(spec, req.operationId, input))();

      const key = req.idempotencyKey;
      if (!key || key.length > 128) {
        return { status: 400, body: errorBody('idempotencyKeyRequired', 'an Idempotency-Key header (1-128 chars) is required'), replayed: false };
      }
      const hash = createHash('sha256').update(`${req.operationId}\n${canonical(input)}`).digest('hex');
      const slot = `${req.clientId}\n${key}`;

      const pending = inFlight.get(slot);
      if (pending) {
        // A concurrent duplicate: wait for the first to finish, then answer from the store.
        await pending.catch(() => undefined);
        const stored = findKey.get(req.clientId, key);
        if (stored) return replayOrReject(stored, hash);
      }
      const stored = findKey.get(req.clientId, key);
      if (stored) return replayOrReject(stored, hash);

      const work = (async (): Promise<SimResponse> => {
        if (req.operationId === 'payWithCode' && sim.paymentDelayMs > 0) await sleep(sim.paymentDelayMs);
        return sim.db.transaction((): SimResponse => {
          const again = findKey.get(req.clientId, key);
          if (again) return replayOrReject(again, hash);
          const response = run(spec, req.operationId, input);
          // 2xx and domain refusals are final answers for this key; a 5xx is not stored, so a retry re-runs.
          if (response.status < 500) storeKey.run(req.clientId, key, req.operationId, hash, response.status, JSON.stringify(response.body), sim.now().toISOString());
          return response;
        })();
      })();
      inFlight.set(slot, work);
      try {
        return await work;
      } finally {
        inFlight.delete(slot);
      }
    } catch (err) {
      return { status: 500, body: errorBody('internal', `simulator error: ${err instanceof Error ? err.name : 'unknown'}`), replayed: false };
    }
  }

  return dispatch;
}

export type Dispatch = ReturnType<typeof createDispatcher>;
