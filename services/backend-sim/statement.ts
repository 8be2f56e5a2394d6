/**
 * The simulated payment provider's daily statement, read from what the provider actually moved
 * (`provider_ledger`), and a control that makes the provider's books disagree with the kiosk's in
 * the ways reconciliation must catch.
 *
 * Fees: 0.6 % of each charge (the standard WeChat Pay / Alipay rate for ordinary merchants), rounded
 * to the fen; a refund returns the fee of the refunded amount (as both providers do for full refunds).
 */
import { createHash } from 'node:crypto';
import type * as s from '../gateway/schemas';
import type { ProviderStatement } from '../gateway/statement-schemas';
import { nextCounter, type SimDatabase } from './db';
import { beijingDate } from './traffic-rules';

/** Provider fee in hundredths of a percent: 60 = 0.6 %. */
export const FEE_BASIS_POINTS = 60;
export const feeOf = (amountFen: number): number => Math.round((amountFen * FEE_BASIS_POINTS) / 10_000);

export type StatementMismatch =
  /** The provider charged an order the kiosk never created (no journal entry). */
  | 'chargeWithoutOrder'
  /** The provider refunded the latest refunded order a second time. */
  | 'refundTwice'
  /** The latest charge is missing from the provider's books. */
  | 'dropCharge'
  /** The latest charge is booked one yuan higher than the order. */
  | 'alterAmount';

type Refusal = { ok: false; status: 404 | 409; code: 'notFound' | 'orderNotPaid'; message: string };
type Done<T> = { ok: true; value: T };

interface LedgerRow {
  entry_id: number;
  order_id: string;
  kind: 'charge' | 'refund';
  amount_fen: number;
  reference: string;
  at: string;
  channel: s.PaymentChannel;
}

export function createStatementLogic(db: SimDatabase, now: () => Date) {
  const ledgerRows = db.prepare<[], LedgerRow>(
    `SELECT l.entry_id, l.order_id, l.kind, l.amount_fen, l.reference, l.at, o.channel
     FROM provider_ledger l JOIN payment_orders o ON o.order_id = l.order_id ORDER BY l.entry_id`,
  );
  const latest = (kind: 'charge' | 'refund') =>
    db
      .prepare<[string], { entry_id: number; order_id: string; amount_fen: number; reference: string }>(
        `SELECT * FROM provider_ledger WHERE kind = ? ORDER BY entry_id DESC LIMIT 1`,
      )
      .get(kind);

  /** Every ledger entry of one Beijing calendar day; a day that has not begun has no statement. */
  function getProviderStatement(req: { date: string }): Done<ProviderStatement> | Refusal {
    if (req.date > beijingDate(now()))
      return {
        ok: false,
        status: 404,
        code: 'notFound',
        message: `no statement for ${req.date}: the day has not begun`,
      };
    const entries = ledgerRows
      .all()
      .filter((row) => beijingDate(new Date(row.at)) === req.date)
      .map((row) => ({
        entryId: `SE${String(row.entry_id).padStart(8, '0')}`,
        kind: row.kind,
        orderId: row.order_id,
        reference: row.reference,
        channel: row.channel,
        amountFen: row.amount_fen,
        feeFen: row.kind === 'charge' ? feeOf(row.amount_fen) : -feeOf(row.amount_fen),
        at: row.at,
      }));
    const sum = (kind: 'charge' | 'refund') =>
      entries.filter((e) => e.kind === kind).reduce((total, e) => total + e.amountFen, 0);
    const feesFen = entries.reduce((total, e) => total + e.feeFen, 0);
    const chargesFen = sum('charge');
    const refundsFen = sum('refund');
    return {
      ok: true,
      value: {
        date: req.date,
        entries,
        totals: { chargesFen, refundsFen, feesFen, netFen: chargesFen - refundsFen - feesFen },
      },
    };
  }

  /** Makes the provider's books disagree with the kiosk's (tests and the dev dock). Returns the order affected. */
  function injectStatementMismatch(kind: StatementMismatch): Done<{ orderId: string }> | Refusal {
    const at = now().toISOString();
    return db.transaction((): Done<{ orderId: string }> | Refusal => {
      switch (kind) {
        case 'chargeWithoutOrder': {
          const orderId = `PO${beijingDate(now()).replaceAll('-', '')}${String(nextCounter(db, 'order')).padStart(6, '0')}`;
          const reference = `WE${createHash('sha256').update(`phantom/${orderId}`).digest('hex').slice(0, 20).toUpperCase()}`;
          db.prepare(
            `INSERT INTO payment_orders (order_id, transaction_id, amount_fen, purpose, channel, status, qr_payload, created_at, expires_at, paid_at)
                      VALUES (?, ?, 1000, 'other', 'wechat', 'paid', 'weixin://wxpay/bizpayurl?pr=PHANTOM', ?, ?, ?)`,
          ).run(orderId, reference, at, at, at);
          db.prepare(
            `INSERT INTO provider_ledger (order_id, kind, method, amount_fen, reference, at) VALUES (?, 'charge', 'code', 1000, ?, ?)`,
          ).run(orderId, reference, at);
          return { ok: true, value: { orderId } };
        }
        case 'refundTwice': {
          const refund = latest('refund');
          if (!refund)
            return { ok: false, status: 409, code: 'orderNotPaid', message: 'no refund on the books to repeat' };
          db.prepare(
            `INSERT INTO provider_ledger (order_id, kind, method, amount_fen, reference, at) VALUES (?, 'refund', 'refund', ?, ?, ?)`,
          ).run(refund.order_id, refund.amount_fen, `${refund.reference}DUP`, at);
          return { ok: true, value: { orderId: refund.order_id } };
        }
        case 'dropCharge': {
          const charge = latest('charge');
          if (!charge)
            return { ok: false, status: 409, code: 'orderNotPaid', message: 'no charge on the books to drop' };
          db.prepare(`DELETE FROM provider_ledger WHERE entry_id = ?`).run(charge.entry_id);
          return { ok: true, value: { orderId: charge.order_id } };
        }
        case 'alterAmount': {
          const charge = latest('charge');
          if (!charge)
            return { ok: false, status: 409, code: 'orderNotPaid', message: 'no charge on the books to alter' };
          db.prepare(`UPDATE provider_ledger SET amount_fen = amount_fen + 100 WHERE entry_id = ?`).run(
            charge.entry_id,
          );
          return { ok: true, value: { orderId: charge.order_id } };
        }
      }
    })();
  }

  return { getProviderStatement, injectStatementMismatch };
}
