import { describe, expect, it } from 'vitest';
import type { FleetTicket, KioskStateMessage } from '../../contract/fleet/messages';
import { stateEvents } from './state-events';

const ticket = (number: string): FleetTicket => ({ number, kind: 'receiptPending', service: 'tempIdCard', state: 'open', colour: 'yellow', createdAt: '2026-05-01T08:00:00Z', ageMinutes: 1, heldFen: 1000, transactionId: 'T1' });
function state(over: { tickets?: FleetTicket[]; cardHealthy?: boolean; paused?: 'device' | 'staff'; colour?: KioskStateMessage['colour'] } = {}): KioskStateMessage {
  const open = over.tickets ?? [];
  return {
    colour: over.colour ?? 'green',
    tickets: { counts: { red: 0, orange: 0, yellow: open.length, green: 0 }, open },
    devices: [{ id: 'cardPrinter', kind: 'cardPrinter', state: over.cardHealthy === false ? 'userError' : 'online', healthy: over.cardHealthy ?? true, colour: 'green', since: '', supplies: [], canTestPrint: true }],
    services: [
      over.paused === 'device'
        ? { id: 'tempIdCard', available: false, state: 'paused', pause: { device: 'cardPrinter', problem: 'suppliesOut' } }
        : over.paused === 'staff'
          ? { id: 'tempIdCard', available: false, state: 'paused', pause: { problem: 'pausedByStaff', since: '' } }
          : { id: 'tempIdCard', available: true, state: 'ready' },
    ],
  } as unknown as KioskStateMessage;
}

describe('events derived from two states', () => {
  it('tickets opened and closed; devices down and back; services paused and resumed; colour changes', () => {
    expect(stateEvents(state(), state())).toEqual([]);
    expect(stateEvents(state({ tickets: [ticket('W-1')] }), state({ tickets: [ticket('W-2')], cardHealthy: false, paused: 'device', colour: 'red' }))).toEqual([
      { kind: 'ticketOpened', params: { number: 'W-2', kind: 'receiptPending', service: 'tempIdCard' } },
      { kind: 'ticketClosed', params: { number: 'W-1', kind: 'receiptPending' } },
      { kind: 'deviceDown', params: { deviceId: 'cardPrinter', kind: 'cardPrinter', state: 'userError' } },
      { kind: 'servicePaused', params: { service: 'tempIdCard', device: 'cardPrinter', problem: 'suppliesOut' } },
      { kind: 'colourChanged', params: { from: 'green', to: 'red' } },
    ]);
    expect(stateEvents(state({ paused: 'device', cardHealthy: false }), state())).toEqual([
      { kind: 'deviceBack', params: { deviceId: 'cardPrinter', kind: 'cardPrinter', state: 'online' } },
      { kind: 'serviceResumed', params: { service: 'tempIdCard' } },
    ]);
    expect(stateEvents(state(), state({ paused: 'staff' }))).toEqual([{ kind: 'servicePaused', params: { service: 'tempIdCard', problem: 'pausedByStaff' } }]);
  });

  it('a ticket that drops out of a full list has not necessarily closed', () => {
    const full = state({ tickets: [ticket('W-1')] });
    full.tickets.counts.yellow = 60; // the state lists 50 at most; the counts stay complete
    expect(stateEvents(full, { ...full, tickets: { ...full.tickets, open: [] } })).toEqual([]);
  });
});
