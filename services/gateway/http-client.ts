/**
 * The police-backend gateway over HTTP: one typed method per operation, built from the operation
 * catalogue. Every answer is validated with the contract's zod schemas; every failure is a typed
 * GatewayError value, never a throw.
 */
import { sleep } from '../../devices/shared/timing';
import { operations, fillPath, splitRequest, type OperationSpec } from './operations';
import { err } from '../../contract/result';
import { interpretResponse } from './result';
import type { GatewayError, GatewayResult, OperationId, PoliceGateway } from './types';

export interface GatewayCredentials {
  clientId: string;
  secret: string;
}

/** One line per attempt; carries no request data (no ID numbers, names, images). */
export interface GatewayLogEvent {
  operationId: OperationId;
  attempt: number;
  outcome: 'ok' | GatewayError['kind'];
  status?: number;
  code?: string;
  elapsedMs: number;
}

export interface HttpGatewayOptions {
  /** e.g. http://127.0.0.1:8931 (paths start with /v1). */
  baseUrl: string;
  credentials: GatewayCredentials;
  /** Per attempt, covering connect, headers and body. */
  timeoutMs: number;
  /** Extra attempts after the first for retryable failures (0 = no retry). */
  retries: number;
  /** First backoff delay; doubles per retry, capped at 2 s. Default 100 ms. */
  backoffMs?: number;
  fetch?: typeof globalThis.fetch;
  log?: (event: GatewayLogEvent) => void;
}

/** Basic auth from the kiosk's backend credentials. */
export function authorizationHeader(credentials: GatewayCredentials): string {
  return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.secret}`, 'utf8').toString('base64')}`;
}

/**
 * Retry policy. Retried: `network`, `timeout` and `server` (5xx) failures, for
 *  - read-only operations (GET, and POST queries that carry personal data in the body): repeating
 *    a read has no effect;
 *  - effectful operations, because every attempt carries the SAME Idempotency-Key: the backend
 *    applies the effect at most once and replays its stored answer, so a retry after a lost
 *    response returns the original result (e.g. the paid order) instead of charging twice.
 * Never retried: `rejected`, `unauthorized` (the answer will not change) and `malformed` (a
 * contract mismatch, not a transient fault).
 */
export function isRetryable(error: GatewayError): boolean {
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server';
}

/** Creates the HTTP gateway. Nothing is sent until a method is called. */
export function createHttpGateway(options: HttpGatewayOptions): PoliceGateway {
  const doFetch = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const auth = authorizationHeader(options.credentials);
  const backoffMs = options.backoffMs ?? 100;
  let requestCounter = 0;

  async function attempt(spec: OperationSpec, url: string, init: RequestInit): Promise<GatewayResult<unknown>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    try {
      const res = await doFetch(url, { ...init, signal: controller.signal });
      const text = await res.text();
      return interpretResponse(spec.response, spec.status, res.status, text);
    } catch (error) {
      if (timedOut) return err({ kind: 'timeout', message: `no answer within ${options.timeoutMs} ms`, retryable: true });
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      return err({ kind: 'network', message: `network failure: ${cause}`.slice(0, 300), retryable: true });
    } finally {
      clearTimeout(timer);
    }
  }

  async function call(operationId: OperationId, req: Record<string, unknown>): Promise<GatewayResult<unknown>> {
    const spec: OperationSpec = operations[operationId];
    const { idempotencyKey, params, body } = splitRequest(spec, req);

    // Refuse locally what the backend would refuse with 400, without a round trip.
    if (spec.effect && (!idempotencyKey || idempotencyKey.length === 0 || idempotencyKey.length > 128)) {
      return err({ kind: 'rejected', code: 'idempotencyKeyRequired', message: 'an idempotency key (1-128 chars) is required', retryable: false });
    }
    const paramCheck = spec.params?.safeParse(params);
    const bodyCheck = spec.body?.safeParse(body);
    const invalid = (paramCheck && !paramCheck.success ? paramCheck.error : undefined) ?? (bodyCheck && !bodyCheck.success ? bodyCheck.error : undefined);
    if (invalid) {
      const issue = invalid.issues[0];
      return err({ kind: 'rejected', code: 'badRequest', message: `request invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`, retryable: false });
    }

    const url = baseUrl + fillPath(spec.path, params);
    const headers: Record<string, string> = {
      authorization: auth,
      accept: 'application/json',
      'x-request-id': `${Date.now().toString(36)}-${(++requestCounter).toString(36)}`,
    };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const init: RequestInit = { method: spec.method, headers, ...(body !== undefined ? { body: JSON.stringify(bodyCheck?.data ?? body) } : {}) };

    let result: GatewayResult<unknown> = err({ kind: 'network', message: 'not attempted', retryable: true });
    for (let n = 0; n <= options.retries; n++) {
      if (n > 0) await sleep(Math.min(backoffMs * 2 ** (n - 1), 2000));
      const started = Date.now();
      result = await attempt(spec, url, init);
      options.log?.({
        operationId,
        attempt: n + 1,
        outcome: result.ok ? 'ok' : result.error.kind,
        ...(!result.ok && result.error.status ? { status: result.error.status } : {}),
        ...(!result.ok && result.error.code ? { code: result.error.code } : {}),
        elapsedMs: Date.now() - started,
      });
      if (result.ok || !isRetryable(result.error)) break;
    }
    return result;
  }

  const gateway = {} as Record<OperationId, (req: Record<string, unknown>) => Promise<GatewayResult<unknown>>>;
  for (const id of Object.keys(operations) as OperationId[]) {
    gateway[id] = (req) => call(id, req ?? {});
  }
  return gateway as unknown as PoliceGateway;
}
