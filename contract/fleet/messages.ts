/**
 * What travels on the fleet topic tree (topics.ts), as zod schemas shared by the kiosk and the fleet
 * console. The state is the staff console's four-colour board (contract/four-colour.ts) plus the
 * facts a fleet needs (devices and consumables with their forecast, services, open tickets, version,
 * uptime, voice). Codes and numbers only: never a name, an ID number, an address or a phone number —
 * free text from the kiosk (a ticket's technical reason, a staff note) is not published at all.
 */
import { z } from 'zod';
import { ServiceAvailability } from '../api';
import { DeviceKind, DeviceState } from '../device';
import { Board, FourColour } from '../four-colour';
import { SupplyId, TicketKind, TicketState } from '../staff';

const Iso = z.string().min(1).max(40);
const KioskId = z.string().min(1).max(32);
/** A code or a number; the same limits as a board reason's parameters. */
const ParamValue = z.union([z.string().max(64), z.number()]);

// ---- status (retained; the last will says offline) ---------------------------------------------

export const KioskStatusMessage = z.object({
  v: z.literal(1),
  kioskId: KioskId,
  state: z.enum(['online', 'offline']),
  /** offline: `stopped` (said by the kiosk on its way down) or `connectionLost` (the broker's last will). */
  reason: z.enum(['stopped', 'connectionLost']).optional(),
  /** When this connection was opened (the will carries it too: the broker sends it unchanged). */
  connectedAt: Iso,
  at: Iso.optional(),
});
export type KioskStatusMessage = z.infer<typeof KioskStatusMessage>;

// ---- state (retained) --------------------------------------------------------------------------

export const FleetSupply = z.object({
  supply: SupplyId,
  unit: z.enum(['mm', 'cards', 'panels', 'sheets', 'pages']),
  capacity: z.number().nonnegative(),
  remaining: z.number().nonnegative(),
  low: z.boolean(),
  source: z.enum(['estimate', 'printer']),
  /** Average use per day over the forecast window; null until some use was recorded. */
  perDay: z.number().nonnegative().nullable(),
  /** Days until it runs out at that rate; null when nothing is being used. */
  daysLeft: z.number().nonnegative().nullable(),
});
export type FleetSupply = z.infer<typeof FleetSupply>;

export const FleetDevice = z.object({
  id: z.string().min(1).max(32),
  kind: DeviceKind,
  state: DeviceState,
  healthy: z.boolean(),
  colour: FourColour,
  since: Iso,
  supplies: z.array(FleetSupply),
  canTestPrint: z.boolean(),
});
export type FleetDevice = z.infer<typeof FleetDevice>;

export const FleetTicket = z.object({
  number: z.string().max(64),
  kind: TicketKind,
  service: z.string().max(32),
  state: TicketState,
  colour: FourColour,
  createdAt: Iso,
  ageMinutes: z.number().int().nonnegative(),
  heldFen: z.number().int().nonnegative(),
  transactionId: z.string().max(64),
});
export type FleetTicket = z.infer<typeof FleetTicket>;

/** At most this many open tickets are listed in a state (the counts are always complete). */
export const MAX_TICKETS_IN_STATE = 50;

export const KioskStateMessage = z.object({
  v: z.literal(1),
  kioskId: KioskId,
  district: z.string().max(32),
  post: z.string().max(32),
  postName: z.string().max(40),
  postNameEn: z.string().max(60).optional(),
  mode: z.enum(['development', 'production']),
  version: z.string().max(40),
  at: Iso,
  startedAt: Iso,
  uptimeSeconds: z.number().int().nonnegative(),
  /** How often this kiosk sends a heartbeat: the console counts it silent after three missed. */
  heartbeatSeconds: z.number().int().positive(),
  /** The worst colour on the board. */
  colour: FourColour,
  board: Board,
  devices: z.array(FleetDevice),
  services: z.array(ServiceAvailability),
  tickets: z.object({
    counts: z.object({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
    open: z.array(FleetTicket).max(MAX_TICKETS_IN_STATE),
  }),
  voice: z.object({ level: z.enum(['ok', 'degraded']), engine: z.string().max(32).nullable() }),
  /** Events waiting for the broker in the journal, and how many were dropped when it was full. */
  outbox: z.object({ queued: z.number().int().nonnegative(), dropped: z.number().int().nonnegative() }),
});
export type KioskStateMessage = z.infer<typeof KioskStateMessage>;

// ---- heartbeat ---------------------------------------------------------------------------------

export const HeartbeatMessage = z.object({
  v: z.literal(1),
  kioskId: KioskId,
  at: Iso,
  uptimeSeconds: z.number().int().nonnegative(),
  colour: FourColour,
});
export type HeartbeatMessage = z.infer<typeof HeartbeatMessage>;

// ---- events (QoS 1, buffered in the journal while the broker is away) ---------------------------

export const FleetEventKind = z.enum([
  /** The kiosk core started (params: version). */
  'coreStarted',
  /** params: number, kind, service. */
  'ticketOpened',
  /** The ticket left the open list (verified and closed); params: number, kind. */
  'ticketClosed',
  /** params: deviceId, kind, state. */
  'deviceDown',
  'deviceBack',
  /** params: service, and device + problem or `pausedByStaff`. */
  'servicePaused',
  'serviceResumed',
  /** The kiosk's worst colour changed; params: from, to. */
  'colourChanged',
  /** The outbox was full and its oldest events were dropped; params: count. */
  'eventsDropped',
]);
export type FleetEventKind = z.infer<typeof FleetEventKind>;

export const FleetEventMessage = z.object({
  v: z.literal(1),
  kioskId: KioskId,
  /** Increases with every event at this kiosk (events dropped from a full outbox leave a gap, announced by `eventsDropped`). */
  seq: z.number().int().nonnegative(),
  at: Iso,
  kind: FleetEventKind,
  params: z.record(z.string().max(32), ParamValue),
});
export type FleetEventMessage = z.infer<typeof FleetEventMessage>;
