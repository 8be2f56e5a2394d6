/**
 * The four-colour board (四色预警): the kiosk's own operations as staff read them at a glance, in the
 * red / orange / yellow / green vocabulary of police closed-loop work. Every item is followed until
 * it is green again.
 *
 *   red     a device is down, or money is unresolved (taken and neither delivered nor refunded)
 *   orange  a service is paused, or a ticket is open past its deadline
 *   yellow  consumables low, a warning, a ticket open (or waiting to be verified)
 *   green   ready
 *
 * This is a stable, documented, JSON-safe shape: the staff console renders it, and fleet telemetry
 * publishes the same object. Reasons are codes with parameters (never free text, never personal
 * data); each screen or dashboard words them in its own language (`staff.reason.<code>` in the UI).
 * New codes may be added; existing codes keep their meaning.
 */
import { z } from 'zod';

export const FourColour = z.enum(['red', 'orange', 'yellow', 'green']);
export type FourColour = z.infer<typeof FourColour>;

/** Severity order: the board and each item take the worst colour of their parts. */
export const COLOUR_RANK: Readonly<Record<FourColour, number>> = { green: 0, yellow: 1, orange: 2, red: 3 };

export function worstColour(colours: Iterable<FourColour>): FourColour {
  let worst: FourColour = 'green';
  for (const colour of colours) if (COLOUR_RANK[colour] > COLOUR_RANK[worst]) worst = colour;
  return worst;
}

export const BoardReasonCode = z.enum([
  // devices (status from the driver)
  'deviceReady',
  'deviceStarting',
  'deviceOffline',
  'deviceMissing',
  'deviceFault',
  'deviceNeedsStaff',
  'paperOut',
  'paperLow',
  'coverOpen',
  'cutterError',
  'cardsOut',
  'cardsLow',
  'ribbonOut',
  'ribbonLow',
  'tonerOut',
  'tonerLow',
  'mediaJammed',
  /** A consumable counted by the kiosk (paper length, cards, ribbon panels…) is low; params: supply, remaining, unit. */
  'consumableLow',
  // services
  'serviceReady',
  /** params: device (kind), problem; or problem `pausedByStaff` alone (paused from the fleet console). */
  'servicePaused',
  // money
  'moneySettled',
  /** params: transactionId, amountFen, why (heldAfterFailure | refundFailed | stateUnknown). */
  'moneyUnresolved',
  // tickets (params: number, kind, ageMinutes)
  'ticketOpen',
  'ticketAcknowledged',
  'ticketOverdue',
  'ticketLongOverdue',
  'ticketAwaitingVerification',
  // voice
  'voiceReady',
  'voiceDegraded',
  'voiceSilent',
]);
export type BoardReasonCode = z.infer<typeof BoardReasonCode>;

export const BoardReason = z.object({
  code: BoardReasonCode,
  /** Values the words need (an amount in fen, a transaction number, minutes). */
  params: z.record(z.string().max(32), z.union([z.string().max(64), z.number()])).optional(),
});
export type BoardReason = z.infer<typeof BoardReason>;

export const BoardSubject = z.enum(['device', 'service', 'money', 'ticket', 'voice']);
export type BoardSubject = z.infer<typeof BoardSubject>;

export const BoardItem = z.object({
  /** Stable key: `device:<id>`, `service:<id>`, `money`, `ticket:<number>`, `voice`. */
  key: z.string().min(1).max(80),
  subject: BoardSubject,
  /** The device id, service id, ticket number, or 'money' / 'voice'. */
  ref: z.string().min(1).max(64),
  /** The device kind, for device items (lets a screen show the right icon and words). */
  deviceKind: z.string().max(32).optional(),
  colour: FourColour,
  /** Why it has that colour, worst first; at least one. */
  reasons: z.array(BoardReason).min(1),
});
export type BoardItem = z.infer<typeof BoardItem>;

export const Board = z.object({
  kioskId: z.string(),
  /** ISO instant the board was computed (ticket ages are as of this moment). */
  at: z.string(),
  /** The worst colour on the board. */
  colour: FourColour,
  counts: z.object({
    red: z.number().int(),
    orange: z.number().int(),
    yellow: z.number().int(),
    green: z.number().int(),
  }),
  /** Worst first; within a colour: money, devices, services, tickets, voice. */
  items: z.array(BoardItem),
});
export type Board = z.infer<typeof Board>;
