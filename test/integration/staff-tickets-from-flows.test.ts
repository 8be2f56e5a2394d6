/**
 * The staff console reads the tickets the real temporary-ID flow opens: each failure after payment
 * gives a ticket of the right kind, the words the resident was told, and (when the money is not
 * settled) a money issue for the board. Real drivers and simulators, embedded backend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { moneyIssues } from '../../services/staff/money';
import { createTicketBook } from '../../services/staff/tickets';
import { createRig, type Rig, type RigOptions } from '../../services/temp-id/test-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const payAndPrint = async (options?: RigOptions, breakIt?: (r: Rig) => void) => {
  const r = (rig = await createRig(options));
  breakIt?.(r);
  await r.toConfirm(RESIDENT.standard);
  r.send('confirm');
  await r.orderId();
  await r.scannerSim.scan(PAYMENT_CODE.wechat);
  await r.until((p) => p.status === 'done' || p.status === 'failed', 15_000, 'end');
  await r.flow.done;
  return r;
};
const book = (r: Rig) =>
  createTicketBook(r.journal, { deadlines: { orangeAfterMs: 30 * 60_000, redAfterMs: 120 * 60_000 }, now: r.now });
const refundDown = (g: PoliceGateway): PoliceGateway =>
  new Proxy(g, {
    get: (target, key: string) =>
      key === 'refundPayment'
        ? (): Promise<GatewayResult<never>> =>
            Promise.resolve({ ok: false, error: { kind: 'network', message: 'ECONNREFUSED (test)', retryable: true } })
        : (target as unknown as Record<string, unknown>)[key],
  });

describe('tickets the flows open, as staff see them', () => {
  it('card printer jams after payment: a cardNotPrinted ticket, the resident was told the money went back, nothing held', async () => {
    const r = await payAndPrint({}, (x) => x.cardSim.jamNextCard());
    const [ticket] = book(r).list();
    expect(ticket).toMatchObject({
      kind: 'cardNotPrinted',
      told: 'refunded',
      state: 'open',
      amountFen: 1000,
      heldFen: 0,
      service: 'tempIdCard',
    });
    expect(moneyIssues({ journal: r.journal, now: r.now(), settleMs: 0, openMoneyTickets: [] })).toEqual([]);
  });

  it('receipt printer out of paper: a receiptPending ticket, the resident was told to ask staff for a reprint', async () => {
    const r = await payAndPrint({}, (x) => x.receiptSim.setPaper('out'));
    const [ticket] = book(r).list();
    expect(ticket).toMatchObject({ kind: 'receiptPending', told: 'receiptByStaff', heldFen: 1000 });
    expect(moneyIssues({ journal: r.journal, now: r.now(), settleMs: 0, openMoneyTickets: [] })).toEqual([]); // delivered: the card was printed
  });

  it('card fails and the refund fails too: refundNeedsStaff, money held and unresolved until staff act', async () => {
    const r = await payAndPrint({ gateway: refundDown }, (x) => x.cardSim.setCards(0));
    const [ticket] = book(r).list();
    expect(ticket).toMatchObject({ kind: 'refundNeedsStaff', told: 'refundByStaff', heldFen: 1000 });
    const issues = moneyIssues({
      journal: r.journal,
      now: r.now(),
      settleMs: 0,
      openMoneyTickets: [{ transactionId: ticket!.transactionId, kind: 'refundNeedsStaff' }],
    });
    expect(issues).toEqual([
      expect.objectContaining({ transactionId: ticket!.transactionId, amountFen: 1000, why: 'refundFailed' }),
    ]);
    // Once staff close the ticket the money is theirs to answer for, not the board's.
    expect(moneyIssues({ journal: r.journal, now: r.now(), settleMs: 0, openMoneyTickets: [] })).toEqual([]);
  });
});
