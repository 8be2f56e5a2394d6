/**
 * The four-colour board (contract/four-colour.ts) as one pure function of what the kiosk knows:
 * device health, counted consumables, service availability, tickets with their ages, money the
 * journal says is unresolved, and voice health. The staff console shows it; fleet telemetry will
 * publish the same value.
 */
import type { DeviceHealth, ServiceAvailability, VoiceHealth } from '../../contract/api';
import type { DeviceSnapshot } from '../../contract/device';
import {
  worstColour,
  type Board,
  type BoardItem,
  type BoardReason,
  type BoardSubject,
  type FourColour,
} from '../../contract/four-colour';
import type { ConsumableView, TicketView } from '../../contract/staff';
import type { MoneyIssue } from './money';

export interface BoardInput {
  kioskId: string;
  now: Date;
  devices: DeviceHealth;
  /** Counted consumables at or below their low mark. */
  consumablesLow: readonly { deviceId: string; view: ConsumableView }[];
  services: readonly ServiceAvailability[];
  /** Tickets not yet closed. */
  tickets: readonly Pick<TicketView, 'number' | 'kind' | 'state' | 'colour' | 'ageMinutes'>[];
  money: readonly MoneyIssue[];
  voice?: VoiceHealth;
}

const reason = (code: BoardReason['code'], params?: BoardReason['params']): BoardReason =>
  params ? { code, params } : { code };

/** Colour and reasons of one device from its driver status. */
export function deviceColour(snapshot: DeviceSnapshot): { colour: FourColour; reasons: BoardReason[] } {
  const { status } = snapshot;
  const red: BoardReason[] = [];
  const yellow: BoardReason[] = [];
  switch (status.kind) {
    case 'receiptPrinter':
      if (status.paper === 'jammed') red.push(reason('mediaJammed'));
      if (status.paper === 'out') red.push(reason('paperOut'));
      if (status.paper === 'low') yellow.push(reason('paperLow'));
      if (status.cover === 'open') red.push(reason('coverOpen'));
      if (status.cutter === 'error') red.push(reason('cutterError'));
      break;
    case 'cardPrinter':
      if (status.media === 'jammed') red.push(reason('mediaJammed'));
      if (status.cardStock === 'out') red.push(reason('cardsOut'));
      if (status.cardStock === 'low') yellow.push(reason('cardsLow'));
      if (status.ribbon === 'out') red.push(reason('ribbonOut'));
      if (status.ribbon === 'low') yellow.push(reason('ribbonLow'));
      if (status.cover === 'open') red.push(reason('coverOpen'));
      break;
    case 'documentPrinter':
      if (status.media === 'jammed' || status.paper === 'jammed') red.push(reason('mediaJammed'));
      if (status.paper === 'out') red.push(reason('paperOut'));
      if (status.paper === 'low') yellow.push(reason('paperLow'));
      if (status.toner === 'out') red.push(reason('tonerOut'));
      if (status.toner === 'low') yellow.push(reason('tonerLow'));
      if (status.cover === 'open') red.push(reason('coverOpen'));
      break;
    case 'idCardReader':
    case 'contactlessReader':
      if (status.media === 'jammed') red.push(reason('mediaJammed'));
      break;
    default:
      break; // scanners and OCR windows have no media or supplies; a new kind starts with its state alone
  }
  switch (status.device) {
    case 'starting':
      return { colour: 'yellow', reasons: [reason('deviceStarting')] };
    case 'offline':
      return { colour: 'red', reasons: [reason('deviceOffline'), ...red] };
    case 'noDevice':
      return { colour: 'red', reasons: [reason('deviceMissing')] };
    case 'hardwareError':
      return { colour: 'red', reasons: red.length > 0 ? red : [reason('deviceFault')] };
    case 'userError':
      return { colour: 'red', reasons: red.length > 0 ? red : [reason('deviceNeedsStaff')] };
    case 'online':
    case 'busy': // working on a job: judged by its media and supplies alone
      if ((status.device === 'online' && !snapshot.healthy) || red.length > 0)
        return { colour: 'red', reasons: red.length > 0 ? red : [reason('deviceFault')] };
      return yellow.length > 0
        ? { colour: 'yellow', reasons: yellow }
        : { colour: 'green', reasons: [reason('deviceReady')] };
  }
}

function ticketReason(ticket: BoardInput['tickets'][number]): BoardReason {
  const params = { number: ticket.number, kind: ticket.kind, ageMinutes: ticket.ageMinutes };
  if (ticket.state === 'resolved') return reason('ticketAwaitingVerification', params);
  if (ticket.colour === 'red') return reason('ticketLongOverdue', params);
  if (ticket.colour === 'orange') return reason('ticketOverdue', params);
  return reason(ticket.state === 'acknowledged' ? 'ticketAcknowledged' : 'ticketOpen', params);
}

const SUBJECT_ORDER: Record<BoardSubject, number> = { money: 0, device: 1, service: 2, ticket: 3, voice: 4 };
const RANK: Record<FourColour, number> = { red: 0, orange: 1, yellow: 2, green: 3 };
/** Money issues named one by one; beyond that the item says how many more. */
const MAX_MONEY_REASONS = 10;

export function fourColourBoard(input: BoardInput): Board {
  const items: BoardItem[] = [];

  const money = input.money
    .slice(0, MAX_MONEY_REASONS)
    .map((issue) =>
      reason('moneyUnresolved', { transactionId: issue.transactionId, amountFen: issue.amountFen, why: issue.why }),
    );
  items.push({
    key: 'money',
    subject: 'money',
    ref: 'money',
    colour: money.length > 0 ? 'red' : 'green',
    reasons: money.length > 0 ? money : [reason('moneySettled')],
  });

  for (const snapshot of input.devices.devices) {
    const { colour, reasons } = deviceColour(snapshot);
    const low = input.consumablesLow
      .filter((entry) => entry.deviceId === snapshot.identity.id)
      .map((entry) =>
        reason('consumableLow', { supply: entry.view.supply, remaining: entry.view.remaining, unit: entry.view.unit }),
      );
    const withLow =
      low.length === 0
        ? { colour, reasons }
        : colour === 'green'
          ? { colour: 'yellow' as const, reasons: low }
          : { colour, reasons: [...reasons, ...low] };
    items.push({
      key: `device:${snapshot.identity.id}`,
      subject: 'device',
      ref: snapshot.identity.id,
      deviceKind: snapshot.identity.kind,
      ...withLow,
    });
  }

  for (const service of input.services) {
    // Switched off at this post, or not in this build: nothing staff can follow or close.
    if (service.state === 'off' || service.state === 'notImplemented') continue;
    const entry =
      service.state === 'paused'
        ? {
            colour: 'orange' as const,
            reasons: [
              reason(
                'servicePaused',
                service.pause
                  ? 'device' in service.pause
                    ? { device: service.pause.device, problem: service.pause.problem }
                    : { problem: service.pause.problem }
                  : undefined,
              ),
            ],
          }
        : { colour: 'green' as const, reasons: [reason('serviceReady')] };
    items.push({ key: `service:${service.id}`, subject: 'service', ref: service.id, ...entry });
  }

  for (const ticket of input.tickets) {
    if (ticket.state === 'closed') continue;
    items.push({
      key: `ticket:${ticket.number}`,
      subject: 'ticket',
      ref: ticket.number,
      colour: ticket.colour,
      reasons: [ticketReason(ticket)],
    });
  }

  if (input.voice) {
    const silent = input.voice.level === 'degraded' && input.voice.engine === null;
    items.push({
      key: 'voice',
      subject: 'voice',
      ref: 'voice',
      colour: input.voice.level === 'ok' ? 'green' : 'yellow',
      reasons: [reason(input.voice.level === 'ok' ? 'voiceReady' : silent ? 'voiceSilent' : 'voiceDegraded')],
    });
  }

  const ordered = items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        RANK[a.item.colour] - RANK[b.item.colour] ||
        SUBJECT_ORDER[a.item.subject] - SUBJECT_ORDER[b.item.subject] ||
        a.index - b.index,
    )
    .map(({ item }) => item);
  const counts = { red: 0, orange: 0, yellow: 0, green: 0 };
  for (const item of ordered) counts[item.colour]++;
  return {
    kioskId: input.kioskId,
    at: input.now.toISOString(),
    colour: worstColour(ordered.map((i) => i.colour)),
    counts,
    items: ordered,
  };
}
