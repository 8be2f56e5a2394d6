/**
 * The retained state a kiosk publishes (contract/fleet/messages.ts), built from the same sources as
 * the staff console: its four-colour board, device views with counted consumables, service
 * availability, the ticket book and voice health. Nothing is computed a second time; this only
 * selects and reshapes, and leaves out every free-text field (ticket reasons, staff notes, who
 * refilled what) so that nothing personal can slip into telemetry.
 */
import type { ServiceAvailability, VoiceHealth } from '../../contract/api';
import type { Board } from '../../contract/four-colour';
import { MAX_TICKETS_IN_STATE, type FleetDevice, type KioskStateMessage } from '../../contract/fleet/messages';
import type { DeviceConsoleView, SupplyId, TicketView } from '../../contract/staff';
import type { Forecast } from './forecast';

export interface StateSources {
  kioskId: string;
  district: string;
  post: string;
  postName: string;
  postNameEn?: string;
  mode: 'development' | 'production';
  version: string;
  startedAt: Date;
  heartbeatSeconds: number;
  board(): Board;
  devices(): DeviceConsoleView[];
  services(): ServiceAvailability[];
  tickets(): TicketView[];
  voice(): VoiceHealth;
  outbox(): { queued: number; dropped: number };
  forecast(deviceId: string, supply: SupplyId, remaining: number, at: Date): Forecast;
}

export function buildState(sources: StateSources, now: Date): KioskStateMessage {
  const board = sources.board();
  const devices: FleetDevice[] = sources.devices().map((device) => ({
    id: device.id,
    kind: device.kind,
    state: device.state,
    healthy: device.healthy,
    colour: device.colour,
    since: device.since,
    canTestPrint: device.canTestPrint,
    supplies: device.supplies.map((supply) => ({
      supply: supply.supply,
      unit: supply.unit,
      capacity: supply.capacity,
      remaining: supply.remaining,
      low: supply.low,
      source: supply.source,
      ...sources.forecast(device.id, supply.supply, supply.remaining, now),
    })),
  }));
  const open = sources.tickets().filter((ticket) => ticket.state !== 'closed');
  const counts = { red: 0, orange: 0, yellow: 0, green: 0 };
  for (const ticket of open) counts[ticket.colour]++;
  const voice = sources.voice();
  return {
    v: 1,
    kioskId: sources.kioskId,
    district: sources.district,
    post: sources.post,
    postName: sources.postName,
    ...(sources.postNameEn ? { postNameEn: sources.postNameEn } : {}),
    mode: sources.mode,
    version: sources.version,
    at: now.toISOString(),
    startedAt: sources.startedAt.toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - sources.startedAt.getTime()) / 1000)),
    heartbeatSeconds: sources.heartbeatSeconds,
    colour: board.colour,
    board,
    devices,
    services: sources.services(),
    tickets: {
      counts,
      // Oldest first, as staff work them; the counts above stay complete.
      open: open.slice(0, MAX_TICKETS_IN_STATE).map((ticket) => ({
        number: ticket.number,
        kind: ticket.kind,
        service: ticket.service,
        state: ticket.state,
        colour: ticket.colour,
        createdAt: ticket.createdAt,
        ageMinutes: ticket.ageMinutes,
        heldFen: ticket.heldFen,
        transactionId: ticket.transactionId,
      })),
    },
    voice: { level: voice.level, engine: voice.engine },
    outbox: sources.outbox(),
  };
}

/** The part of a state that matters for "did it change?": not the clock, the uptime or ticket ages. */
export function comparableState(state: KioskStateMessage): string {
  const { at: _at, uptimeSeconds: _up, board, tickets, ...rest } = state;
  const { at: _boardAt, items, ...boardRest } = board;
  return JSON.stringify({
    ...rest,
    board: { ...boardRest, items: items.map((item) => ({ ...item, reasons: item.reasons.map(({ code, params }) => ({ code, params: params ? { ...params, ageMinutes: undefined } : undefined })) })) },
    tickets: { counts: tickets.counts, open: tickets.open.map(({ ageMinutes: _age, ...ticket }) => ticket) },
  });
}
