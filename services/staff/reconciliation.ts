/**
 * Reconciliation of one day: the payment provider's statement (gateway `getProviderStatement`)
 * against the journal's `paid` and `refunded` steps, matched by order id. Every charge and refund
 * either matches (same order, same amount) or is listed as a mismatch with its transaction. A step
 * booked on one side just before midnight and on the other just after is looked up on the
 * neighbouring day instead of being reported.
 */
import { calendarDate, wallClock } from '../../contract/clock';
import type { Mismatch, ReconciliationReport } from '../../contract/reconciliation';
import type { PoliceGateway, ProviderStatement, StatementEntry } from '../gateway/types';
import type { Journal } from '../journal/journal';
import { delivered, heldFen } from './money';

export type ReconcileResult =
  | { ok: true; report: ReconciliationReport }
  | { ok: false; reason: 'statementUnavailable' | 'dateInFuture'; message: string };

export interface ReconcileInput {
  journal: Journal;
  gateway: Pick<PoliceGateway, 'getProviderStatement'>;
  date: string;
  kioskId: string;
  timeZone: string;
  now: Date;
  /** A paid transaction still open for less than this is a flow in progress, not a mismatch. */
  settleMs: number;
}

interface JournalMoney {
  transactionId: string;
  orderId: string;
  fen: number;
  at: string;
  reference?: string;
}

const DAY_MS = 86_400_000;
/** Steps this close to midnight may be booked on the other day by the provider. */
const BOUNDARY_MS = 10 * 60_000;

function journalSteps(journal: Journal, kind: 'paid' | 'refunded', fromIso: string, toIso: string): JournalMoney[] {
  return journal.database
    .prepare<[string, string, string], { transaction_id: string; idempotency_key: string; data: string; at: string }>(
      `SELECT transaction_id, idempotency_key, data, at FROM steps WHERE kind = ? AND at >= ? AND at < ? ORDER BY at`,
    )
    .all(kind, fromIso, toIso)
    .map((row) => {
      const data = JSON.parse(row.data) as { amountFen?: unknown; providerTransactionId?: unknown; refundId?: unknown };
      const reference =
        typeof data.providerTransactionId === 'string'
          ? data.providerTransactionId
          : typeof data.refundId === 'string'
            ? data.refundId
            : undefined;
      return {
        transactionId: row.transaction_id,
        orderId: row.idempotency_key,
        fen: Number(data.amountFen ?? 0),
        at: row.at,
        ...(reference ? { reference } : {}),
      };
    });
}

const shiftDay = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const { journal, gateway, date, timeZone } = input;
  if (date > calendarDate(input.now, timeZone))
    return { ok: false, reason: 'dateInFuture', message: `${date} has not begun yet` };
  const fetched = await gateway.getProviderStatement({ date });
  if (!fetched.ok)
    return {
      ok: false,
      reason: 'statementUnavailable',
      message: `the provider statement for ${date} is not available: ${fetched.error.message}`.slice(0, 300),
    };
  const statement = fetched.value;

  // Two days either side in UTC covers the post's day whatever its zone; then filter by the post's calendar.
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - 2 * DAY_MS).toISOString();
  const to = new Date(Date.parse(`${date}T00:00:00Z`) + 3 * DAY_MS).toISOString();
  const onDay = (step: JournalMoney) => calendarDate(new Date(step.at), timeZone) === date;
  const paidNear = journalSteps(journal, 'paid', from, to);
  const refundedNear = journalSteps(journal, 'refunded', from, to);
  const paid = paidNear.filter(onDay);
  const refunded = refundedNear.filter(onDay);
  const everPaid = (orderId: string) => paidNear.find((s) => s.orderId === orderId) ?? findPaid(journal, orderId);

  const mismatches: Mismatch[] = [];
  let matched = 0;
  const charges = statement.entries.filter((e) => e.kind === 'charge');
  const refunds = statement.entries.filter((e) => e.kind === 'refund');

  // Charges the provider booked on this day.
  for (const charge of charges) {
    const mine = paid.find((s) => s.orderId === charge.orderId);
    if (mine) {
      if (mine.fen === charge.amountFen) matched++;
      else
        mismatches.push({
          kind: 'amountDiffers',
          transactionId: mine.transactionId,
          orderId: charge.orderId,
          providerReference: charge.reference,
          journalFen: mine.fen,
          providerFen: charge.amountFen,
        });
    } else if (!everPaid(charge.orderId)) {
      mismatches.push({
        kind: 'chargeWithoutJournal',
        transactionId: transactionOfOrder(journal, charge.orderId),
        orderId: charge.orderId,
        providerReference: charge.reference,
        providerFen: charge.amountFen,
      });
    }
  }
  // Payments the journal recorded on this day that the provider did not book (here or, near midnight, on the next/previous day).
  const neighbours = new Map<string, ProviderStatement | null>();
  const bookedNearby = async (step: JournalMoney, kind: StatementEntry['kind']): Promise<boolean> => {
    const at = Date.parse(step.at);
    const localMidnight = Date.parse(`${date}T00:00:00Z`) - offsetMs(new Date(at), timeZone);
    const days = [at - localMidnight < BOUNDARY_MS ? -1 : 0, localMidnight + DAY_MS - at < BOUNDARY_MS ? 1 : 0].filter(
      (d) => d !== 0,
    );
    for (const shift of days) {
      const day = shiftDay(date, shift);
      if (!neighbours.has(day)) {
        const other =
          day > calendarDate(input.now, timeZone) ? undefined : await gateway.getProviderStatement({ date: day });
        neighbours.set(day, other?.ok ? other.value : null);
      }
      if (neighbours.get(day)?.entries.some((e) => e.kind === kind && e.orderId === step.orderId)) return true;
    }
    return false;
  };
  for (const step of paid) {
    if (charges.some((c) => c.orderId === step.orderId)) continue;
    if (await bookedNearby(step, 'charge')) continue;
    mismatches.push({
      kind: 'journalChargeMissing',
      transactionId: step.transactionId,
      orderId: step.orderId,
      journalFen: step.fen,
      ...(step.reference ? { providerReference: step.reference } : {}),
    });
  }

  // Refunds, per order.
  const refundOrders = new Set([...refunds.map((r) => r.orderId), ...refunded.map((r) => r.orderId)]);
  for (const orderId of refundOrders) {
    const theirs = refunds.filter((r) => r.orderId === orderId);
    const mine = refunded.filter((r) => r.orderId === orderId);
    const theirFen = theirs.reduce((sum, r) => sum + r.amountFen, 0);
    const myFen = mine.reduce((sum, r) => sum + r.fen, 0);
    const chargedFen = everPaid(orderId)?.fen ?? charges.find((c) => c.orderId === orderId)?.amountFen;
    const transactionId =
      mine[0]?.transactionId ?? everPaid(orderId)?.transactionId ?? transactionOfOrder(journal, orderId);
    const reference = theirs
      .map((r) => r.reference)
      .join(' ')
      .slice(0, 64);
    if (theirs.length > 1 || (chargedFen !== undefined && theirFen > chargedFen)) {
      mismatches.push({
        kind: 'refundedTwice',
        transactionId,
        orderId,
        providerReference: reference,
        journalFen: myFen,
        providerFen: theirFen,
      });
    } else if (theirs.length > 0 && mine.length === 0) {
      if (!refundedNear.some((r) => r.orderId === orderId) && !findRefunded(journal, orderId)) {
        mismatches.push({
          kind: 'refundWithoutJournal',
          transactionId,
          orderId,
          providerReference: reference,
          providerFen: theirFen,
        });
      }
    } else if (theirs.length === 0 && mine.length > 0) {
      if (!(await bookedNearby(mine[0]!, 'refund')))
        mismatches.push({ kind: 'journalRefundMissing', transactionId, orderId, journalFen: myFen });
    } else if (theirFen === myFen) {
      matched++;
    } else {
      mismatches.push({
        kind: 'amountDiffers',
        transactionId,
        orderId,
        providerReference: reference,
        journalFen: myFen,
        providerFen: theirFen,
      });
    }
  }

  // Paid on this day, nothing delivered, nothing refunded: the resident is owed something.
  for (const transactionId of new Set(paid.map((s) => s.transactionId))) {
    const tx = journal.find(transactionId);
    if (!tx || delivered(tx) || heldFen(tx) <= 0) continue;
    if (tx.status === 'open' && input.now.getTime() - Date.parse(tx.updatedAt) < input.settleMs) continue;
    mismatches.push({
      kind: 'paidNotDelivered',
      transactionId,
      orderId: paid.find((s) => s.transactionId === transactionId)!.orderId,
      journalFen: heldFen(tx),
    });
  }

  const sum = (steps: JournalMoney[]) => ({ count: steps.length, fen: steps.reduce((total, s) => total + s.fen, 0) });
  return {
    ok: true,
    report: {
      date,
      kioskId: input.kioskId,
      generatedAt: input.now.toISOString(),
      journal: { charges: sum(paid), refunds: sum(refunded) },
      provider: {
        charges: { count: charges.length, fen: statement.totals.chargesFen },
        refunds: { count: refunds.length, fen: statement.totals.refundsFen },
        feesFen: statement.totals.feesFen,
        netFen: statement.totals.netFen,
      },
      matched,
      mismatches,
    },
  };
}

/** Milliseconds the zone is ahead of UTC at `at`. */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const wallAsUtc = Date.UTC(
    Number(w.year),
    Number(w.month) - 1,
    Number(w.day),
    Number(w.hour),
    Number(w.minute),
    Number(w.second),
  );
  return wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

function findPaid(journal: Journal, orderId: string): JournalMoney | undefined {
  const row = journal.database
    .prepare<[string], { transaction_id: string; data: string; at: string }>(
      `SELECT transaction_id, data, at FROM steps WHERE kind = 'paid' AND idempotency_key = ? LIMIT 1`,
    )
    .get(orderId);
  return row
    ? {
        transactionId: row.transaction_id,
        orderId,
        fen: Number((JSON.parse(row.data) as { amountFen?: unknown }).amountFen ?? 0),
        at: row.at,
      }
    : undefined;
}

const findRefunded = (journal: Journal, orderId: string): boolean =>
  journal.database
    .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM steps WHERE kind = 'refunded' AND idempotency_key = ?`)
    .get(orderId)!.n > 0;

/** The transaction that created an order (even if it never recorded a payment). */
function transactionOfOrder(journal: Journal, orderId: string): string | null {
  const row = journal.database
    .prepare<[string], { transaction_id: string }>(
      `SELECT transaction_id FROM steps WHERE kind = 'paymentCreated' AND json_extract(data, '$.orderId') = ? LIMIT 1`,
    )
    .get(orderId);
  return row?.transaction_id ?? null;
}
