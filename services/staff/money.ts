/**
 * Money unresolved: money the journal says was taken and that is neither delivered for nor refunded
 * nor closed by staff. Three cases turn the board red:
 *  - an open transaction still holding money longer than a flow needs to settle it;
 *  - a transaction handed to staff (the refund failed) that still holds money while its ticket is
 *    not closed;
 *  - a payment whose state is unknown (its ticket is not closed).
 */
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';

export type MoneyWhy = 'heldAfterFailure' | 'refundFailed' | 'stateUnknown';

export interface MoneyIssue {
  transactionId: string;
  amountFen: number;
  why: MoneyWhy;
  since: string;
}

/** Paid and not refunded, in fen (refunds are matched to their order by the step's key). */
export function heldFen(tx: TransactionWithSteps): number {
  const refunded = new Set(tx.steps.filter((s) => s.kind === 'refunded').map((s) => s.idempotencyKey));
  return tx.steps
    .filter((s) => s.kind === 'paid' && !refunded.has(s.idempotencyKey))
    .reduce((sum, s) => sum + Number(s.data.amountFen ?? 0), 0);
}

export const delivered = (tx: TransactionWithSteps): boolean => tx.steps.some((s) => s.kind === 'printed');

export interface MoneyScanInput {
  journal: Journal;
  now: Date;
  settleMs: number;
  /** Transactions with a money ticket that is not closed, and the ticket kind. */
  openMoneyTickets: readonly { transactionId: string; kind: 'refundNeedsStaff' | 'moneyUnknown' }[];
}

export function moneyIssues({ journal, now, settleMs, openMoneyTickets }: MoneyScanInput): MoneyIssue[] {
  const issues = new Map<string, MoneyIssue>();
  const rows = journal.database
    .prepare<[], { id: string }>(
      `SELECT DISTINCT t.id FROM transactions t JOIN steps s ON s.transaction_id = t.id AND s.kind = 'paid'
       WHERE t.status IN ('open', 'handedToStaff') ORDER BY t.created_at`,
    )
    .all();
  const ticketed = new Map(openMoneyTickets.map((t) => [t.transactionId, t.kind]));
  for (const { id } of rows) {
    const tx = journal.find(id);
    if (!tx) continue;
    const held = heldFen(tx);
    if (held <= 0 || delivered(tx)) continue;
    const paidAt = tx.steps.find((s) => s.kind === 'paid')?.at ?? tx.createdAt;
    if (tx.status === 'open' && now.getTime() - Date.parse(paidAt) >= settleMs) {
      issues.set(id, { transactionId: id, amountFen: held, why: 'heldAfterFailure', since: paidAt });
    } else if (tx.status === 'handedToStaff' && ticketed.has(id)) {
      issues.set(id, { transactionId: id, amountFen: held, why: 'refundFailed', since: paidAt });
    }
  }
  for (const { transactionId, kind } of openMoneyTickets) {
    if (kind !== 'moneyUnknown' || issues.has(transactionId)) continue;
    const tx = journal.find(transactionId);
    if (!tx) continue;
    issues.set(transactionId, { transactionId, amountFen: tx.amountFen, why: 'stateUnknown', since: tx.updatedAt });
  }
  return [...issues.values()];
}
