/** What a simulator operation answers: a value, or a refusal with an HTTP status and a contract error code. */
import type { ErrorCode } from '../gateway/schemas';

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409 | 422; code: ErrorCode; message: string; reason?: string };

export const refuse = (status: 400 | 404 | 409 | 422, code: ErrorCode, message: string, reason?: string): Outcome<never> =>
  reason === undefined ? { ok: false, status, code, message } : { ok: false, status, code, message, reason };

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });
