/**
 * A tiny typed listener registry. Listener exceptions are swallowed (and reported to an optional
 * sink) so that nothing ever throws out of an event emission into a stream or timer callback.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ListenerMap<M> = { [K in keyof M]: (...args: any[]) => void };

/** Typed event registry used by links, drivers and simulators; `on` returns an unsubscribe function. */
export class Listeners<M extends ListenerMap<M>> {
  private readonly byName = new Map<keyof M, Set<M[keyof M]>>();

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  /** Registers a listener; the returned function removes it. */
  on<K extends keyof M>(name: K, listener: M[K]): () => void {
    let set = this.byName.get(name);
    if (!set) {
      set = new Set();
      this.byName.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Calls every listener of `name`; a listener that throws does not stop the others. */
  emit<K extends keyof M>(name: K, ...args: Parameters<M[K]>): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError?.(error);
      }
    }
  }

  /** Removes every listener (used by stop()). */
  clear(): void {
    this.byName.clear();
  }
}
