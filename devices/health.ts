/**
 * Health rules for staff and the status bar: can this device do its job right now, and how does the
 * kiosk as a whole stand? `down` when any device cannot work, `degraded` when a supply runs low.
 */
import type { DeviceHealth, DeviceIdentity, DeviceStatus, HealthLevel } from '../contract/device';

/** The device can serve a resident now (online, with the media and supplies its job needs). */
export function isHealthy(status: DeviceStatus): boolean {
  if (status.device !== 'online') return false;
  switch (status.kind) {
    case 'idCardReader':
      return status.media !== 'jammed';
    case 'qrScanner':
    case 'ocrReader':
      return true;
    case 'contactlessReader':
      return status.media !== 'jammed';
    case 'receiptPrinter':
      return (status.paper === 'full' || status.paper === 'low') && status.cover !== 'open' && status.cutter !== 'error';
    case 'cardPrinter':
      return status.cardStock !== 'out' && status.ribbon !== 'out' && status.cover !== 'open' && status.media !== 'jammed';
    case 'documentPrinter':
      return status.paper !== 'out' && status.paper !== 'jammed' && status.toner !== 'out' && status.cover !== 'open' && status.media !== 'jammed';
  }
}

/** A supply is running low: still working, but staff should refill soon. */
export function needsAttention(status: DeviceStatus): boolean {
  switch (status.kind) {
    case 'receiptPrinter':
      return status.paper === 'low';
    case 'cardPrinter':
      return status.cardStock === 'low' || status.ribbon === 'low';
    case 'documentPrinter':
      return status.paper === 'low' || status.toner === 'low';
    default:
      return false;
  }
}

export function overallHealth(statuses: readonly DeviceStatus[]): HealthLevel {
  if (statuses.some((status) => !isHealthy(status))) return 'down';
  if (statuses.some(needsAttention)) return 'degraded';
  return 'ok';
}

/** The kiosk's device health from each device's identity, status and the time its status last changed. */
export function deviceHealth(
  devices: readonly { identity: DeviceIdentity; status: DeviceStatus; since: Date }[],
): DeviceHealth {
  const snapshots = devices.map(({ identity, status, since }) => ({
    identity,
    status,
    healthy: isHealthy(status),
    since: since.toISOString(),
  }));
  return { level: overallHealth(snapshots.map((s) => s.status)), devices: snapshots };
}
