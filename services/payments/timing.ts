/**
 * Timing helpers for talking to a backend that may go silent: a call deadline and retries. Both
 * always clear their timers; the abortable sleep is the device layer's (devices/shared/timing.ts).
 */
import { sleep } from '../../devices/shared/timing';
import type { GatewayError, GatewayResult } from '../gateway/types';

/** Runs a gateway call with a deadline; a call that never answers becomes a retryable `timeout` error. */
export async function withDeadline<T>(call: () => Promise<GatewayResult<T>>, ms: number): Promise<GatewayResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<GatewayResult<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: { kind: 'timeout', message: `no answer within ${ms} ms`, retryable: true } }),
      ms,
    );
  });
  try {
    return await Promise.race([
      call().catch(
        (error: unknown): GatewayResult<T> => ({
          ok: false,
          error: { kind: 'network', message: error instanceof Error ? error.message : String(error), retryable: true },
        }),
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Retries a call (same request, same idempotency key) while it fails with a retryable error. */
export async function withRetries<T>(
  call: () => Promise<GatewayResult<T>>,
  options: { attempts: number; delayMs: number; callTimeoutMs: number },
): Promise<GatewayResult<T>> {
  let last: GatewayResult<T> | undefined;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    last = await withDeadline(call, options.callTimeoutMs);
    if (last.ok || !last.error.retryable) return last;
    if (attempt < options.attempts) await sleep(options.delayMs * attempt);
  }
  return last!;
}

export const describeGatewayError = (error: GatewayError): string =>
  `${error.kind}${error.code ? `/${error.code}` : ''}: ${error.message}`;
