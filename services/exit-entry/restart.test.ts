/**
 * The kiosk restarted in the middle of the write (services/recovery through the module's
 * resumePrint): the journal holds the payment and the approval, the sealed scratch the chip's access
 * key. With the permit on the reader after the restart, recovery reads the chip back — written:
 * the back and the receipt are printed; not written: it writes and reads back — and with the card
 * gone it refunds and withdraws the approval. Nothing is charged twice or without an endorsement.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compensateEffects } from '../gateway/compensation';
import { recoverUnfinished } from '../recovery/recovery';
import { exitEntryPrintIncomplete, resumeExitEntry } from './recovery';
import { createRig, type Rig } from './test-rig';

const rigs: Rig[] = [];
afterEach(async () => {
  // The restarted kiosk first (it shares the dead one's directory), then the dead one.
  for (const rig of rigs.reverse()) await rig.close();
  rigs.length = 0;
});

/** Pays, loses the card at `phase` of the write, and kills the kiosk while it waits for the card. */
async function crashMidWrite(phase: 'beforeCommit' | 'afterCommit') {
  const first = await createRig({ settings: { replaceMs: 3_600_000 } });
  rigs.push(first);
  await first.toPayment();
  first.field.armRemovalDuringWrite(phase);
  await first.pay();
  await first.inState('replace', 'waiting', 10_000);
  const transactionId = first.transactionId();
  await first.crash();
  const second = await createRig({ dir: first.dir, field: first.field, backend: first.embedded });
  rigs.push(second);
  return { first, second, transactionId };
}

function recover(rig: Rig, cardWaitMs = 2_000) {
  return recoverUnfinished({
    journal: rig.journal,
    gateway: rig.gateway,
    payments: rig.payments,
    resumePrint: (tx) =>
      resumeExitEntry(
        {
          journal: rig.journal,
          scratch: rig.scratch,
          reader: () => rig.reader,
          cardPrinter: () => rig.cardPrinter,
          receiptPrinter: () => rig.receiptPrinter,
          post: { name: '东华门24小时智慧警务室', timeZone: 'Asia/Shanghai', receiptPrintTimeoutMs: 5_000 },
          stayDays: () => 7,
          apduTimeoutMs: 2_000,
          cardWaitMs,
          cardBackTimeoutMs: 5_000,
          now: rig.now,
        },
        tx,
      ),
    printIncomplete: exitEntryPrintIncomplete,
    compensate: (id, why) => compensateEffects(rig.journal, rig.gateway, id, why),
  });
}

describe('a restart mid-write', () => {
  it.each(['beforeCommit', 'afterCommit'] as const)('(%s) with the permit on the reader: recovery finishes the write once, prints the back and the receipt', async (phase) => {
    const { second, transactionId } = await crashMidWrite(phase);
    expect(readdirSync(join(second.dir, 'scratch'))).toHaveLength(1);
    second.field.place('validHongKongMacao');
    const records = await recover(second);
    expect(records).toMatchObject([{ transactionId, decision: 'printedAndCompleted' }]);
    expect(second.endorsementsOn()).toHaveLength(1);
    expect(second.cardSim.cardsPrinted()).toMatchObject([{ source: 'manual' }]);
    expect(second.receiptSim.receipts()).toHaveLength(1);
    expect(second.ledger().map((e) => e.kind)).toEqual(['charge']);
    expect(second.journal.find(transactionId)!.status).toBe('done');
    // The access key does not outlive the recovery.
    expect(readdirSync(join(second.dir, 'scratch'))).toEqual([]);
  });

  it('with the permit gone: refunded and the approval withdrawn; the chip holds nothing', async () => {
    const { second, transactionId } = await crashMidWrite('beforeCommit');
    const records = await recover(second, 200);
    expect(records).toMatchObject([{ transactionId, decision: 'refunded' }]);
    expect(records[0]!.detail).toMatch(/permit was not on the reader/);
    expect(second.ledger().map((e) => e.kind)).toEqual(['charge', 'refund']);
    expect(second.embedded.sim.controls.exitEntry.endorsementState(transactionId).status).toBe('withdrawn');
    second.field.place('validHongKongMacao');
    expect(second.endorsementsOn()).toEqual([]);
    expect(readdirSync(join(second.dir, 'scratch'))).toEqual([]);
  });

  it('after the write, before the back was printed: recovery prints the back and the receipt, the chip is not written again', async () => {
    // The back never comes: the kiosk dies while the card printer works.
    const first = await createRig({ settings: { timeouts: { printing: 3_600_000 } }, cardBackPrinter: { printCard: () => new Promise(() => {}) } });
    rigs.push(first);
    await first.toPayment();
    await first.pay();
    await first.until((p) => p.state === 'writing' && p.view?.phase === 'printing', 15_000, 'printing the back');
    const transactionId = first.transactionId();
    await first.crash();
    const second = await createRig({ dir: first.dir, field: first.field, backend: first.embedded });
    rigs.push(second);
    const records = await recover(second);
    expect(records).toMatchObject([{ transactionId, decision: 'printedAndCompleted' }]);
    expect(second.endorsementsOn()).toHaveLength(1);
    expect(second.cardSim.cardsPrinted()).toHaveLength(1);
    expect(second.ledger().map((e) => e.kind)).toEqual(['charge']);
  });
});
