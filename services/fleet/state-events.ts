/**
 * Events derived from two successive states: a ticket that appeared or left the open list, a
 * device that went down or came back, a service paused or resumed, the kiosk's colour changing.
 * Deriving them from the published state (rather than hooking every module that opens a ticket)
 * means an event can never disagree with the state the console shows. Pure.
 */
import type { FleetEventKind, FleetEventMessage, KioskStateMessage } from '../../contract/fleet/messages';

export interface DerivedEvent {
  kind: Exclude<FleetEventKind, 'eventsDropped' | 'coreStarted'>;
  params: FleetEventMessage['params'];
}

export function stateEvents(previous: KioskStateMessage, next: KioskStateMessage): DerivedEvent[] {
  const events: DerivedEvent[] = [];
  const before = new Map(previous.tickets.open.map((t) => [t.number, t]));
  const after = new Map(next.tickets.open.map((t) => [t.number, t]));
  // A state lists at most MAX_TICKETS_IN_STATE tickets: only one that leaves while the list was not full has closed.
  const complete = (state: KioskStateMessage) => state.tickets.open.length === Object.values(state.tickets.counts).reduce((a, b) => a + b, 0);
  for (const [number, ticket] of after)
    if (!before.has(number)) events.push({ kind: 'ticketOpened', params: { number, kind: ticket.kind, service: ticket.service } });
  if (complete(previous) && complete(next))
    for (const [number, ticket] of before) if (!after.has(number)) events.push({ kind: 'ticketClosed', params: { number, kind: ticket.kind } });

  const devicesBefore = new Map(previous.devices.map((d) => [d.id, d]));
  for (const device of next.devices) {
    const was = devicesBefore.get(device.id);
    if (!was || was.healthy === device.healthy) continue;
    events.push({ kind: device.healthy ? 'deviceBack' : 'deviceDown', params: { deviceId: device.id, kind: device.kind, state: device.state } });
  }

  const servicesBefore = new Map(previous.services.map((s) => [s.id, s]));
  for (const service of next.services) {
    const was = servicesBefore.get(service.id);
    if (!was || (was.state === 'paused') === (service.state === 'paused')) continue;
    if (service.state === 'paused') {
      const pause = service.pause;
      events.push({ kind: 'servicePaused', params: { service: service.id, ...(pause ? ('device' in pause ? { device: pause.device, problem: pause.problem } : { problem: pause.problem }) : {}) } });
    } else if (was.state === 'paused') events.push({ kind: 'serviceResumed', params: { service: service.id } });
  }

  if (previous.colour !== next.colour) events.push({ kind: 'colourChanged', params: { from: previous.colour, to: next.colour } });
  return events;
}
