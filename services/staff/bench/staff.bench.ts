/**
 * `npm run bench:staff`: how long a staff PIN check takes (argon2id, 19 MiB, 2 passes), how long the
 * four-colour board takes to compute over a busy journal, and how long reconciling a day of 1,000
 * payments takes. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarDate } from '../../../contract/clock';
import { createEmbeddedGateway } from '../../backend-sim/embedded';
import { openJournal } from '../../journal/journal';
import { hashPin, verifyPin } from '../credentials';
import { fourColourBoard } from '../board';
import { moneyIssues } from '../money';
import { reconcile } from '../reconciliation';
import { createTicketBook } from '../tickets';

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

async function main(): Promise<void> {
  // 1. PIN checks.
  const pinHash = await hashPin('246810');
  const times: number[] = [];
  for (let i = 0; i < 20; i++) times.push((await timed(() => verifyPin(pinHash, i % 2 ? '246810' : '999999')))[1]);
  console.log(
    `PIN check (argon2id m=19456 KiB, t=2, p=1): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))} over ${times.length}`,
  );

  // 2. A busy journal: 10,000 finished transactions, 200 open tickets, 50 handed to staff.
  const dir = mkdtempSync(join(tmpdir(), 'staff-bench-'));
  const journal = openJournal(join(dir, 'journal.db'), { kioskId: 'B1' });
  const gateway = createEmbeddedGateway();
  try {
    journal.database.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000 });
        if (!tx.ok) throw new Error('begin');
        const orderId = `PO${String(i).padStart(10, '0')}`;
        journal.recordStep(tx.value.id, { kind: 'paid', idempotencyKey: orderId, data: { orderId, amountFen: 1000 } });
        if (i % 50 === 0) {
          journal.finish(tx.value.id, 'handedToStaff', 'refund failed');
          journal.openTicket(tx.value.id, 'card printer: feederEmpty; refund failed, money still taken');
        } else {
          journal.recordStep(tx.value.id, { kind: 'printed', idempotencyKey: 'card' });
          journal.complete(tx.value.id);
          if (i % 50 === 1)
            journal.openTicket(tx.value.id, 'receipt not printed (paperOut); card issued; reprint the saved receipt');
        }
      }
    })();
    const tickets = createTicketBook(journal, { deadlines: { orangeAfterMs: 30 * 60_000, redAfterMs: 120 * 60_000 } });
    const boardTimes: number[] = [];
    let items = 0;
    for (let i = 0; i < 10; i++) {
      const [board, took] = await timed(() => {
        const open = tickets.list();
        return fourColourBoard({
          kioskId: 'B1',
          now: new Date(),
          devices: { level: 'ok', devices: [] },
          consumablesLow: [],
          services: [{ id: 'tempIdCard', available: true, state: 'ready' }],
          tickets: open,
          money: moneyIssues({
            journal,
            now: new Date(),
            settleMs: 15 * 60_000,
            openMoneyTickets: open.flatMap((t) =>
              t.kind === 'refundNeedsStaff' ? [{ transactionId: t.transactionId, kind: t.kind }] : [],
            ),
          }),
        });
      });
      boardTimes.push(took);
      items = board.items.length;
    }
    console.log(
      `Four-colour board over 10,000 transactions and ${tickets.list().length} open tickets (${items} items): p50 ${ms(percentile(boardTimes, 50))}, p95 ${ms(percentile(boardTimes, 95))}`,
    );

    // 3. Reconciliation of a day with 1,000 charges through the simulated provider.
    const day = calendarDate(new Date(), 'Asia/Shanghai');
    const journal2 = openJournal(join(dir, 'journal2.db'), { kioskId: 'B2' });
    for (let i = 0; i < 1_000; i++) {
      const tx = journal2.begin({ service: 'tempIdCard', amountFen: 1000 });
      if (!tx.ok) throw new Error('begin');
      const order = gateway.sim.operations.createPaymentOrder({
        amountFen: 1000,
        purpose: 'tempIdCardFee',
        channel: 'wechat',
      });
      if (!order.ok) throw new Error('order');
      gateway.sim.controls.simulateResidentPays(order.value.orderId);
      journal2.recordStep(tx.value.id, {
        kind: 'paid',
        idempotencyKey: order.value.orderId,
        data: { orderId: order.value.orderId, amountFen: 1000 },
      });
      journal2.recordStep(tx.value.id, { kind: 'printed', idempotencyKey: 'card' });
      journal2.complete(tx.value.id);
    }
    const [result, took] = await timed(() =>
      reconcile({
        journal: journal2,
        gateway,
        date: day,
        kioskId: 'B2',
        timeZone: 'Asia/Shanghai',
        now: new Date(),
        settleMs: 0,
      }),
    );
    console.log(
      `Reconciliation of 1,000 payments: ${ms(took)} (${result.ok ? `${result.report.matched} matched, ${result.report.mismatches.length} mismatches` : result.reason})`,
    );
    journal2.close();
  } finally {
    journal.close();
    gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
