/**
 * The kit's payment step against the payment service, a simulated provider and a real journal:
 * paid by QR or by a scanned code, cancelled while money lands (refunded before the step ends), a
 * window that runs out (cancelled, nothing charged). The step ends only once the money is settled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { FakeQrScanner } from '../../../devices/fakes/line-readers';
import { openJournal, type Journal } from '../../journal/journal';
import { createMemoryLogger } from '../../log/logger';
import { createPaymentService } from '../../payments/paymentService';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from '../../payments/simulatedProvider';
import type { KitDeps } from '../deps';
import { paymentStep, type PaymentOutput } from './payment';

let dir: string;
let journal: Journal;
let provider: SimulatedPaymentProvider;
let deps: KitDeps;
let scanner: FakeQrScanner;
const scan = (code: string) => scanner.scan(code);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kit-payment-'));
  journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
  provider = createSimulatedPaymentProvider();
  const payments = createPaymentService({ gateway: provider, journal, pollInitialMs: 5, pollMaxMs: 20, retryDelayMs: 1 });
  scanner = new FakeQrScanner();
  deps = {
    service: 'tempIdCard',
    gateway: provider as unknown as KitDeps['gateway'],
    payments,
    journal,
    devices: {
      idReader: () => undefined,
      receiptPrinter: () => undefined,
      scanner: () => scanner,
    },
    post: { name: '警务室', timeZone: 'Asia/Shanghai', receiptPrintTimeoutMs: 1000 },
    now: () => new Date(),
    log: createMemoryLogger(),
  };
});
afterEach(() => {
  journal.close();
  provider.close();
  rmSync(dir, { recursive: true, force: true });
});

function startPayment(windowMs = 5_000) {
  const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: '11010519491231002X' });
  if (!tx.ok) throw new Error(tx.error.message);
  const actor = createActor(paymentStep, { input: { deps, transactionId: tx.value.id, amountFen: 1000, purpose: 'tempIdCardFee', windowMs, pollMs: 10, exchangeTimeoutMs: 5_000 } }).start();
  const orderId = async () => {
    const waiting = await waitFor(actor, (s) => s.value === 'waiting', { timeout: 3000 });
    return waiting.context.attempt!.order.orderId;
  };
  const output = async () => (await waitFor(actor, (s) => s.status === 'done', { timeout: 8000 })).output as PaymentOutput;
  return { actor, transactionId: tx.value.id, orderId, output };
}

describe('kit payment step', () => {
  it('ends charged when the resident pays the QR, with the order polled', async () => {
    const run = startPayment();
    provider.payerPays(await run.orderId());
    expect(await run.output()).toMatchObject({ ok: true, money: { status: 'charged', amountFen: 1000 } });
    expect(provider.chargeCount()).toBe(1);
    expect(journal.find(run.transactionId)!.steps.map((s) => s.kind)).toEqual(['paymentCreated', 'paid']);
  });

  it('charges a scanned payment code; a declined one keeps the QR up for another try', async () => {
    const run = startPayment();
    await run.orderId();
    scan('134567890123454444'); // the simulated provider answers: insufficient funds
    await waitFor(run.actor, (s) => s.value === 'waiting' && s.context.declined !== undefined, { timeout: 3000 });
    scan('134567890123451111');
    expect(await run.output()).toMatchObject({ ok: true, money: { status: 'charged' } });
    expect(provider.chargeCount()).toBe(1);
  });

  it('resident cancels while the payment lands: refunded before the step ends, cancelled', async () => {
    const run = startPayment();
    provider.landPaymentOnNextCancel(await run.orderId());
    run.actor.send({ type: 'cancel' });
    expect(await run.output()).toMatchObject({ ok: false, reason: 'cancelled', money: { status: 'refunded', amountFen: 1000 } });
    expect(provider.chargeCount()).toBe(1);
    expect(provider.refundCount()).toBe(1);
    const tx = journal.find(run.transactionId)!;
    expect(tx.status).toBe('refunded');
    expect(tx.steps.map((s) => s.kind)).toEqual(['paymentCreated', 'paymentCancelRequested', 'paid', 'refundRequested', 'refunded']);
  });

  it('the window runs out: order cancelled, nothing charged, a payment time-out', async () => {
    const run = startPayment(150);
    const orderId = await run.orderId();
    expect(await run.output()).toMatchObject({ ok: false, reason: 'paymentTimeout', money: { status: 'notCharged' } });
    expect(provider.order(orderId)!.status).toBe('cancelled');
    expect(provider.chargeCount()).toBe(0);
  });
});
