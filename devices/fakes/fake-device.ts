/**
 * FakeDevice: what every in-memory device fake shares. A fake implements the same interface as its
 * driver (devices/interfaces.ts) with no link, no simulator and no timers unless asked: controls act
 * at once and the fake emits `status` and events synchronously, just as the driver would after
 * talking to the hardware. Its status comes from the same pure functions as the driver's, so
 * devices/health.ts judges a fake exactly as it judges the real device.
 *
 * A fake starts online (`started: false` to start it later), `unplug()` / `replug()` pull and
 * restore its cable, and `stop()` leaves it offline like a stopped driver.
 */
import { DeviceBase } from '../shared/device-base';
import { commandSignal, sleep } from '../shared/timing';
import type { DeviceEvent, DeviceIdentity, DeviceKind, StatusOf } from '../types';

export interface FakeDeviceOptions {
  /** Device id (defaults to the kind's usual id). */
  id?: string;
  /** Online from construction (default true); false waits for start(). */
  started?: boolean;
}

export abstract class FakeDevice<K extends DeviceKind, E extends DeviceEvent> extends DeviceBase<K, E> {
  readonly identity: DeviceIdentity & { kind: K };
  private started: boolean;
  private plugged = true;

  protected constructor(kind: K, id: string, options: FakeDeviceOptions, initial: StatusOf<K>) {
    super(initial);
    this.identity = { id: options.id ?? id, kind, driver: 'fake', port: 'in-memory' } as DeviceIdentity & { kind: K };
    this.started = options.started ?? true;
  }

  /** The status while the device works (from the fake's state). */
  protected abstract readyStatus(): StatusOf<K>;
  /** The status while the device cannot be reached. */
  protected abstract offlineStatus(detail: string): StatusOf<K>;
  /** The device became reachable (started or replugged): a card on a reader is read now. */
  protected onReachable(): void {}

  /** Started and plugged in. */
  get online(): boolean {
    return this.started && this.plugged;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.refresh();
    if (this.online) this.onReachable();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.refresh();
  }

  /** Pulls the cable: the device goes offline; commands are refused until replug(). */
  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.refresh();
  }

  /** Plugs the cable back in. */
  replug(): void {
    if (this.plugged) return;
    this.plugged = true;
    this.refresh();
    if (this.online) this.onReachable();
  }

  /**
   * Takes `ms` as a slow device would (nothing, with no timer, when 0); the command's timeout and
   * cancel apply, and a cable pulled meanwhile ends it `offline`.
   */
  protected async takeTime(
    ms: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<'done' | 'timeOut' | 'canceled' | 'offline'> {
    if (ms <= 0) return 'done';
    const command = commandSignal(timeoutMs, signal);
    const finished = await sleep(ms, command.signal);
    command.dispose();
    if (!finished) return command.timedOut() ? 'timeOut' : 'canceled';
    return this.online ? 'done' : 'offline';
  }

  /** Recomputes the status from the fake's state and emits it when it changed. */
  protected refresh(): void {
    if (this.online) this.setStatus(this.readyStatus());
    else this.setStatus(this.offlineStatus(this.started ? 'link lost: unplugged' : 'driver stopped'));
  }
}
