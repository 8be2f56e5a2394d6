/**
 * Wire envelopes shared by both transports. A transport moves these objects and nothing else;
 * whatever arrives is parsed here first, so a malformed message becomes a typed error value.
 */
import { z } from 'zod';

export const RpcErrorCode = z.enum([
  /** The message is not a valid envelope. */
  'badMessage',
  'unknownMethod',
  /** The envelope is fine but the params do not match the method's schema. */
  'badParams',
  /** The core produced a result that does not match the contract (a core bug; never shown raw). */
  'badResult',
  /** The handler failed unexpectedly. */
  'internal',
  /** The core is not running (crashed or restarting). */
  'unavailable',
  'timeout',
  'unauthorized',
  /** A staff method called from a screen without a staff session (resident screens never have one). */
  'staffSessionRequired',
  /** A staff method the signed-in staff member's role may not use. */
  'forbidden',
  /** A domain refusal the UI can explain (e.g. a session that already ended). */
  'rejected',
]);
export type RpcErrorCode = z.infer<typeof RpcErrorCode>;

export const RpcErrorBody = z.object({
  code: RpcErrorCode,
  message: z.string().max(1000),
});
export type RpcErrorBody = z.infer<typeof RpcErrorBody>;

const RequestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const RequestMessage = z.object({
  type: z.literal('request'),
  id: RequestId,
  method: z.string().min(1).max(64),
  params: z.unknown(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export const ResponseMessage = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: RequestId, ok: z.literal(false), error: RpcErrorBody }),
]);
export type ResponseMessage = z.infer<typeof ResponseMessage>;

export const EventMessage = z.object({
  type: z.literal('event'),
  name: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type EventMessage = z.infer<typeof EventMessage>;

/** Messages from the core to the UI. */
export const ServerMessage = z.union([ResponseMessage, EventMessage]);
export type ServerMessage = ResponseMessage | EventMessage;

/** The error a client call rejects with. */
export class KioskApiError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KioskApiError';
  }
}

/** Largest message either side accepts, in bytes of JSON. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Parses JSON text without throwing; oversized or invalid text yields undefined. */
export function parseJson(text: string): unknown {
  if (text.length > MAX_MESSAGE_BYTES) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
