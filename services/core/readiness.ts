/**
 * Which services can serve a resident right now. Each service declares the devices it needs; a
 * service whose required devices are not ready is paused (shown on home with the reason, refused by
 * `flow.start`), and a flow checks again just before it asks for money. Nothing is charged for what
 * the kiosk already knows it cannot deliver.
 */
import type { DevicePause, ServiceAvailability, ServicePause, StaffPause } from '../../contract/api';
import type { DeviceHealth, DeviceKind, DeviceStatus } from '../../contract/device';
import type { ServiceId } from '../../contract/flow';

/** A device a service uses: `required` ones pause the service when they are not ready. */
export interface DeviceNeed {
  kind: DeviceKind;
  required: boolean;
}

export type ServiceNeeds = Partial<Record<ServiceId, readonly DeviceNeed[]>>;

/** What stops a device from working, in one word the UI turns into plain language. */
export function deviceProblem(status: DeviceStatus): DevicePause['problem'] {
  if (status.device === 'starting') return 'starting';
  if (status.device === 'offline' || status.device === 'noDevice') return 'offline';
  // A printer out of cards reports userError: name the supply, cover or jam rather than "fault".
  switch (status.kind) {
    case 'receiptPrinter':
      if (status.paper === 'out') return 'suppliesOut';
      if (status.cover === 'open') return 'coverOpen';
      if (status.paper === 'jammed') return 'jammed';
      return 'fault';
    case 'cardPrinter':
      if (status.cardStock === 'out' || status.ribbon === 'out') return 'suppliesOut';
      if (status.cover === 'open') return 'coverOpen';
      if (status.media === 'jammed') return 'jammed';
      return 'fault';
    case 'idCardReader':
      return status.media === 'jammed' ? 'jammed' : 'fault';
    default:
      return 'fault';
  }
}

/** The first required device that is missing or not ready; undefined when the service can run. */
export function pauseFor(needs: readonly DeviceNeed[] | undefined, health: DeviceHealth): DevicePause | undefined {
  for (const need of needs ?? []) {
    if (!need.required) continue;
    const devices = health.devices.filter((device) => device.identity.kind === need.kind);
    if (devices.length === 0) return { device: need.kind, problem: 'missing' };
    if (devices.some((device) => device.healthy)) continue;
    return { device: need.kind, problem: deviceProblem(devices[0]!.status) };
  }
  return undefined;
}

/**
 * Services paused by staff (fleet commands), kept across restarts until resumed. A staff pause is
 * named before a device problem: it is the deliberate decision, and the device reason shows once
 * the service is resumed.
 */
export interface StaffPauses {
  pauseOf(service: ServiceId): StaffPause | undefined;
  onChange(listener: () => void): () => void;
}

/** Why `service` cannot start now (staff pause first, then its devices), or undefined. */
export function servicePause(service: ServiceId, needs: ServiceNeeds, health: DeviceHealth, staffPauses?: StaffPauses): ServicePause | undefined {
  return staffPauses?.pauseOf(service) ?? pauseFor(needs[service], health);
}

export function serviceAvailability(
  order: readonly ServiceId[],
  enabled: (id: ServiceId) => boolean,
  implemented: (id: ServiceId) => boolean,
  needs: ServiceNeeds,
  health: DeviceHealth,
  staffPauses?: StaffPauses,
): ServiceAvailability[] {
  return order.map((id): ServiceAvailability => {
    if (!implemented(id)) return { id, available: false, state: 'notImplemented' };
    if (!enabled(id)) return { id, available: false, state: 'off' };
    const pause = servicePause(id, needs, health, staffPauses);
    return pause ? { id, available: false, state: 'paused', pause } : { id, available: true, state: 'ready' };
  });
}
