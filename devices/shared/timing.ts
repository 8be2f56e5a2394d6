/**
 * Waiting with cancellation, for devices and the core alike: an abortable sleep and a command's
 * combined signal (caller's cancel + driver stop + timeout). Timers and listeners are always cleared.
 *
 * Not `node:timers/promises`: its abortable setTimeout rejects with an AbortError, and here a cancel
 * is an expected outcome (a value), never an exception.
 */

/**
 * Waits `ms`. Resolves true when the full time passed, false as soon as `signal` aborts or `wake`
 * settles (a poll loop woken early by news).
 */
export function sleep(ms: number, signal?: AbortSignal, wake?: PromiseLike<unknown>): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  // Even 0 ms goes through a timer: a loop that sleeps always lets I/O and timers run.
  return new Promise((resolve) => {
    let done = false;
    const finish = (full: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(full);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(true), Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
    wake?.then(
      () => finish(false),
      () => finish(false),
    );
  });
}

/** A command's signal: aborted by any of the given signals or by its timeout. */
export interface CommandSignal {
  readonly signal: AbortSignal;
  /** Whether the timeout (not a cancel) aborted it. */
  timedOut(): boolean;
  /** Clears the timer and the listeners on the given signals. */
  dispose(): void;
}

/** Combines a caller's signal, a driver-wide signal and a timeout into one; see CommandSignal. */
export function commandSignal(timeoutMs: number, ...signals: (AbortSignal | undefined)[]): CommandSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const abort = () => controller.abort();
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  for (const s of live) {
    if (s.aborted) controller.abort();
    else s.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', abort);
    },
  };
}
