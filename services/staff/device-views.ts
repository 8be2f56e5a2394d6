/**
 * What the technician sees per device: state, the driver's facts, the last error, counted
 * consumables, and whether it can print a test page. Last errors are collected from the drivers'
 * events and unhealthy statuses while the kiosk runs (memory only; they carry no personal data).
 */
import type { DeviceStatus } from '../../contract/device';
import { worstColour } from '../../contract/four-colour';
import type { DeviceConsoleView } from '../../contract/staff';
import { isHealthy } from '../../devices/health';
import type { DeviceManager } from '../../devices/manager';
import { deviceColour } from './board';
import type { Consumables } from './consumables';
import { TEST_PRINTS } from './test-prints';

type Driver = ReturnType<DeviceManager['list']>[number]['driver'];
type AnyEvent = { name: string; data: unknown; at: Date };

/** A device event worth showing as "last error", in words for staff. */
function eventError(event: AnyEvent): string | undefined {
  const data = event.data as {
    jobId?: string;
    cause?: string;
    step?: string;
    bytesSent?: number;
    totalBytes?: number;
    reason?: string;
    message?: string;
  };
  switch (event.name) {
    case 'jobInterrupted':
      return `job ${data.jobId ?? '?'} interrupted: ${data.cause ?? '?'} (${data.bytesSent ?? 0}/${data.totalBytes ?? 0} bytes sent)`;
    case 'cardFailed':
      return `card ${data.jobId ?? '?'} failed at ${data.step ?? '?'}: ${data.cause ?? '?'}`;
    case 'readFailed':
      return `card read failed: ${data.reason ?? data.message ?? 'unreadable'}`;
    default:
      return undefined;
  }
}

export class DeviceViews {
  private readonly lastErrors = new Map<string, { at: string; message: string }>();
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly devices: Pick<DeviceManager, 'list' | 'health'>,
    private readonly consumables: Consumables,
  ) {}

  start(): void {
    for (const { id, driver } of this.devices.list()) {
      const on = driver.on as (
        name: 'status' | 'event',
        listener: (value: DeviceStatus | AnyEvent) => void,
      ) => () => void;
      this.offs.push(
        on.call(driver, 'status', (value) => {
          const status = value as DeviceStatus;
          if (!isHealthy(status) && status.device !== 'starting') this.note(id, status.detail ?? `${status.device}`);
        }),
        on.call(driver, 'event', (value) => {
          const message = eventError(value as AnyEvent);
          if (message) this.note(id, message);
        }),
      );
    }
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  views(): DeviceConsoleView[] {
    const health = this.devices.health();
    return this.devices.list().map(({ id, spec }) => {
      const snapshot = health.devices.find((d) => d.identity.id === id)!;
      const supplies = this.consumables.views(id);
      const { status } = snapshot;
      const facts: Record<string, string> = {};
      for (const [key, value] of Object.entries(status))
        if (key !== 'kind' && key !== 'device' && key !== 'detail' && typeof value === 'string') facts[key] = value;
      const colour = worstColour([
        deviceColour(snapshot).colour,
        ...(supplies.some((s) => s.low) ? (['yellow'] as const) : []),
      ]);
      const lastError = this.lastErrors.get(id);
      return {
        id,
        kind: spec.kind,
        state: status.device,
        healthy: snapshot.healthy,
        colour,
        facts,
        ...(status.detail ? { detail: status.detail } : {}),
        since: snapshot.since,
        ...(lastError ? { lastError } : {}),
        supplies,
        canTestPrint: TEST_PRINTS[spec.kind] !== undefined,
      } satisfies DeviceConsoleView;
    });
  }

  driverOf(id: string): { kind: DeviceConsoleView['kind']; driver: Driver } | undefined {
    const device = this.devices.list().find((d) => d.id === id);
    return device ? { kind: device.spec.kind, driver: device.driver } : undefined;
  }

  private note(id: string, message: string): void {
    this.lastErrors.set(id, { at: new Date().toISOString(), message: message.slice(0, 300) });
  }
}
