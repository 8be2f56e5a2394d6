/**
 * The one shape for an outcome that can fail in an expected way, used by devices, the gateway, the
 * journal, payments, speech and the chip layer alike. Expected failures are values, not exceptions.
 *
 * A Result is a plain object (no class, no prototype, no methods), so it survives JSON and
 * structured clone unchanged and can cross the RPC boundary or a worker thread as it is.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** A success carrying `value`. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** A failure carrying `error` (a plain, JSON-safe description of what went wrong). */
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Narrows a result to its success. */
export const isOk = <T, E>(result: Result<T, E>): result is { ok: true; value: T } => result.ok;

/** Narrows a result to its failure. */
export const isErr = <T, E>(result: Result<T, E>): result is { ok: false; error: E } => !result.ok;

/** The success type of a result type. */
export type OkOf<R> = R extends { ok: true; value: infer T } ? T : never;

/** The failure type of a result type. */
export type ErrOf<R> = R extends { ok: false; error: infer E } ? E : never;
