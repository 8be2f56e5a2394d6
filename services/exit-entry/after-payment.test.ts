/**
 * The endorsement flow once money is involved, on the real drivers and simulators: the backend down
 * before and after payment, a payment that times out, the card taken away during the write (placed
 * again before or after the chip committed, or never), the chip refusing the write, and the card
 * printer failing after the write. Rule: nobody pays without an endorsement on the chip; once it is
 * there, the fee stands and staff print the back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedGateway } from '../backend-sim/embedded';
import type { PoliceGateway } from '../gateway/types';
import { createRig, type Rig } from './test-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The backend with one operation unreachable (a network failure, as a dead link gives). */
const down = (operation: keyof PoliceGateway) => (embedded: EmbeddedGateway): PoliceGateway =>
  new Proxy(embedded, {
    get: (target, key: string) =>
      key === operation ? () => Promise.resolve({ ok: false, error: { kind: 'network', message: 'connect ECONNREFUSED', retryable: true } }) : (target as unknown as Record<string, unknown>)[key],
  }) as unknown as PoliceGateway;

const kinds = (r: Rig) => r.ledger().map((entry) => [entry.kind, entry.amountFen]);

describe('the backend down', () => {
  it('before any choice: the eligibility check fails, nothing is charged', async () => {
    rig = await createRig({ gateway: down('checkEndorsementEligibility') });
    await rig.toEligibility('validHongKongMacao');
    expect(await rig.ended()).toMatchObject({ status: 'failed', state: 'eligibility', error: { code: 'backendUnavailable' } });
    expect(rig.ledger()).toEqual([]);
    expect(rig.endorsementsOn()).toEqual([]);
  });

  it('after payment: the approval cannot be had, the fee is refunded, the approval withdrawn, the chip untouched', async () => {
    rig = await createRig({ gateway: down('approveEndorsement') });
    await rig.toPayment();
    await rig.pay();
    const end = await rig.ended(15_000);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'backendUnavailable' }, view: { money: { status: 'refunded', amountFen: 1500 } } });
    expect(kinds(rig)).toEqual([['charge', 1500], ['refund', 1500]]);
    expect(rig.endorsementsOn()).toEqual([]);
    const tx = rig.journal.find(rig.transactionId())!;
    expect(tx.status).toBe('refunded');
    // The lost approval is withdrawn by its kiosk reference (the administration had none).
    expect(rig.embedded.sim.controls.exitEntry.endorsementState(tx.id).status).toBe('withdrawn');
  });
});

it('a payment that times out charges nothing and writes nothing', async () => {
  rig = await createRig({ settings: { paymentTimeoutMs: 400, timeouts: { payment: 800 } } });
  await rig.toPayment();
  const end = await rig.ended(10_000);
  expect(end).toMatchObject({ status: 'failed', error: { code: 'paymentTimeout' } });
  expect(rig.ledger().filter((entry) => entry.kind === 'charge')).toEqual([]);
  expect(rig.endorsementsOn()).toEqual([]);
  expect(rig.journal.unfinished()).toEqual([]);
});

describe('the card taken away during the write', () => {
  it.each(['beforeCommit', 'afterCommit'] as const)('(%s) and placed again: read back, finished once, charged once', async (phase) => {
    rig = await createRig();
    await rig.toPayment();
    rig.field.armRemovalDuringWrite(phase);
    await rig.pay();
    const replace = await rig.inState('replace', 'waiting', 10_000);
    expect(replace.view).toMatchObject({ cardPresent: false, money: { status: 'charged' } });
    rig.field.place('validHongKongMacao');
    const done = await rig.inState('done', 'done', 15_000);
    expect(done.view).toMatchObject({ backPrinted: true, paidFen: 1500 });
    // Exactly one endorsement on the chip, whichever side of the commit the card left.
    expect(rig.endorsementsOn()).toHaveLength(1);
    expect(kinds(rig)).toEqual([['charge', 1500]]);
  });

  it('another card placed instead is refused; the permit then finishes the write', async () => {
    rig = await createRig();
    await rig.toPayment();
    rig.field.armRemovalDuringWrite('beforeCommit');
    await rig.pay();
    await rig.inState('replace', 'waiting', 10_000);
    rig.field.place('stateEmployee');
    await rig.until((p) => p.state === 'replace' && p.view?.problem === 'otherCard', 10_000, 'otherCard');
    rig.field.remove();
    rig.field.place('validHongKongMacao');
    await rig.inState('done', 'done', 15_000);
    expect(rig.endorsementsOn()).toHaveLength(1);
  });

  it('and never placed again: refunded and withdrawn (never charged without an endorsement)', async () => {
    rig = await createRig({ settings: { replaceMs: 500 } });
    await rig.toPayment();
    rig.field.armRemovalDuringWrite('beforeCommit');
    await rig.pay();
    const end = await rig.ended(15_000);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'writeNotConfirmed' }, view: { money: { status: 'refunded', amountFen: 1500 } } });
    expect(end.view?.money).toMatchObject({ ticketNo: expect.stringMatching(/^WK001-/) });
    expect(kinds(rig)).toEqual([['charge', 1500], ['refund', 1500]]);
    expect(rig.embedded.sim.controls.exitEntry.endorsementState(rig.transactionId()).status).toBe('withdrawn');
    // The card comes back later: its chip holds nothing.
    rig.field.place('validHongKongMacao');
    expect(rig.endorsementsOn()).toEqual([]);
  });
});

it('the chip refuses the write (an authorisation it does not trust): refunded, withdrawn, the chip unchanged', async () => {
  rig = await createRig();
  await rig.toPayment();
  rig.embedded.sim.controls.exitEntry.signNextWithUnknownKey();
  await rig.pay();
  const end = await rig.ended(15_000);
  expect(end).toMatchObject({ status: 'failed', error: { code: 'writeRefused' }, view: { money: { status: 'refunded' } } });
  expect(kinds(rig)).toEqual([['charge', 1500], ['refund', 1500]]);
  expect(rig.endorsementsOn()).toEqual([]);
  expect(rig.embedded.sim.controls.exitEntry.endorsementState(rig.transactionId()).status).toBe('withdrawn');
  expect(rig.cardSim.cardsPrinted()).toEqual([]);
});

it("the card printer fails after the write: the chip holds the endorsement, the fee stands, staff print the back (ticket, said on screen and receipt)", async () => {
  rig = await createRig();
  await rig.toPayment();
  rig.cardSim.jamNextCard();
  await rig.pay();
  const done = await rig.inState('done', 'done', 15_000);
  expect(done.view).toMatchObject({ backPrinted: false, backProblem: 'cardJam', ticketNo: expect.stringMatching(/^WK001-/), paidFen: 1500 });
  expect(rig.endorsementsOn()).toHaveLength(1);
  expect(kinds(rig)).toEqual([['charge', 1500]]);
  const tx = rig.journal.find(rig.transactionId())!;
  expect(tx.status).toBe('done');
  expect(rig.journal.openTickets().map((t) => t.reason).join()).toMatch(/is on the chip; the card's back was not printed \(cardJam\)/);
  const receipt = rig.receiptSim.receipts().at(-1)!;
  const text = receipt.lines.map((l) => (l.kind === 'text' ? l.runs.map((r) => r.text).join('') : '')).join('\n');
  expect(text).toContain(String(done.view!.ticketNo));
});
