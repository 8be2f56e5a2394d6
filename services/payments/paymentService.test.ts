import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from '../journal/journal';
import { createPaymentService, type PaymentService } from './paymentService';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from './simulatedProvider';
import type { PaymentLogEvent } from './types';

let dir: string;
let journal: Journal;
let provider: SimulatedPaymentProvider;
let payments: PaymentService;
let logs: PaymentLogEvent[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payments-'));
  journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
  provider = createSimulatedPaymentProvider();
  logs = [];
  payments = createPaymentService({
    gateway: provider,
    journal,
    pollInitialMs: 5,
    pollMaxMs: 20,
    retryDelayMs: 1,
    callTimeoutMs: 500,
    log: (event) => logs.push(event),
  });
});
afterEach(() => {
  journal.close();
  provider.close();
  rmSync(dir, { recursive: true, force: true });
});

function newTransaction(): string {
  const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: '11010519491231002X' });
  if (!tx.ok) throw new Error(tx.error.message);
  return tx.value.id;
}

async function start(transactionId: string) {
  const attempt = await payments.startPayment({ transactionId, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
  if (!attempt.ok) throw new Error(attempt.error.message);
  return attempt.value;
}

const kinds = (transactionId: string) => journal.find(transactionId)!.steps.map((s) => s.kind);

describe('payment service', () => {
  it('creates an order with a QR payload, sees it paid, and commits paid before reporting it', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    expect(attempt.order.qrPayload).toContain(attempt.order.orderId);
    expect(kinds(txId)).toEqual(['paymentCreated']);
    setTimeout(() => provider.payerPays(attempt.order.orderId), 20);
    const outcome = await attempt.waitForPayment({ timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ kind: 'paid', late: false });
    expect(kinds(txId)).toEqual(['paymentCreated', 'paid']);
    expect(provider.chargeCount()).toBe(1);
    expect(logs.map((l) => l.event)).toContain('payment-paid');
    expect(JSON.stringify(logs)).not.toContain('11010519491231002X');
  });

  it('re-obtains the same order after a crash between create and journal, and after a lost answer', async () => {
    const txId = newTransaction();
    provider.failNext('createPaymentOrder', 1, { afterEffect: true }); // provider created it, the answer was lost
    const first = await start(txId);
    expect(provider.callCount('createPaymentOrder')).toBe(2);
    // a restarted kiosk calling startPayment again for the same open attempt reuses key and order
    const again = await start(txId);
    expect(again.order.orderId).toBe(first.order.orderId);
    expect(again.attempt).toBe(1);
    expect(journal.find(txId)!.steps.filter((s) => s.kind === 'paymentCreated')).toHaveLength(1);
  });

  it('keeps polling through gateway errors mid-poll', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.failNext('getPaymentOrder', 4);
    provider.failNext('getPaymentOrder', 1, { error: { kind: 'server', status: 503, message: 'busy', retryable: true } });
    setTimeout(() => provider.payerPays(attempt.order.orderId), 10);
    const outcome = await attempt.waitForPayment({ timeoutMs: 3_000 });
    expect(outcome.kind).toBe('paid');
    expect(logs.filter((l) => l.event === 'payment-poll-error').length).toBeGreaterThanOrEqual(5);
    expect(provider.chargeCount()).toBe(1);
  });

  it('on timeout cancels the order and re-checks it; a new attempt then gets a new order', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    const outcome = await attempt.waitForPayment({ timeoutMs: 60 });
    expect(outcome).toMatchObject({ kind: 'notPaid', reason: 'timeout' });
    expect(provider.order(attempt.order.orderId)!.status).toBe('cancelled');
    expect(kinds(txId)).toEqual(['paymentCreated', 'paymentCancelRequested', 'paymentCancelled']);
    const second = await start(txId);
    expect(second.attempt).toBe(2);
    expect(second.order.orderId).not.toBe(attempt.order.orderId);
    expect(provider.chargeCount()).toBe(0);
  });

  it('a payment landing during a timeout cancel is detected and honoured', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.landPaymentOnNextCancel(attempt.order.orderId);
    const outcome = await attempt.waitForPayment({ timeoutMs: 40 });
    expect(outcome).toMatchObject({ kind: 'paid', late: true });
    expect(kinds(txId)).toEqual(['paymentCreated', 'paymentCancelRequested', 'paid']);
    expect(provider.chargeCount()).toBe(1);
    expect(provider.refundCount()).toBe(0);
  });

  it('a payment landing while the resident cancels is detected and refunded exactly once', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.landPaymentOnNextCancel(attempt.order.orderId);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const outcome = await attempt.waitForPayment({ timeoutMs: 5_000, signal: controller.signal });
    expect(outcome.kind).toBe('refunded');
    expect(kinds(txId)).toEqual(['paymentCreated', 'paymentCancelRequested', 'paid', 'refundRequested', 'refunded']);
    expect(provider.chargeCount()).toBe(1);
    expect(provider.refundCount()).toBe(1);
    expect(journal.find(txId)!.status).toBe('refunded');
    const again = await payments.refund(txId, 'resident cancelled');
    expect(again).toEqual({ ok: true, value: { refunded: [], alreadyRefunded: [attempt.order.orderId] } });
    expect(provider.refundCount()).toBe(1);
  });

  it('an abort with nothing paid cancels the order promptly', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    const controller = new AbortController();
    controller.abort();
    const started = Date.now();
    const outcome = await attempt.waitForPayment({ timeoutMs: 60_000, signal: controller.signal });
    expect(outcome).toMatchObject({ kind: 'notPaid', reason: 'aborted' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('when the order cannot be re-checked the outcome is unknown and the transaction stays open', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.failNext('cancelPaymentOrder', 3);
    provider.failNext('getPaymentOrder', 100);
    const outcome = await attempt.waitForPayment({ timeoutMs: 30 });
    expect(outcome.kind).toBe('unknown');
    expect(journal.find(txId)!.status).toBe('open');
    expect(journal.unfinished().map((t) => t.id)).toEqual([txId]);
  });

  it('refunds exactly once even when the refund answer is lost, and finishes the transaction as refunded', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.payerPays(attempt.order.orderId);
    expect((await attempt.check()).kind).toBe('paid');
    provider.failNext('refundPayment', 1, { afterEffect: true });
    const refunded = await payments.refund(txId, 'printer failed');
    expect(refunded.ok && refunded.value.refunded).toHaveLength(1);
    expect(provider.refundCount()).toBe(1);
    expect(provider.callCount('refundPayment')).toBe(2);
    expect(journal.find(txId)!.status).toBe('refunded');
    const second = await payments.refund(txId, 'printer failed');
    expect(second.ok && second.value.alreadyRefunded).toEqual([attempt.order.orderId]);
    expect(provider.refundCount()).toBe(1);
  });

  it('a failed refund is recorded and reported, and a later retry completes it once', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.payerPays(attempt.order.orderId);
    await attempt.check();
    provider.failNext('refundPayment', 3);
    const failed = await payments.refund(txId, 'printer failed');
    expect(failed.ok).toBe(false);
    expect(kinds(txId)).toEqual(['paymentCreated', 'paid', 'refundRequested', 'refundFailed']);
    expect(journal.find(txId)!.status).toBe('open');
    const retried = await payments.refund(txId, 'printer failed');
    expect(retried.ok).toBe(true);
    expect(provider.refundCount()).toBe(1);
  });

  it('refuses to refund what was never paid and to start a payment for a paid transaction', async () => {
    const txId = newTransaction();
    expect(await payments.refund(txId, 'nothing')).toMatchObject({ ok: false, error: { code: 'notPaid' } });
    const attempt = await start(txId);
    provider.payerPays(attempt.order.orderId);
    await attempt.check();
    const again = await payments.startPayment({ transactionId: txId, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(await payments.startPayment({ transactionId: 'nope', amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' })).toMatchObject({
      ok: false,
      error: { code: 'journal' },
    });
  });

  it('charges a scanned payment code once, even if scanned twice or the answer is lost', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    provider.failNext('payWithCode', 1, { afterEffect: true });
    const outcome = await attempt.payWithScannedCode('134567890123456789');
    expect(outcome.kind).toBe('paid');
    const twice = await attempt.payWithScannedCode('134567890123456789');
    expect(twice.kind).toBe('paid');
    expect(provider.chargeCount()).toBe(1);
    expect(journal.find(txId)!.steps.filter((s) => s.kind === 'paid')).toHaveLength(1);
    expect(JSON.stringify(journal.find(txId))).not.toContain('134567890123456789');
  });

  it('reports a declined code as a value, with no money taken', async () => {
    const txId = newTransaction();
    const attempt = await start(txId);
    expect(await attempt.payWithScannedCode('134567890123454444')).toMatchObject({ kind: 'declined', code: 'insufficientFunds' });
    expect(await attempt.payWithScannedCode('not a code')).toMatchObject({ kind: 'declined', code: 'invalidAuthCode' });
    expect(provider.chargeCount()).toBe(0);
    expect(kinds(txId)).toEqual(['paymentCreated']);
  });

  it('an expiring order ends as notPaid(expired)', async () => {
    const shortLived = createSimulatedPaymentProvider({ orderTtlMs: 15 });
    const service = createPaymentService({ gateway: shortLived, journal, pollInitialMs: 5, pollMaxMs: 10, retryDelayMs: 1 });
    const txId = newTransaction();
    const attempt = await service.startPayment({ transactionId: txId, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'alipay' });
    if (!attempt.ok) throw new Error(attempt.error.message);
    const outcome = await attempt.value.waitForPayment({ timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ kind: 'notPaid', reason: 'expired' });
    shortLived.close();
  });
});
