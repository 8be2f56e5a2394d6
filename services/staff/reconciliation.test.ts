/**
 * Reconciliation of a day against the simulated provider's statement: payments made through the
 * real payment service and journal, then each kind of mismatch injected into the provider's books.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarDate } from '../../contract/clock';
import { ReconciliationReport } from '../../contract/reconciliation';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { feeOf } from '../backend-sim/statement';
import type { GatewayResult, PoliceGateway, ProviderStatement } from '../gateway/types';
import { openJournal, type Journal } from '../journal/journal';
import { createPaymentService, type PaymentService } from '../payments/paymentService';
import { reconcile } from './reconciliation';
import { neutraliseFormula, reconciliationCsv } from './reconciliation-csv';

const TZ = 'Asia/Shanghai';

describe('reconciliation against the provider statement', () => {
  let dir: string;
  let journal: Journal;
  let gateway: EmbeddedGateway;
  let payments: PaymentService;
  const today = () => calendarDate(new Date(), TZ);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reconcile-'));
    journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K1' });
    gateway = createEmbeddedGateway();
    payments = createPaymentService({ gateway, journal, pollInitialMs: 5, pollMaxMs: 10, retryDelayMs: 1 });
  });
  afterEach(() => {
    journal.close();
    gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A paid transaction (QR paid by the resident), delivered unless told otherwise. */
  async function pay(amountFen = 1000, deliver = true): Promise<{ id: string; orderId: string }> {
    const tx = journal.begin({ service: 'tempIdCard', amountFen });
    if (!tx.ok) throw new Error('begin');
    const attempt = await payments.startPayment({
      transactionId: tx.value.id,
      amountFen,
      purpose: 'tempIdCardFee',
      channel: 'wechat',
    });
    if (!attempt.ok) throw new Error(attempt.error.message);
    gateway.sim.controls.simulateResidentPays(attempt.value.order.orderId);
    expect((await attempt.value.check()).kind).toBe('paid');
    if (deliver) {
      journal.recordStep(tx.value.id, { kind: 'printed', idempotencyKey: 'card' });
      journal.complete(tx.value.id);
    } else {
      journal.fail(tx.value.id, 'card printer failed');
    }
    return { id: tx.value.id, orderId: attempt.value.order.orderId };
  }
  const run = (date = today(), g: Pick<PoliceGateway, 'getProviderStatement'> = gateway) =>
    reconcile({ journal, gateway: g, date, kioskId: 'K1', timeZone: TZ, now: new Date(), settleMs: 15 * 60_000 });
  const report = async (date?: string) => {
    const result = await run(date);
    if (!result.ok) throw new Error(result.message);
    return ReconciliationReport.parse(result.report);
  };

  it('a clean day: every charge and refund matches; totals and 0.6 % fees add up', async () => {
    await pay(1000);
    await pay(2000);
    const refunded = await pay(1000);
    expect((await payments.refund(refunded.id, 'test')).ok).toBe(true);
    const r = await report();
    expect(r.mismatches).toEqual([]);
    expect(r.matched).toBe(4);
    expect(r.journal).toEqual({ charges: { count: 3, fen: 4000 }, refunds: { count: 1, fen: 1000 } });
    expect(r.provider.charges).toEqual({ count: 3, fen: 4000 });
    expect(r.provider.refunds).toEqual({ count: 1, fen: 1000 });
    expect(r.provider.feesFen).toBe(feeOf(1000) + feeOf(2000) + feeOf(1000) - feeOf(1000));
    expect(r.provider.feesFen).toBe(6 + 12);
    expect(r.provider.netFen).toBe(4000 - 1000 - 18);
  });

  it('finds a charge the kiosk never made (no journal entry)', async () => {
    await pay();
    const injected = gateway.sim.controls.injectStatementMismatch('chargeWithoutOrder');
    if (!injected.ok) throw new Error('inject');
    const r = await report();
    expect(r.mismatches).toEqual([
      {
        kind: 'chargeWithoutJournal',
        transactionId: null,
        orderId: injected.value.orderId,
        providerReference: expect.any(String),
        providerFen: 1000,
      },
    ]);
    expect(r.matched).toBe(1);
  });

  it('finds a refund made twice', async () => {
    const { id, orderId } = await pay();
    await payments.refund(id, 'test');
    gateway.sim.controls.injectStatementMismatch('refundTwice');
    const r = await report();
    expect(r.mismatches).toEqual([
      expect.objectContaining({
        kind: 'refundedTwice',
        transactionId: id,
        orderId,
        journalFen: 1000,
        providerFen: 2000,
      }),
    ]);
  });

  it('finds a journal charge missing from the statement, and an amount that differs', async () => {
    const first = await pay();
    gateway.sim.controls.injectStatementMismatch('dropCharge');
    const second = await pay(1500);
    gateway.sim.controls.injectStatementMismatch('alterAmount');
    const r = await report();
    expect(r.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'journalChargeMissing',
          transactionId: first.id,
          orderId: first.orderId,
          journalFen: 1000,
        }),
        expect.objectContaining({
          kind: 'amountDiffers',
          transactionId: second.id,
          orderId: second.orderId,
          journalFen: 1500,
          providerFen: 1600,
        }),
      ]),
    );
    expect(r.mismatches).toHaveLength(2);
  });

  it('lists money paid but neither delivered nor refunded', async () => {
    const lost = await pay(1000, false);
    const r = await report();
    expect(r.mismatches).toEqual([
      { kind: 'paidNotDelivered', transactionId: lost.id, orderId: lost.orderId, journalFen: 1000 },
    ]);
    await payments.refund(lost.id, 'staff refund');
    expect((await report()).mismatches).toEqual([]);
  });

  it('refuses a day that has not begun, and says when the statement cannot be had', async () => {
    expect(await run('2999-01-01')).toMatchObject({ ok: false, reason: 'dateInFuture' });
    const down: Pick<PoliceGateway, 'getProviderStatement'> = {
      getProviderStatement: async (): Promise<GatewayResult<ProviderStatement>> => ({
        ok: false,
        error: { kind: 'network', message: 'ECONNREFUSED', retryable: true },
      }),
    };
    expect(await run(today(), down)).toMatchObject({ ok: false, reason: 'statementUnavailable' });
  });

  it('exports CSV with a BOM, the totals, one row per mismatch, and no formulas', async () => {
    await pay();
    gateway.sim.controls.injectStatementMismatch('chargeWithoutOrder');
    const csv = reconciliationCsv(await report());
    expect(csv.startsWith('\uFEFF对账日期 Date,')).toBe(true);
    expect(csv).toContain('渠道收款 Provider charges,2,20.00\r\n');
    expect(csv).toContain('渠道手续费 Provider fees,,0.12\r\n');
    expect(csv.split('\r\n').filter((line) => line.startsWith('渠道有收款'))).toHaveLength(1);
    expect(neutraliseFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutraliseFormula('-0.06')).toBe('-0.06');
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('reconciliation near midnight', () => {
  it('a payment the journal books at 23:58 and the provider at 00:01 the next day is no mismatch on either day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-'));
    let clock = Date.parse('2026-11-30T15:58:00Z'); // 23:58 in Beijing on 30 November
    const journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K1', now: () => new Date(clock) });
    try {
      const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000 });
      if (!tx.ok) throw new Error('begin');
      journal.recordStep(tx.value.id, {
        kind: 'paid',
        idempotencyKey: 'PO20261130000001',
        data: { orderId: 'PO20261130000001', amountFen: 1000 },
      });
      journal.recordStep(tx.value.id, { kind: 'printed', idempotencyKey: 'card' });
      journal.complete(tx.value.id);
      clock = Date.parse('2026-12-01T04:00:00Z');
      const entry = {
        entryId: 'SE1',
        kind: 'charge' as const,
        orderId: 'PO20261130000001',
        reference: 'WE1',
        channel: 'wechat' as const,
        amountFen: 1000,
        feeFen: 6,
        at: '2026-11-30T16:01:00.000Z',
      };
      const statements: Record<string, ProviderStatement> = {
        '2026-11-30': {
          date: '2026-11-30',
          entries: [],
          totals: { chargesFen: 0, refundsFen: 0, feesFen: 0, netFen: 0 },
        },
        '2026-12-01': {
          date: '2026-12-01',
          entries: [entry],
          totals: { chargesFen: 1000, refundsFen: 0, feesFen: 6, netFen: 994 },
        },
      };
      const g: Pick<PoliceGateway, 'getProviderStatement'> = {
        getProviderStatement: async ({ date }) => ({ ok: true, value: statements[date]! }),
      };
      for (const date of ['2026-11-30', '2026-12-01']) {
        const result = await reconcile({
          journal,
          gateway: g,
          date,
          kioskId: 'K1',
          timeZone: TZ,
          now: new Date(clock),
          settleMs: 0,
        });
        expect(result.ok && result.report.mismatches, date).toEqual([]);
      }
    } finally {
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
