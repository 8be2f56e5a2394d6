/**
 * DeviceBase: the status and listener plumbing every device shares — drivers on a serial link, the
 * PC/SC contactless reader and the in-memory fakes alike. It keeps the current status, hands out
 * copies, emits `status` only when something changed (an undefined `detail` counts as none) with
 * the unsolicited events the change brings (StatusRules), and stamps command events.
 */
import type { Device, DeviceEvent, DeviceIdentity, DeviceKind, DeviceListeners, StatusOf } from '../types';
import { Emitter } from './emitter';

/** Field-by-field equality of two statuses (a missing and an undefined field are the same; list fields compare by items). */
export function sameStatus<S extends object>(a: S, b: S): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof S>;
  for (const key of keys) {
    const [x, y] = [a[key], b[key]];
    if (Array.isArray(x) && Array.isArray(y) ? x.length !== y.length || x.some((item, i) => item !== y[i]) : x !== y) return false;
  }
  return true;
}

/** How a kind's status changes are reported (the printers'; other kinds need none). */
export interface StatusRules<S, E> {
  /** Whether `next` is news at all after `previous` (default: every change is). */
  isNews?(previous: S, next: S): boolean;
  /** The unsolicited events a change brings (supply thresholds, cover, jam…). */
  events?(previous: S, next: S): E[];
}

/** A watched status field: the event its change brings and the values that are news even from `unknown`. */
export type WatchedField<E extends DeviceEvent, S> = readonly [
  name: E['name'],
  field: keyof S & string,
  problems: readonly string[],
];

/**
 * The unsolicited events of a status change: `deviceChanged` when the device state changed, and for
 * each watched field that changed from a known value, or to a problem (news after a restart), its
 * event carrying the new value as `{ [field]: value }`.
 */
export function statusChangeEvents<S extends { device: string }, E extends DeviceEvent>(
  previous: S,
  next: S,
  watched: readonly WatchedField<E, S>[],
  at = new Date(),
): E[] {
  const event = (name: string, data: object) => ({ name, solicited: false, data, at }) as unknown as E;
  const events: E[] = [];
  if (next.device !== previous.device) events.push(event('deviceChanged', { device: next.device }));
  for (const [name, field, problems] of watched) {
    const from = String(previous[field]);
    const to = String(next[field]);
    if (from !== to && to !== 'unknown' && (from !== 'unknown' || problems.includes(to))) {
      events.push(event(name, { [field]: next[field] }));
    }
  }
  return events;
}

export abstract class DeviceBase<K extends DeviceKind, E extends DeviceEvent> implements Device<K, E> {
  abstract readonly identity: DeviceIdentity & { kind: K };
  protected readonly emitter = new Emitter<DeviceListeners<K, E>>();
  protected current: StatusOf<K>;
  /** How this kind reports status changes; see StatusRules. */
  protected readonly statusRules: StatusRules<StatusOf<K>, E> = {};

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

  /** Replaces the status and emits it (and the events it brings) when it changed; returns whether it did. */
  protected setStatus(next: StatusOf<K>): boolean {
    const previous = this.current;
    const clean: StatusOf<K> = { ...next };
    if (clean.detail === undefined) delete clean.detail;
    if (sameStatus(previous, clean) || this.statusRules.isNews?.(previous, clean) === false) return false;
    this.current = clean;
    this.emitter.emit('status', { ...clean });
    for (const event of this.statusRules.events?.(previous, clean) ?? []) this.emitter.emit('event', event);
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
