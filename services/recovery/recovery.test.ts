import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from '../journal/journal';
import { createPaymentService, type PaymentService } from '../payments/paymentService';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from '../payments/simulatedProvider';
import { err, ok } from '../../contract/result';
import { recoverUnfinished, type RecoveryRecord, type ResumePrintResult } from './recovery';

const ID = '11010519491231002X';
let dir: string;
let journal: Journal;
let provider: SimulatedPaymentProvider;
let payments: PaymentService;
let printCalls: string[];
let printResult: ResumePrintResult;
let logged: RecoveryRecord[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recovery-'));
  journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
  provider = createSimulatedPaymentProvider();
  payments = createPaymentService({ gateway: provider, journal, pollInitialMs: 5, retryDelayMs: 1, callTimeoutMs: 500 });
  printCalls = [];
  printResult = { ok: true, value: undefined };
  logged = [];
});
afterEach(() => {
  journal.close();
  provider.close();
  rmSync(dir, { recursive: true, force: true });
});

const recover = () =>
  recoverUnfinished({
    journal,
    gateway: provider,
    payments,
    resumePrint: async (tx) => {
      printCalls.push(tx.id);
      return printResult;
    },
    log: (record) => logged.push(record),
  });

function begin(): string {
  const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: ID });
  if (!tx.ok) throw new Error(tx.error.message);
  journal.recordStep(tx.value.id, { kind: 'identityChecked', data: { masked: '110105********002X' } });
  return tx.value.id;
}

async function withOrder(): Promise<{ txId: string; orderId: string }> {
  const txId = begin();
  const attempt = await payments.startPayment({ transactionId: txId, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
  if (!attempt.ok) throw new Error(attempt.error.message);
  return { txId, orderId: attempt.value.order.orderId };
}

async function paid(): Promise<{ txId: string; orderId: string }> {
  const { txId, orderId } = await withOrder();
  provider.payerPays(orderId);
  const attempt = await payments.resumePayment(txId);
  if (!attempt.ok) throw new Error(attempt.error.message);
  expect((await attempt.value.check()).kind).toBe('paid');
  return { txId, orderId };
}

async function expectIdempotent() {
  const snapshot = JSON.stringify([journal.counts(), journal.openTickets(), provider.chargeCount(), provider.refundCount()]);
  const calls = printCalls.length;
  expect(await recover()).toEqual([]);
  expect(JSON.stringify([journal.counts(), journal.openTickets(), provider.chargeCount(), provider.refundCount()])).toBe(snapshot);
  expect(printCalls.length).toBe(calls);
}

describe('start-up recovery', () => {
  it('paid but not printed: resumes printing once and completes', async () => {
    const { txId } = await paid();
    const records = await recover();
    expect(records).toEqual([{ transactionId: txId, maskedReference: '110105********002X', decision: 'printedAndCompleted', detail: expect.any(String) }]);
    expect(printCalls).toEqual([txId]);
    expect(journal.find(txId)!.status).toBe('done');
    expect(provider.chargeCount()).toBe(1);
    await expectIdempotent();
  });

  it('paid, printing fails: refunds once and opens a staff ticket', async () => {
    const { txId } = await paid();
    printResult = { ok: false, error: { reason: 'card stock empty' } };
    const [record] = await recover();
    expect(record!.decision).toBe('refunded');
    expect(provider.refundCount()).toBe(1);
    expect(journal.find(txId)!.status).toBe('refunded');
    expect(journal.openTickets().map((t) => t.transactionId)).toEqual([txId]);
    expect(journal.find(txId)!.steps.map((s) => s.kind)).toEqual([
      'identityChecked', 'paymentCreated', 'paid', 'printFailed', 'refundRequested', 'refunded',
    ]);
    await expectIdempotent();
  });

  it('paid, printing fails and the refund fails: hands to staff with the money noted', async () => {
    const { txId } = await paid();
    printResult = { ok: false, error: { reason: 'printer offline' } };
    provider.failNext('refundPayment', 3);
    const [record] = await recover();
    expect(record!.decision).toBe('handedToStaff');
    expect(journal.find(txId)!.status).toBe('handedToStaff');
    expect(journal.openTickets()[0]!.reason).toMatch(/money still taken/);
    expect(provider.refundCount()).toBe(0);
    await expectIdempotent();
  });

  it('a thrown resumePrint counts as a failed print; its message is redacted', async () => {
    const { txId } = await paid();
    const records = await recoverUnfinished({
      journal,
      gateway: provider,
      payments,
      resumePrint: async () => {
        throw new Error(`driver crashed on card ${ID}`);
      },
    });
    expect(records[0]!.decision).toBe('refunded');
    expect(journal.find(txId)!.status).toBe('refunded');
    expect(JSON.stringify([records, journal.find(txId), journal.openTickets()])).not.toContain(ID);
    expect(records[0]!.detail).toContain('110105********002X');
  });

  it('order created and paid at the provider before the crash: treated as paid', async () => {
    const { txId, orderId } = await withOrder();
    provider.payerPays(orderId);
    const [record] = await recover();
    expect(record!.decision).toBe('printedAndCompleted');
    expect(printCalls).toEqual([txId]);
    expect(provider.chargeCount()).toBe(1);
    await expectIdempotent();
  });

  it('order still pending: cancelled and re-checked; nothing charged', async () => {
    const { txId, orderId } = await withOrder();
    const [record] = await recover();
    expect(record!.decision).toBe('cancelled');
    expect(provider.order(orderId)!.status).toBe('cancelled');
    expect(journal.find(txId)!.status).toBe('failed');
    expect(printCalls).toEqual([]);
    await expectIdempotent();
  });

  it('order pending, payment lands during the cancel: honoured and printed', async () => {
    const { txId, orderId } = await withOrder();
    provider.landPaymentOnNextCancel(orderId);
    const [record] = await recover();
    expect(record!.decision).toBe('printedAndCompleted');
    expect(printCalls).toEqual([txId]);
    expect(provider.chargeCount()).toBe(1);
    expect(provider.refundCount()).toBe(0);
    await expectIdempotent();
  });

  it('nothing paid: failed; printed already: completed without printing again', async () => {
    const early = begin();
    const { txId: printedTx } = await paid();
    journal.recordStep(printedTx, { kind: 'printed' });
    const records = await recover();
    expect(records.map((r) => [r.transactionId, r.decision])).toEqual([
      [early, 'failed'],
      [printedTx, 'completed'],
    ]);
    expect(printCalls).toEqual([]);
    expect(journal.find(early)!.status).toBe('failed');
    expect(journal.find(printedTx)!.status).toBe('done');
    await expectIdempotent();
  });

  it('a refund interrupted by the crash is finished with the same key: refunded once', async () => {
    const { txId, orderId } = await paid();
    provider.failNext('refundPayment', 3, { afterEffect: true }); // provider refunds, kiosk never hears
    expect((await payments.refund(txId, 'resident cancelled')).ok).toBe(false);
    expect(provider.refundCount(orderId)).toBe(1);
    const [record] = await recover();
    expect(record!.decision).toBe('refunded');
    expect(provider.refundCount(orderId)).toBe(1);
    expect(journal.find(txId)!.status).toBe('refunded');
    await expectIdempotent();
  });

  it('provider unreachable: deferred with a ticket, resolved by the next run', async () => {
    const { txId } = await withOrder();
    provider.failNext('getPaymentOrder', 3);
    const [first] = await recover();
    expect(first!.decision).toBe('deferred');
    expect(journal.find(txId)!.status).toBe('open');
    expect(journal.openTickets()).toHaveLength(1);
    const [second] = await recover();
    expect(second!.decision).toBe('cancelled');
    expect(journal.find(txId)!.status).toBe('failed');
  });

  it('logs every decision with masked references only', async () => {
    await paid();
    begin();
    await recover();
    expect(logged).toHaveLength(2);
    expect(JSON.stringify(logged)).not.toContain(ID);
    expect(logged.every((r) => r.maskedReference === '110105********002X')).toBe(true);
  });

  it('paid, printing fails but the payment stands (a fine is paid, the decision exists): no refund, a ticket for a reprint', async () => {
    const { txId } = await paid();
    printResult = err({ reason: 'A4 out of paper', savedForStaff: true });
    const [record] = await recover();
    expect(record!.decision).toBe('printPending');
    expect(provider.refundCount()).toBe(0);
    expect(journal.find(txId)!.status).toBe('done');
    expect(journal.openTickets()[0]!.reason).toMatch(/reprint the saved documents/);
    await expectIdempotent();
  });

  it('printed in part (a service that prints several documents says so): printing resumes instead of completing', async () => {
    const { txId } = await paid();
    journal.recordStep(txId, { kind: 'printed', idempotencyKey: 'first' });
    const records = await recoverUnfinished({
      journal,
      gateway: provider,
      payments,
      resumePrint: async (tx) => {
        printCalls.push(tx.id);
        return ok(undefined);
      },
      printIncomplete: (tx) => !tx.steps.some((s) => s.kind === 'printed' && s.idempotencyKey === 'second'),
    });
    expect(records.map((r) => r.decision)).toEqual(['printedAndCompleted']);
    expect(printCalls).toEqual([txId]);
    expect(journal.find(txId)!.status).toBe('done');
  });
});
