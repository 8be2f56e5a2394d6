/**
 * DeviceBase: the status and listener plumbing every device shares — drivers on a serial link, the
 * PC/SC contactless reader and the in-memory fakes alike. It keeps the current status, hands out
 * copies, emits `status` only when something changed (an undefined `detail` counts as none) and
 * stamps unsolicited and solicited events.
 */
import type { Device, DeviceEvent, DeviceIdentity, DeviceKind, DeviceListeners, StatusOf } from '../types';
import { Emitter } from './emitter';

/** Field-by-field equality of two statuses (a missing and an undefined field are the same). */
export function sameStatus<S extends object>(a: S, b: S): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof S>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

export abstract class DeviceBase<K extends DeviceKind, E extends DeviceEvent> implements Device<K, E> {
  abstract readonly identity: DeviceIdentity & { kind: K };
  protected readonly emitter = new Emitter<DeviceListeners<K, E>>();
  protected current: StatusOf<K>;

  protected constructor(initial: StatusOf<K>) {
    this.current = initial;
  }

  /** Starts the device. Never throws for a missing device. */
  abstract start(): Promise<void>;
  /** Stops the device; commands still pending complete with `canceled`. */
  abstract stop(): Promise<void>;

  /** The last known status (a copy). */
  status(): StatusOf<K> {
    return { ...this.current };
  }

  /** Adds a listener for `status` or `event`; returns its remover. */
  on<L extends keyof DeviceListeners<K, E>>(name: L, listener: DeviceListeners<K, E>[L]): () => void {
    return this.emitter.on(name, listener);
  }

  /** Replaces the status and emits it when it changed; returns whether it did. */
  protected setStatus(next: StatusOf<K>): boolean {
    const clean: StatusOf<K> = { ...next };
    if (clean.detail === undefined) delete clean.detail;
    if (sameStatus(this.current, clean)) return false;
    this.current = clean;
    this.emitter.emit('status', { ...clean });
    return true;
  }

  /** Changes some fields of the status (`detail: undefined` clears the detail); see setStatus. */
  protected patchStatus(patch: Partial<Omit<StatusOf<K>, 'kind'>>): boolean {
    return this.setStatus({ ...this.current, ...patch });
  }

  /** Emits a device event: unsolicited (card removed, paper low) unless it belongs to a running command. */
  protected emitEvent<N extends E['name']>(name: N, data: Extract<E, { name: N }>['data'], solicited = false): void {
    this.emitter.emit('event', { name, solicited, data, at: new Date() } as unknown as E);
  }
}
