/**
 * The flow framework, the payment service and the journal together: a fee-paying flow where the
 * payment state's effect is cancelled by the resident or by the state timeout, with money landing
 * during the cancel. The flow must end only after the payment is settled, and money is never lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FlowProgress } from '../../contract/flow';
import { defineFlow, failWith, finish, goto, startFlow } from '../../services/flows/framework';
import { openJournal, type Journal } from '../../services/journal/journal';
import { createPaymentService, type PaymentService } from '../../services/payments/paymentService';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from '../../services/payments/simulatedProvider';

let dir: string;
let journal: Journal;
let provider: SimulatedPaymentProvider;
let payments: PaymentService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flow-payment-'));
  journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
  provider = createSimulatedPaymentProvider();
  payments = createPaymentService({ gateway: provider, journal, pollInitialMs: 5, pollMaxMs: 20, retryDelayMs: 1 });
});
afterEach(() => {
  journal.close();
  provider.close();
  rmSync(dir, { recursive: true, force: true });
});

interface FeeContext {
  transactionId?: string;
  orderId?: string;
  qr?: string;
  onOrder?: (orderId: string) => void;
}

const feeFlow = (paymentTimeoutMs: number) =>
  defineFlow<FeeContext>()({
    service: 'tempIdCard',
    initial: 'identity',
    totalSteps: 3,
    events: { cardRead: z.object({ idNumber: z.string().regex(/^\d{17}[\dX]$/) }) },
    states: {
      identity: {
        step: 1,
        timeoutMs: 5_000,
        on: {
          cardRead: ({ idNumber }, ctx) => {
            const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber });
            if (!tx.ok) return failWith('journal', tx.error.message);
            ctx.transactionId = tx.value.id;
            return goto('payment');
          },
        },
      },
      payment: {
        step: 2,
        timeoutMs: paymentTimeoutMs,
        view: (ctx) => (ctx.qr ? { qr: ctx.qr, amountFen: 1000 } : {}),
        enter: async (ctx, io) => {
          const attempt = await payments.startPayment({ transactionId: ctx.transactionId!, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
          if (!attempt.ok) return failWith('backendUnavailable', attempt.error.message);
          ctx.orderId = attempt.value.order.orderId;
          ctx.qr = attempt.value.order.qrPayload;
          io.update();
          ctx.onOrder?.(ctx.orderId);
          const outcome = await attempt.value.waitForPayment({ timeoutMs: 60_000, signal: io.signal });
          switch (outcome.kind) {
            case 'paid':
              return goto('printing');
            case 'notPaid':
            case 'declined':
            case 'refunded':
              return failWith('notPaid', outcome.kind);
            case 'unknown':
              return failWith('paymentUnknown', outcome.message);
          }
        },
      },
      printing: {
        step: 3,
        timeoutMs: 5_000,
        enter: async (ctx) => {
          journal.recordStep(ctx.transactionId!, { kind: 'printed' });
          journal.complete(ctx.transactionId!);
          return finish();
        },
      },
    },
    onEnd: async (outcome, ctx) => {
      if (outcome.status === 'done' || !ctx.transactionId) return;
      const tx = journal.find(ctx.transactionId)!;
      if (tx.status !== 'open') return;
      if (tx.steps.some((s) => s.kind === 'paid') && !tx.steps.some((s) => s.kind === 'refunded')) {
        await payments.refund(tx.id, `flow ${outcome.status}`);
      } else {
        journal.recordStep(tx.id, { kind: 'cancelled', data: { reason: outcome.error?.code ?? outcome.status } });
        journal.fail(tx.id, `flow ${outcome.status}: ${outcome.error?.code ?? ''}`);
      }
    },
  });

describe('fee flow over the flow framework and payments', () => {
  it('runs identity → payment → printing with contract-shaped progress and a QR view', async () => {
    const progress: FlowProgress[] = [];
    const ctx: FeeContext = { onOrder: (orderId) => setTimeout(() => provider.payerPays(orderId), 20) };
    const flow = startFlow(feeFlow(5_000), ctx, { onProgress: (p) => progress.push(FlowProgress.parse(p)) });
    expect(flow.send({ type: 'cardRead', payload: { idNumber: '11010519491231002X' } })).toEqual({ ok: true });
    expect(await flow.done).toEqual({ status: 'done', state: 'printing' });
    expect(progress.map((p) => `${p.state}/${p.status}`)).toEqual([
      'identity/waiting',
      'payment/running',
      'payment/running',
      'printing/running',
      'printing/done',
    ]);
    expect(progress[2]!.view).toMatchObject({ qr: expect.stringContaining(ctx.orderId!) });
    expect(JSON.stringify(progress)).not.toContain('11010519491231002X');
    expect(journal.find(ctx.transactionId!)!.status).toBe('done');
    expect(provider.chargeCount()).toBe(1);
  });

  it('resident cancels while the payment lands: the flow waits for the refund, then ends cancelled', async () => {
    const ctx: FeeContext = {};
    const order: string[] = [];
    ctx.onOrder = (orderId) => {
      provider.landPaymentOnNextCancel(orderId);
      setTimeout(() => flow.send({ type: 'cancel' }), 20);
    };
    const flow = startFlow(feeFlow(5_000), ctx, { onProgress: (p) => order.push(p.status) });
    flow.send({ type: 'cardRead', payload: { idNumber: '11010519491231002X' } });
    const outcome = await flow.done;
    expect(outcome).toMatchObject({ status: 'cancelled', state: 'payment' });
    expect(provider.chargeCount()).toBe(1);
    expect(provider.refundCount()).toBe(1);
    const tx = journal.find(ctx.transactionId!)!;
    expect(tx.status).toBe('refunded');
    expect(tx.steps.map((s) => s.kind)).toEqual(['paymentCreated', 'paymentCancelRequested', 'paid', 'refundRequested', 'refunded']);
    expect(order.at(-1)).toBe('cancelled');
  });

  it('the payment state times out: order cancelled, nothing charged, transaction failed', async () => {
    const ctx: FeeContext = {};
    const flow = startFlow(feeFlow(80), ctx);
    flow.send({ type: 'cardRead', payload: { idNumber: '11010519491231002X' } });
    expect(await flow.done).toMatchObject({ status: 'failed', state: 'payment', error: { code: 'timeout' } });
    expect(provider.order(ctx.orderId!)!.status).toBe('cancelled');
    expect(provider.chargeCount()).toBe(0);
    expect(journal.find(ctx.transactionId!)!.status).toBe('failed');
  });
});
