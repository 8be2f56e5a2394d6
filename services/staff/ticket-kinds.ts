/**
 * What a ticket is about, and what the resident was told, derived from the reason the flow or
 * start-up recovery recorded (services/temp-id/flow.ts, services/recovery/recovery.ts). The flows
 * are not changed to carry this: their reason sentences are stable, and these rules are tested
 * against the exact sentences they write. A reason that matches nothing is `other`, told nothing.
 */
import type { ResidentTold, TicketKind } from '../../contract/staff';
import { UNANSWERED_TICKET_PREFIX } from '../help-call/kiosk-calls';

export interface TicketMeaning {
  kind: TicketKind;
  told: ResidentTold;
}

/** Start-up recovery works after a restart: the resident was no longer at the screen. */
const AFTER_RESTART = /restart|at start-up|print failed after payment \(/;

export function ticketMeaning(reason: string): TicketMeaning {
  // services/help-call/kiosk-calls.ts: a video call to the duty desk nobody answered.
  if (reason.startsWith(UNANSWERED_TICKET_PREFIX)) return { kind: 'helpCallUnanswered', told: 'dutyPhone' };
  const afterRestart = AFTER_RESTART.test(reason);
  if (/receipt not printed/.test(reason))
    return { kind: 'receiptPending', told: afterRestart ? 'notTold' : 'receiptByStaff' };
  if (/refund failed, money still taken/.test(reason))
    return { kind: 'refundNeedsStaff', told: afterRestart ? 'notTold' : 'refundByStaff' };
  if (/payment state unknown/.test(reason))
    return { kind: 'moneyUnknown', told: afterRestart ? 'notTold' : 'unknownByStaff' };
  if (/; refunded/.test(reason)) return { kind: 'cardNotPrinted', told: afterRestart ? 'notTold' : 'refunded' };
  return { kind: 'other', told: 'notTold' };
}

/** Tickets about money: the money itself is followed on the board until it is settled. */
export const isMoneyTicket = (kind: TicketKind): boolean => kind === 'refundNeedsStaff' || kind === 'moneyUnknown';
