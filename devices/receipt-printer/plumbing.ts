/**
 * Small pieces every printer driver needs: a typed emitter whose listeners cannot break the
 * driver, a job queue so commands never interleave, and an abortable delay. Shared by the receipt
 * and card printer drivers (candidate for a devices/shared folder).
 */

/** Typed listener sets; a throwing listener is isolated (reported to `onListenerError`). */
export class Emitter<Map extends { [K in keyof Map]: (arg: never) => void }> {
  private readonly sets = new Map<keyof Map, Set<(arg: never) => void>>();
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Adds a listener; returns its remover. */
  on<K extends keyof Map>(name: K, listener: Map[K]): () => void {
    let set = this.sets.get(name);
    if (!set) this.sets.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Calls every listener of `name`; never throws. */
  emit<K extends keyof Map>(name: K, arg: Parameters<Map[K]>[0]): void {
    for (const listener of [...(this.sets.get(name) ?? [])]) {
      try {
        (listener as (a: typeof arg) => void)(arg);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Number of listeners (tests check that nothing leaks). */
  count(name: keyof Map): number {
    return this.sets.get(name)?.size ?? 0;
  }
}

/** Runs async jobs one after another, in submission order. */
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  /** Queues `job`; resolves with its result once every earlier job has finished. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      this.running++;
      try {
        return await job();
      } finally {
        this.running--;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** True while a job is executing. */
  get busy(): boolean {
    return this.running > 0;
  }
}

/** Resolves after `ms`, or early with false when `signal` aborts. The timer is always cleared. */
export function delay(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Combines a caller's signal, a driver-wide signal and a timeout into one. `dispose()` clears the
 * timer and the listeners; `timedOut()` tells a timeout from a cancel.
 */
export function commandSignal(
  timeoutMs: number,
  ...signals: (AbortSignal | undefined)[]
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
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

/**
 * Replies still owed by requests that were abandoned (timed out or cancelled) after they were sent.
 * Printer replies carry no tag (an ACK, a DLE EOT status byte), so a late one would be taken as the
 * answer to the next request. Late replies pay this debt first and are dropped; a device that stays
 * quiet for `quietMs` will not send them any more (it was off, or the bytes were lost) and the debt
 * is forgotten, so a dead device never starves the requests after it.
 */
export class OwedReplies {
  private owed = 0;
  private lastActivity = 0;

  constructor(private readonly quietMs: number) {}

  get count(): number {
    return this.owed;
  }

  /** A request gave up waiting with `count` replies still to come. */
  abandon(count: number): void {
    if (count <= 0) return;
    this.owed += count;
    this.lastActivity = Date.now();
  }

  /** Call for every byte chunk that arrives. */
  activity(): void {
    this.lastActivity = Date.now();
  }

  /** Call for every reply: true when it pays a debt and must be dropped. */
  absorb(): boolean {
    if (this.owed === 0) return false;
    this.owed -= 1;
    return true;
  }

  /** A new connection owes nothing. */
  reset(): void {
    this.owed = 0;
  }

  /** Before a new request: wait until the debt is paid or the line has been quiet for `quietMs`. */
  async settle(signal?: AbortSignal): Promise<void> {
    while (this.owed > 0 && !signal?.aborted) {
      const quietFor = Date.now() - this.lastActivity;
      if (quietFor >= this.quietMs) {
        this.owed = 0;
        return;
      }
      await delay(Math.min(20, this.quietMs - quietFor), signal);
    }
  }
}
