/**
 * Device vocabulary shared by every layer, borrowed from CEN/XFS and XFS4IoT.
 *
 * These schemas describe what crosses a process boundary (core → UI): device identity and
 * status. The driver-side interface (commands, cancellation) lives in devices/types.ts.
 */
import { z } from 'zod';

export const DeviceKind = z.enum(['idCardReader', 'qrScanner', 'receiptPrinter', 'cardPrinter', 'documentPrinter', 'contactlessReader', 'ocrReader']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** XFS device state. `busy` is XFS `deviceBusy`. */
export const DeviceState = z.enum([
  'starting',
  'online',
  'offline',
  'noDevice',
  'hardwareError',
  'userError',
  'busy',
]);
export type DeviceState = z.infer<typeof DeviceState>;

/** Every device command completes with exactly one of these (XFS completion codes). */
export const CompletionCode = z.enum([
  'success',
  'canceled',
  'deviceNotReady',
  'hardwareError',
  'internalError',
  'invalidCommand',
  'timeOut',
  'unsupportedCommand',
  'invalidData',
  'userError',
  'sequenceError',
]);
export type CompletionCode = z.infer<typeof CompletionCode>;

export const MediaState = z.enum(['unknown', 'present', 'notPresent', 'jammed']);
export type MediaState = z.infer<typeof MediaState>;

export const PaperState = z.enum(['unknown', 'full', 'low', 'out', 'jammed']);
export type PaperState = z.infer<typeof PaperState>;

export const SupplyLevel = z.enum(['unknown', 'full', 'low', 'out']);
export type SupplyLevel = z.infer<typeof SupplyLevel>;

export const CoverState = z.enum(['unknown', 'closed', 'open']);
export type CoverState = z.infer<typeof CoverState>;

const common = {
  device: DeviceState,
  /** Short technical detail for staff and logs (never personal data). */
  detail: z.string().max(200).optional(),
};

/** A device's status as a tagged union on `kind`. Drivers emit it only when it changes. */
export const DeviceStatus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idCardReader'), ...common, media: MediaState }),
  z.object({ kind: z.literal('qrScanner'), ...common }),
  z.object({
    kind: z.literal('receiptPrinter'),
    ...common,
    paper: PaperState,
    cover: CoverState,
    cutter: z.enum(['unknown', 'ok', 'error']),
  }),
  /** ISO 14443 reader for travel-permit chips (PC/SC). */
  z.object({ kind: z.literal('contactlessReader'), ...common, media: MediaState }),
  /** The OCR window that reads a permit's OCR line (serial, line protocol). */
  z.object({ kind: z.literal('ocrReader'), ...common }),
  z.object({
    kind: z.literal('cardPrinter'),
    ...common,
    cardStock: SupplyLevel,
    ribbon: SupplyLevel,
    cover: CoverState,
    media: z.enum(['unknown', 'ok', 'jammed']),
  }),
  z.object({
    kind: z.literal('documentPrinter'),
    ...common,
    paper: PaperState,
    toner: SupplyLevel,
    /** The printer's door or cover. */
    cover: CoverState,
    media: z.enum(['unknown', 'ok', 'jammed']),
    /** IPP printer-state-reasons as the printer reported them (e.g. media-empty-error), for staff. */
    reasons: z.array(z.string().max(64)).max(16),
  }),
]);
export type DeviceStatus = z.infer<typeof DeviceStatus>;
export type StatusOf<K extends DeviceKind> = Extract<DeviceStatus, { kind: K }>;

export const DeviceIdentity = z.object({
  /** Stable id from configuration, e.g. "idReader". */
  id: z.string().min(1).max(64),
  kind: DeviceKind,
  driver: z.string().max(64),
  /** Serial port path, or "in-process" for simulators that run without a port. */
  port: z.string().max(256),
  model: z.string().max(128).optional(),
  firmware: z.string().max(64).optional(),
  serialNumber: z.string().max(64).optional(),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentity>;

/** What the UI and staff screens see for one device. */
export const DeviceSnapshot = z.object({
  identity: DeviceIdentity,
  status: DeviceStatus,
  /** Whether the device can do its job now (online and with the media/supplies it needs). */
  healthy: z.boolean(),
  since: z.string(), // ISO time of the last status change
});
export type DeviceSnapshot = z.infer<typeof DeviceSnapshot>;

/** Overall health for the status bar: green when all healthy, amber when degraded, red when a device is down. */
export const HealthLevel = z.enum(['ok', 'degraded', 'down']);
export type HealthLevel = z.infer<typeof HealthLevel>;

/** The whole kiosk's device health: what the status bar and staff screens show. */
export const DeviceHealth = z.object({
  level: HealthLevel,
  devices: z.array(DeviceSnapshot),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;
