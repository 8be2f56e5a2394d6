/**
 * Emitter: the one typed listener registry of the device layer (links, drivers, simulators, fakes,
 * framers, the PC/SC transports). `on` returns the remover. A listener that throws is isolated
 * (reported to `onListenerError`, the other listeners still run), so an emission never throws into a
 * stream handler, a timer or a driver's state machine.
 */
export type ListenerMap<M> = { [K in keyof M]: (...args: never[]) => void };

export class Emitter<M extends ListenerMap<M>> {
  private readonly byName = new Map<keyof M, Set<M[keyof M]>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Adds a listener for `name`; the returned function removes it. */
  on<K extends keyof M>(name: K, listener: M[K]): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Calls every listener of `name` with `args`; never throws. */
  emit<K extends keyof M>(name: K, ...args: Parameters<M[K]>): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<M[K]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.byName.clear();
  }
}
