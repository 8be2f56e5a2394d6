/**
 * The core side of the contract, generic over methods: validates each request envelope and its
 * params, runs the handler, validates the result, and always answers with a response envelope.
 * Nothing a client sends can make it throw.
 */
import type { z } from 'zod';
import { isMethodName, methods, type MethodName, type ResultOf } from '../../contract/api';
import { RequestMessage, type ResponseMessage, type RpcErrorCode } from '../../contract/rpc';

export interface CallContext {
  /** Which transport the call came through, for logs. */
  readonly via: 'electron' | 'websocket' | 'test';
  /**
   * The connection (one screen) the call came from, in web mode. A resident's session belongs to the
   * connection that started it; Electron has one screen and leaves this undefined.
   */
  readonly connectionId?: string;
}

export type Handlers = {
  [M in MethodName]: (
    params: z.output<(typeof methods)[M]['params']>,
    context: CallContext,
  ) => Promise<ResultOf<M>> | ResultOf<M>;
};

/** Thrown by a handler for an expected refusal the UI can explain; anything else is `internal`. */
export class RejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RejectedError';
  }
}

/** Thrown by a staff handler: no staff session on this connection, or a role that may not do this. */
export class StaffAccessError extends Error {
  constructor(
    readonly code: Extract<RpcErrorCode, 'staffSessionRequired' | 'forbidden'>,
    message: string,
  ) {
    super(message);
    this.name = 'StaffAccessError';
  }
}

export type Dispatch = (raw: unknown, context: CallContext) => Promise<ResponseMessage>;

export function createDispatcher(
  handlers: Handlers,
  log: (line: string) => void = () => {},
): Dispatch {
  const failure = (id: number, code: RpcErrorCode, message: string): ResponseMessage => ({
    type: 'response',
    id,
    ok: false,
    error: { code, message },
  });

  return async (raw, context) => {
    const envelope = RequestMessage.safeParse(raw);
    if (!envelope.success) {
      const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? (raw as { id: number }).id : 0;
      log(`rejected a malformed request via ${context.via}`);
      return failure(Number.isSafeInteger(id) && id >= 0 ? id : 0, 'badMessage', 'not a valid request envelope');
    }
    const { id, method, params } = envelope.data;
    if (!isMethodName(method)) return failure(id, 'unknownMethod', `no method named ${method.slice(0, 64)}`);

    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(params)').join(', ');
      return failure(id, 'badParams', `invalid params for ${method}: ${where}`);
    }

    let result: unknown;
    try {
      const handler = handlers[method] as (params: unknown, context: CallContext) => unknown;
      result = await handler(parsed.data, context);
    } catch (error) {
      if (error instanceof RejectedError) return failure(id, 'rejected', error.message);
      if (error instanceof StaffAccessError) return failure(id, error.code, error.message);
      log(`handler ${method} failed: ${(error as Error)?.stack ?? String(error)}`);
      return failure(id, 'internal', `${method} failed inside the kiosk core`);
    }

    const checked = methods[method].result.safeParse(result);
    if (!checked.success) {
      log(`handler ${method} returned a result that breaks the contract: ${checked.error.message}`);
      return failure(id, 'badResult', `${method} produced an invalid result`);
    }
    return { type: 'response', id, ok: true, result: checked.data };
  };
}
