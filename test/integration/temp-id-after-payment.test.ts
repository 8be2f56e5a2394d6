/**
 * Temporary ID card, failure paths from printing on, end to end: printer faults, walking away,
 * restarts mid-transaction and compensation at the police backend. Each ends in a safe, explained
 * state with the journal consistent and the money accounted for exactly once.
 */
import { describe, expect, it } from 'vitest';
import { parseTempIdView } from '../../contract/flows/temp-id-card';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { compensateEffects } from '../../services/gateway/compensation';
import { recoverUnfinished } from '../../services/recovery/recovery';
import { resumeTempIdPrint } from '../../services/temp-id/launcher';
import { journalRows, type Rig } from '../../services/temp-id/test-rig';
import { ended, receiptText, refunds, rigPerTest, withDown } from './temp-id-helpers';

const open = rigPerTest();

describe('printing', () => {
  const payAndPrint = async (r: Rig) => {
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    return ended(r);
  };

  it.each([
    ['out of cards', 'feederEmpty', (r: Rig) => r.cardSim.setCards(0)],
    ['ribbon out', 'ribbonOut', (r: Rig) => r.cardSim.setRibbon(0)],
    ['jam', 'cardJam', (r: Rig) => r.cardSim.jamNextCard()],
  ] as const)('card printer %s after payment: refund once + staff ticket + slip', async (_what, problem, breakIt) => {
    const r = await open();
    breakIt(r);
    const end = await payAndPrint(r);
    expect(end).toMatchObject({ status: 'failed', state: 'printing', error: { code: 'cardPrinterFailed' } });
    const view = parseTempIdView('printing', end.view)!;
    expect(view.printerProblem).toBe(problem);
    expect(view.money).toMatchObject({ status: 'refunded', amountFen: 1000, slipPrinted: true });
    expect(view.money?.ticketNo).toMatch(/^WK001-\d{8}-\d{3}$/);
    await r.flow.done;
    expect(refunds(r)).toHaveLength(1);
    const tx = r.journal.find(r.transactionId())!;
    expect(tx.status).toBe('refunded');
    expect(tx.steps.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['paid', 'printFailed', 'refundRequested', 'refunded']),
    );
    expect(tx.steps.some((s) => s.kind === 'printed')).toBe(false);
    expect(r.journal.openTickets().filter((t) => t.transactionId === tx.id)).toHaveLength(1);
    const slip = receiptText(r.receiptSim.receipts().at(-1));
    expect(slip).toContain('未能制证');
    expect(slip).toContain('原路退回');
    expect(slip).toContain(tx.id);
    expect(slip).not.toContain(RESIDENT.standard);
  });

  it('receipt printer out of paper after the card: card issued, receipt saved, done with receiptPending', async () => {
    const r = await open();
    r.receiptSim.setPaper('out');
    const end = await payAndPrint(r);
    expect(end).toMatchObject({ status: 'done', state: 'done' });
    expect(end.view).toMatchObject({ receiptPending: true, money: { status: 'charged' } });
    await r.flow.done;
    const tx = r.journal.find(r.transactionId())!;
    expect(tx.status).toBe('done');
    expect(tx.steps.map((s) => s.kind)).toContain('printed');
    expect(tx.steps.map((s) => s.kind)).not.toContain('receiptPrinted');
    const saved = r.journal.receipts(tx.id);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.payload).toMatchObject({
      transactionNo: tx.id,
      maskedIdNumber: `${RESIDENT.standard.slice(0, 6)}********${RESIDENT.standard.slice(-4)}`,
    });
    expect(r.cardSim.cardsPrinted()).toHaveLength(1);
    expect(refunds(r)).toHaveLength(0);
  });

  it('backend down at registration after payment: refunded, ticket, slip', async () => {
    const r = await open({ gateway: withDown(['applyTempIdCard']) });
    const end = await payAndPrint(r);
    expect(end).toMatchObject({ status: 'failed', state: 'printing', error: { code: 'backendUnavailable' } });
    expect(end.view?.money).toMatchObject({ status: 'refunded', slipPrinted: true });
    await r.flow.done;
    expect(refunds(r)).toHaveLength(1);
    expect(r.cardSim.cardsPrinted()).toHaveLength(0);
  });
});

describe('walking away', () => {
  it('idle timeout at confirm (nothing paid): failed timeout, transaction closed as failed', async () => {
    const r = await open({ settings: { timeouts: { confirm: 150 } } });
    await r.toConfirm(RESIDENT.standard);
    expect(await ended(r)).toMatchObject({ status: 'failed', state: 'confirm', error: { code: 'timeout' } });
    await r.flow.done;
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it('the session ends (flow.cancel) while the reader listens: cancelled, no transaction', async () => {
    const r = await open();
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.flow.send({ type: 'cancel' });
    expect(await ended(r)).toMatchObject({ status: 'cancelled', state: 'identity' });
    await r.flow.done;
    // A card placed after the end is ignored (the listener is gone).
    await r.placeCardOf(RESIDENT.standard);
    await new Promise((res) => setTimeout(res, 80));
    expect(r.last().status).toBe('cancelled');
  });
});

describe('restart mid-transaction', () => {
  it('paid but not printed: recovery cannot reprint (no personal data kept) → refund + staff ticket', async () => {
    const r = await open();
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    const orderId = await r.orderId();
    r.embedded.sim.controls.simulateResidentPays(orderId);
    // The order is paid; the kiosk "crashes" right after recording it (before printing).
    const txId = r.transactionId();
    const attempt = await r.payments.resumePayment(txId);
    expect(attempt.ok && (await attempt.value.check()).kind).toBe('paid');
    const records = await recoverUnfinished({
      journal: r.journal,
      gateway: r.gateway,
      payments: r.payments,
      resumePrint: async (tx) => (await resumeTempIdPrint(tx))!,
    });
    expect(records).toEqual([expect.objectContaining({ transactionId: txId, decision: 'refunded' })]);
    expect(r.journal.find(txId)!.status).toBe('refunded');
    expect(r.journal.openTickets().some((t) => t.transactionId === txId && /hopper/.test(t.reason))).toBe(true);
    expect(refunds(r)).toHaveLength(1);
    expect(resumeTempIdPrint({ ...r.journal.find(txId)!, service: 'traffic' })).toBeUndefined();
  });
});

describe('compensation reaches the police backend', () => {
  const registryStatus = (r: Rig, idNumber: string) =>
    r.embedded.sim.db
      .prepare(`SELECT status FROM applications WHERE id_number = ? AND kind = 'tempIdCard' ORDER BY submitted_at`)
      .all(idNumber) as { status: string }[];

  it('card jammed after payment → refund and withdrawal → the resident applies again and gets the card', async () => {
    const r = await open();
    r.cardSim.jamNextCard();
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    expect(await ended(r)).toMatchObject({ status: 'failed', error: { code: 'cardPrinterFailed' } });
    await r.flow.done;
    const first = r.journal.find(r.transactionId())!;
    expect(first.steps.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['backendEffect', 'refunded', 'compensated']),
    );
    expect(registryStatus(r, RESIDENT.standard)).toEqual([{ status: 'withdrawn' }]);
    expect(r.journal.openTickets().find((t) => t.transactionId === first.id)?.reason).toContain(
      'application withdrawn',
    );

    r.cardSim.clearJam();
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat2);
    expect(await ended(r)).toMatchObject({ status: 'done' });
    expect(
      registryStatus(r, RESIDENT.standard)
        .map((a) => a.status)
        .sort(),
    ).toEqual(['collected', 'withdrawn']);
    expect(r.cardSim.cardsPrinted().filter((c) => !c.defect)).toHaveLength(1);
  });

  it('a crash after registration and before the card: recovery refunds, withdraws and records both', async () => {
    const r = await open({ settings: { cardPrintTimeoutMs: 30_000 } });
    r.cardSim.setPowered(false); // the card printer goes silent: the flow waits in the card phase
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    await r.until((p) => p.state === 'printing' && p.view?.phase === 'card', 8000, 'card phase');
    const txId = r.transactionId();
    // The kiosk restarts now: recovery sees the journal as it is on disk.
    const records = await recoverUnfinished({
      journal: r.journal,
      gateway: r.gateway,
      payments: r.payments,
      resumePrint: async (tx) => (await resumeTempIdPrint(tx))!,
      compensate: (id, why) => compensateEffects(r.journal, r.gateway, id, why),
    });
    expect(records).toEqual([expect.objectContaining({ transactionId: txId, decision: 'refunded' })]);
    const tx = r.journal.find(txId)!;
    expect(tx.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['backendEffect', 'refunded', 'compensated']));
    expect(registryStatus(r, RESIDENT.standard)).toEqual([{ status: 'withdrawn' }]);
    expect(
      await r.embedded.checkTempIdEligibility({
        idNumber: RESIDENT.standard,
        jurisdictionCode: '110101001',
        localRegistrationOnly: false,
      }),
    ).toEqual({ ok: true, value: { eligible: true } });
    expect(refunds(r)).toHaveLength(1);
    r.cardSim.setPowered(true);
  });

  it('a crash while printing the receipt: recovery keeps the receipt for a reprint and opens a staff ticket', async () => {
    const r = await open({ settings: { receiptPrintTimeoutMs: 30_000 } });
    r.receiptSim.setPowered(false);
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    await r.until((p) => p.state === 'printing' && p.view?.phase === 'receipt', 15_000, 'receipt phase');
    const txId = r.transactionId();
    const records = await recoverUnfinished({
      journal: r.journal,
      gateway: r.gateway,
      payments: r.payments,
      resumePrint: async (tx) => (await resumeTempIdPrint(tx))!,
    });
    expect(records).toEqual([expect.objectContaining({ transactionId: txId, decision: 'completed' })]);
    expect(r.journal.find(txId)!.status).toBe('done');
    expect(r.journal.receipts(txId)).toEqual([
      expect.objectContaining({ kind: 'tempIdReceipt', payload: expect.objectContaining({ transactionNo: txId }) }),
    ]);
    expect(r.journal.openTickets().find((t) => t.transactionId === txId)).toMatchObject({
      reason: expect.stringContaining('reprint'),
      number: expect.stringMatching(/^WK001-\d{8}-\d{3}$/),
    });
    expect(refunds(r)).toHaveLength(0);
    r.receiptSim.setPowered(true);
  });

  it('a device that stops before payment ends the flow before any money is asked for', async () => {
    const r = await open();
    await r.toConfirm(RESIDENT.standard);
    r.pause = { device: 'cardPrinter', problem: 'suppliesOut' };
    r.send('confirm');
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'failed', state: 'payment', error: { code: 'deviceNotReady' } });
    await r.flow.done;
    expect(r.journal.find(r.transactionId())!.steps.map((s) => s.kind)).not.toContain('paymentCreated');
    expect(r.ledger()).toHaveLength(0);
    expect(r.embedded.sim.db.prepare('SELECT count(*) AS n FROM payment_orders').get()).toEqual({ n: 0 });
  });
});
