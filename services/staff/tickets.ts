/**
 * Staff tickets as a closed loop: open → acknowledged (by whom) → resolved (what was done, a note,
 * by whom) → verified and closed (by whom). The flows open tickets through the journal
 * (`openTicket`); this module moves them along. Every transition is one guarded UPDATE inside a
 * transaction, so the same step twice (two taps, two screens) happens once and the second answers
 * with why not. Colours: an open ticket is yellow, orange past its deadline, red past the second.
 */
import type Database from 'better-sqlite3';
import type { FourColour } from '../../contract/four-colour';
import type { ResolutionAction, StaffRefusalReason, TicketState, TicketView } from '../../contract/staff';
import type { Journal } from '../journal/journal';
import { heldFen } from './money';
import { ticketMeaning } from './ticket-kinds';

interface TicketRow {
  id: number;
  number: string;
  transaction_id: string;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_by: string | null;
  resolution_action: string | null;
  closed_at: string | null;
  closed_by: string | null;
}

export interface TicketDeadlines {
  orangeAfterMs: number;
  redAfterMs: number;
}

export type TicketResult =
  { ok: true; ticket: TicketView } | { ok: false; reason: StaffRefusalReason; message: string };

export interface TicketBook {
  /** Tickets not yet closed (closed ones too when asked), oldest first. */
  list(options?: { includeClosed?: boolean }): TicketView[];
  get(ticketId: number): TicketView | undefined;
  acknowledge(ticketId: number, staffId: string): TicketResult;
  resolve(ticketId: number, staffId: string, action: ResolutionAction, note: string): TicketResult;
  close(ticketId: number, staffId: string): TicketResult;
}

export function ticketState(row: Pick<TicketRow, 'closed_at' | 'resolved_at' | 'acknowledged_at'>): TicketState {
  if (row.closed_at !== null) return 'closed';
  if (row.resolved_at !== null) return 'resolved';
  if (row.acknowledged_at !== null) return 'acknowledged';
  return 'open';
}

/** A ticket's colour: closed green; resolved (waiting to be verified) yellow; otherwise by age. */
export function ticketColour(state: TicketState, ageMs: number, deadlines: TicketDeadlines): FourColour {
  if (state === 'closed') return 'green';
  if (state === 'resolved') return 'yellow';
  if (ageMs >= deadlines.redAfterMs) return 'red';
  if (ageMs >= deadlines.orangeAfterMs) return 'orange';
  return 'yellow';
}

const RESOLUTION_ACTIONS: readonly ResolutionAction[] = [
  'refundMade',
  'cardHandedOver',
  'receiptReprinted',
  'noMoneyTaken',
  'other',
];

export function createTicketBook(
  journal: Journal,
  options: { deadlines: TicketDeadlines; now?: () => Date; staffName?: (staffId: string) => string },
): TicketBook {
  const db: Database.Database = journal.database;
  const now = options.now ?? (() => new Date());
  const name = (staffId: string | null) => (staffId === null ? '' : (options.staffName?.(staffId) ?? staffId));
  const byId = db.prepare<[number], TicketRow>(`SELECT * FROM staff_tickets WHERE id = ?`);
  const notClosed = db.prepare<[], TicketRow>(`SELECT * FROM staff_tickets WHERE closed_at IS NULL ORDER BY id`);
  const all = db.prepare<[], TicketRow>(`SELECT * FROM staff_tickets ORDER BY id`);
  const acknowledge = db.prepare(
    `UPDATE staff_tickets SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL AND resolved_at IS NULL AND closed_at IS NULL`,
  );
  const resolve = db.prepare(
    `UPDATE staff_tickets SET resolved_at = @at, resolved_by = @by, resolution_action = @action, resolution = @note,
            acknowledged_at = coalesce(acknowledged_at, @at), acknowledged_by = coalesce(acknowledged_by, @by)
     WHERE id = @id AND resolved_at IS NULL AND closed_at IS NULL`,
  );
  const close = db.prepare(
    `UPDATE staff_tickets SET closed_at = ?, closed_by = ? WHERE id = ? AND resolved_at IS NOT NULL AND closed_at IS NULL`,
  );

  const view = (row: TicketRow): TicketView => {
    const tx = journal.find(row.transaction_id);
    const state = ticketState(row);
    const ageMs = Math.max(0, now().getTime() - Date.parse(row.created_at));
    const meaning = ticketMeaning(row.reason);
    const action = RESOLUTION_ACTIONS.find((a) => a === row.resolution_action) ?? 'other';
    return {
      id: row.id,
      number: row.number,
      transactionId: row.transaction_id,
      service: tx?.service ?? 'unknown',
      kind: meaning.kind,
      state,
      colour: ticketColour(state, ageMs, options.deadlines),
      reason: row.reason,
      told: meaning.told,
      amountFen: tx?.amountFen ?? 0,
      heldFen: tx ? heldFen(tx) : 0,
      createdAt: row.created_at,
      ageMinutes: Math.floor(ageMs / 60_000),
      ...(row.acknowledged_at !== null
        ? { acknowledged: { at: row.acknowledged_at, by: name(row.acknowledged_by) } }
        : {}),
      ...(row.resolved_at !== null
        ? {
            resolved: {
              at: row.resolved_at,
              by: name(row.resolved_by),
              action,
              note: (row.resolution ?? '').slice(0, 200),
            },
          }
        : {}),
      ...(row.closed_at !== null ? { closed: { at: row.closed_at, by: name(row.closed_by) } } : {}),
    };
  };

  /** Why a transition did not apply to a ticket in `state`. */
  const refusal = (
    ticketId: number,
    state: TicketState | undefined,
    wanted: 'acknowledge' | 'resolve' | 'close',
  ): TicketResult => {
    if (state === undefined) return { ok: false, reason: 'noSuchTicket', message: `no ticket ${ticketId}` };
    if (state === 'closed')
      return { ok: false, reason: 'alreadyClosed', message: `ticket ${ticketId} is already closed` };
    if (wanted === 'close')
      return { ok: false, reason: 'notResolved', message: `ticket ${ticketId} is ${state}: resolve it before closing` };
    if (state === 'resolved')
      return { ok: false, reason: 'alreadyResolved', message: `ticket ${ticketId} is already resolved` };
    return { ok: false, reason: 'alreadyAcknowledged', message: `ticket ${ticketId} is already acknowledged` };
  };

  const transition = (
    ticketId: number,
    wanted: 'acknowledge' | 'resolve' | 'close',
    apply: (at: string) => number,
  ): TicketResult =>
    db.transaction((): TicketResult => {
      const changed = apply(now().toISOString());
      const row = byId.get(ticketId);
      if (changed === 0 || !row) return refusal(ticketId, row ? ticketState(row) : undefined, wanted);
      return { ok: true, ticket: view(row) };
    })();

  return {
    list: ({ includeClosed = false } = {}) => (includeClosed ? all : notClosed).all().map(view),
    get(ticketId) {
      const row = byId.get(ticketId);
      return row ? view(row) : undefined;
    },
    acknowledge: (ticketId, staffId) =>
      transition(ticketId, 'acknowledge', (at) => acknowledge.run(at, staffId, ticketId).changes),
    resolve: (ticketId, staffId, action, note) =>
      transition(
        ticketId,
        'resolve',
        (at) => resolve.run({ at, by: staffId, action, note: note.trim().slice(0, 200), id: ticketId }).changes,
      ),
    close: (ticketId, staffId) => transition(ticketId, 'close', (at) => close.run(at, staffId, ticketId).changes),
  };
}
