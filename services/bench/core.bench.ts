/**
 * Core benchmark: complete simulated transactions back to back through the real journal (a temp
 * file, WAL, synchronous=FULL), the real payment service and a simulated backend, with a
 * simulated print (receipt payload stored, `printed` recorded; no device).
 *
 *   npx tsx services/bench/core.bench.ts                     # embedded backend simulator
 *   node --expose-gc --import tsx services/bench/core.bench.ts [--provider sim|embedded] [--count N]
 *
 * Heap figures are only meaningful with --expose-gc (global.gc() runs before each reading); the
 * output says which mode it ran in. Exits non-zero if any row is lost or heap growth exceeds 5 MB.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedGateway } from '../backend-sim/embedded';
import { openJournal } from '../journal/journal';
import { maskIdNumber } from '../journal/personalData';
import { createPaymentService } from '../payments/paymentService';
import { createSimulatedPaymentProvider } from '../payments/simulatedProvider';
import type { PaymentGateway } from '../payments/types';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'embedded' },
    count: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '20' },
  },
});
const COUNT = Number(values.count);
const WARMUP = Number(values.warmup);
const STEPS_PER_TRANSACTION = 4; // identityChecked, paymentCreated, paid, printed
const HEAP_TARGET_MB = 5;
const ID_NUMBER = '11010519491231002X';

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

interface Backend {
  gateway: PaymentGateway;
  residentPays(orderId: string): void;
  charges(): number;
  close(): void;
}

function backend(kind: string): Backend {
  if (kind === 'sim') {
    const provider = createSimulatedPaymentProvider();
    return {
      gateway: provider,
      residentPays: (orderId) => {
        const paid = provider.payerPays(orderId);
        if (!paid.ok) throw new Error(paid.error.message);
      },
      charges: () => provider.chargeCount(),
      close: () => provider.close(),
    };
  }
  const embedded = createEmbeddedGateway();
  return {
    gateway: embedded,
    residentPays: (orderId) => {
      const paid = embedded.sim.controls.simulateResidentPays(orderId);
      if (!('ok' in paid) || !paid.ok) throw new Error(`resident could not pay ${orderId}`);
    },
    charges: () => embedded.sim.controls.providerLedger().filter((entry) => entry.kind === 'charge').length,
    close: () => embedded.close(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'core-bench-'));
const journalPath = join(dir, 'journal.db');
const journal = openJournal(journalPath, { kioskId: 'BENCH' });
const sim = backend(values.provider!);
const payments = createPaymentService({ gateway: sim.gateway, journal, pollInitialMs: 10 });

/** One complete transaction: identity → payment created → paid → printed → done. */
async function transaction(): Promise<void> {
  const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: ID_NUMBER });
  if (!tx.ok) throw new Error(tx.error.message);
  const id = tx.value.id;
  journal.recordStep(id, { kind: 'identityChecked', data: { masked: maskIdNumber(ID_NUMBER) } });
  const attempt = await payments.startPayment({ transactionId: id, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
  if (!attempt.ok) throw new Error(attempt.error.message);
  sim.residentPays(attempt.value.order.orderId);
  const outcome = await attempt.value.waitForPayment({ timeoutMs: 5_000 });
  if (outcome.kind !== 'paid') throw new Error(`transaction ${id} not paid: ${outcome.kind}`);
  // simulated print: the receipt a staff member could reprint, then the printed step
  const saved = journal.saveReceipt(id, 'payment', { transactionId: id, orderId: attempt.value.order.orderId, amountFen: 1000, holder: maskIdNumber(ID_NUMBER) });
  if (!saved.ok) throw new Error(saved.error.message);
  journal.recordStep(id, { kind: 'printed', data: { copies: 1 } });
  const done = journal.complete(id);
  if (!done.ok) throw new Error(done.error.message);
}

let exitCode = 0;
try {
  for (let i = 0; i < WARMUP; i++) await transaction();
  const heapBefore = heapMb();
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) await transaction();
  const elapsedMs = performance.now() - started;
  const heapAfter = heapMb();
  const charges = sim.charges();
  journal.close();
  sim.close();

  // Count what is actually on disk, through a fresh connection.
  const check = new Database(journalPath, { readonly: true });
  const expectedTransactions = COUNT + WARMUP;
  const count = (sql: string) => (check.prepare(sql).get() as { n: number }).n;
  const transactions = count('SELECT count(*) AS n FROM transactions');
  const doneTransactions = count(`SELECT count(*) AS n FROM transactions WHERE status = 'done'`);
  const steps = count('SELECT count(*) AS n FROM steps');
  const receipts = count('SELECT count(*) AS n FROM receipts');
  check.close();
  const lost =
    expectedTransactions - doneTransactions +
    (expectedTransactions * STEPS_PER_TRANSACTION - steps) +
    (expectedTransactions - receipts);
  const growth = heapAfter - heapBefore;

  console.log(`core benchmark: ${COUNT} transactions (+${WARMUP} warm-up), provider=${values.provider}, journal synchronous=FULL WAL on ${tmpdir()}`);
  console.log(`  throughput        ${(COUNT / (elapsedMs / 1000)).toFixed(1)} transactions/s (${(elapsedMs / COUNT).toFixed(2)} ms each, ${elapsedMs.toFixed(0)} ms total)`);
  console.log(`  heap used         before ${heapBefore.toFixed(2)} MB, after ${heapAfter.toFixed(2)} MB ${gc ? '(after global.gc, --expose-gc)' : '(NO --expose-gc: figures include garbage, not meaningful)'}`);
  console.log(`  heap growth       ${growth.toFixed(2)} MB (target < ${HEAP_TARGET_MB} MB)`);
  console.log(`  journal rows      transactions ${transactions} (done ${doneTransactions}) / ${expectedTransactions}, steps ${steps} / ${expectedTransactions * STEPS_PER_TRANSACTION}, receipts ${receipts} / ${expectedTransactions}`);
  console.log(`  provider charges  ${charges} / ${expectedTransactions}`);
  console.log(`  journal rows lost ${lost}`);
  if (lost !== 0 || charges !== expectedTransactions) exitCode = 1;
  if (gc && growth >= HEAP_TARGET_MB) exitCode = 1;
} catch (error) {
  console.error('benchmark failed:', error);
  exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = exitCode;
