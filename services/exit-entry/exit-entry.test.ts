/**
 * The endorsement flow end to end in the core, on the real drivers and simulators: the happy path
 * (chip read through access control and passive authentication, face, choice, payment, the write
 * read back, the card's back and the receipt), and what the resident meets when the chip or the
 * OCR line is wrong, the administration says no, or the face does not match.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PERMIT, PERMIT_HOLDERS } from '../backend-sim/exit-entry-fixtures';
import { permitFixture } from '../../devices/travel-permit-sim/fixtures';
import { createRig, fakeJpegBase64, journalRows, type Rig } from './test-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const holder = (documentNumber: string) => PERMIT_HOLDERS.find((h) => h.documentNumber === documentNumber)!;

describe('the endorsement flow', () => {
  it('reads and verifies the chip, compares the face, offers what is open, takes the fee, writes, reads back, prints the back and a receipt', async () => {
    rig = await createRig();
    await rig.toEligibility('validHongKongMacao');
    const choose = await rig.inState('choose', 'waiting');
    expect(choose.view).toMatchObject({ holder: { documentCode: 'CS', maskedNumber: 'C1*****78', maskedName: '张*', permitExpiry: '2030-01-01' }, onChip: [] });
    // No business record: S is not offered; the post's other types are.
    expect((choose.view!.offers as { type: string }[]).map((o) => o.type)).toEqual(['G', 'L', 'T', 'Q']);
    rig.send('endorsementChosen', { endorsementType: 'G', destination: 'HKMO', validityMonths: 12, trips: 2 });
    const confirm = await rig.inState('confirm', 'waiting');
    expect(confirm.view).toMatchObject({ choice: { type: 'G', destination: 'HKMO', validityMonths: 12, trips: 2, stayDays: 7 }, feeFen: 6000 });
    rig.send('confirm');
    const payment = await rig.until((p) => p.state === 'payment' && typeof p.view?.qrPayload === 'string');
    expect(payment.view!.amountFen).toBe(6000);
    await rig.pay();
    const done = await rig.inState('done', 'done', 15_000);
    const endorsement = done.view!.endorsement as { serial: string; validUntil: string };
    expect(done.view).toMatchObject({ endorsement: { type: 'G', destination: 'HKMO', trips: 2, validUntil: '2026-06-15' }, maskedNumber: 'C1*****78', paidFen: 6000, backPrinted: true, receiptPending: false });

    // The chip holds exactly this endorsement, once.
    const onChip = rig.endorsementsOn();
    expect(onChip.map((e) => e.record)).toEqual([{ type: 'G', destination: 'HKMO', trips: 2, validUntil: '20260615', issuingOffice: '公安部出入境管理局', serial: endorsement.serial }]);
    // The back was printed on the resident's card from the manual slot (no blank card used), front untouched.
    const card = rig.cardSim.cardsPrinted().at(-1)!;
    expect(card).toMatchObject({ source: 'manual', front: undefined });
    expect(card.back?.some((byte) => byte !== 0)).toBe(true);
    const receipt = rig.receiptSim.receipts().at(-1)!;
    const text = receipt.lines.map((l) => (l.kind === 'text' ? l.runs.map((r) => r.text).join('') : '')).join('\n');
    expect(text).toContain(`签注编号: ${endorsement.serial}`);
    expect(text).toContain('C1*****78');

    // Money: charged once; the journal completed, masked only; the access key not kept.
    expect(rig.ledger().map((e) => [e.kind, e.amountFen])).toEqual([['charge', 6000]]);
    const tx = rig.journal.find(rig.transactionId())!;
    expect(tx.status).toBe('done');
    expect(tx.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['identityChecked', 'paid', 'backendEffect', 'printed', 'receiptPrinted']));
    const dump = journalRows(rig.journal).all;
    expect(dump).not.toContain(PERMIT.valid);
    expect(dump).not.toContain(holder(PERMIT.valid).idNumber);
    expect(dump).not.toContain(permitFixture('validHongKongMacao').printedOcrLine);
    expect(readdirSync(join(rig.dir, 'scratch'))).toEqual([]);
    expect(rig.embedded.sim.controls.exitEntry.endorsementState(tx.id)).toEqual({ serial: endorsement.serial, status: 'approved' });
  });

  it('the OCR line typed on the keypad opens the chip as well; a line with a wrong check digit is refused as typed', async () => {
    rig = await createRig();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('permit', 'waiting');
    rig.field.place('validHongKongMacao');
    const line = permitFixture('validHongKongMacao').printedOcrLine;
    rig.send('ocrLineTyped', { line: `${line.slice(0, 29)}${(Number(line[29]) + 1) % 10}` });
    expect((await rig.until((p) => p.view?.problem === 'typedLineInvalid')).view).toMatchObject({ cardPresent: true, ocr: 'waiting' });
    rig.send('ocrLineTyped', { line: line.toLowerCase() });
    await rig.inState('face', 'waiting');
  });

  it('a misread OCR line is asked again; a line that does not open the chip is refused after the allowed attempts', async () => {
    rig = await createRig({ settings: { maxReadAttempts: 2 } });
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('permit', 'waiting');
    await rig.present('validHongKongMacao', { misread: true });
    await rig.until((p) => p.view?.problem === 'ocrMisread');
    // The card's printed line does not match its chip (birth date off by a day): BAC fails.
    await rig.present('wrongKey');
    await rig.until((p) => p.view?.problem === 'accessDenied');
    await rig.ocrSim.read(permitFixture('wrongKey').printedOcrLine);
    const ended = await rig.ended();
    expect(ended).toMatchObject({ status: 'failed', error: { code: 'accessKeyMismatch' } });
  });

  it.each([
    ['tamperedDataGroup', 'dataTampered'],
    ['unknownSigner', 'untrustedSigner'],
  ] as const)('a chip that is not genuine (%s) is refused at once, with a staff ticket', async (fixture, reason) => {
    rig = await createRig();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('permit', 'waiting');
    await rig.present(fixture);
    const ended = await rig.ended();
    expect(ended).toMatchObject({ status: 'failed', error: { code: reason } });
    expect(ended.view?.ticketNo).toMatch(/^WK001-\d{8}-\d{3}$/);
    expect(rig.journal.openTickets().map((t) => t.reason).join()).toContain(reason);
  });

  it('an unreadable chip is tried again, then sent to the counter', async () => {
    rig = await createRig({ settings: { maxReadAttempts: 2 } });
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('permit', 'waiting');
    await rig.present('unreadableChip');
    await rig.until((p) => p.view?.problem === 'unreadable');
    rig.field.place('unreadableChip');
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'chipUnreadable' } });
  });

  it('an expired permit is refused after the chip proved genuine; a Taiwan permit is sent to the counter', async () => {
    rig = await createRig();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('permit', 'waiting');
    await rig.present('expired');
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'permitExpired' }, view: { permitExpiry: '2023-06-15' } });
    await rig.close();
    rig = await createRig();
    rig.start();
    await rig.inState('notice', 'waiting');
    rig.send('accept');
    await rig.inState('permit', 'waiting');
    await rig.present('taiwan');
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'permitNotOffered' } });
  });

  it("a state employee is sent to the counter by the post's rule (journalled, masked), before any choice", async () => {
    rig = await createRig();
    await rig.toEligibility('stateEmployee');
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'notEligible' }, view: { refusal: 'stateEmployee' } });
    const tx = rig.journal.find(rig.transactionId())!;
    expect(tx).toMatchObject({ status: 'failed', maskedIdNumber: '110101********1020' });
    expect(rig.ledger()).toEqual([]);
  });

  it('the rule can be switched off: the same holder then chooses', async () => {
    rig = await createRig({ settings: { rules: { firstTimeToCounter: true, nonLocalToCounter: true, stateEmployeesToCounter: false } } });
    await rig.toEligibility('stateEmployee');
    await rig.inState('choose', 'waiting');
  });

  it("a face that matches neither the chip's photo nor the photo on file ends after every attempt", async () => {
    rig = await createRig();
    await rig.toEligibility('faceMismatch');
    for (let attempt = 2; attempt <= 3; attempt++) {
      await rig.until((p) => p.state === 'face' && p.view?.attempt === attempt && p.status === 'waiting');
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64(`capture-${attempt}`) });
    }
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'faceMismatch' } });
    expect(rig.ledger()).toEqual([]);
  });

  it('a choice that is not offered is refused on the screen; confirming without the permit on the reader asks for it', async () => {
    rig = await createRig();
    await rig.toEligibility('validHongKongMacao');
    await rig.inState('choose', 'waiting');
    rig.send('endorsementChosen', { endorsementType: 'S', destination: 'HK', validityMonths: 12, trips: 0 });
    await rig.until((p) => p.state === 'choose' && p.view?.problem === 'notOffered');
    rig.send('endorsementChosen', { endorsementType: 'T', destination: 'MO', validityMonths: 3, trips: 1 });
    await rig.inState('confirm', 'waiting');
    rig.field.remove();
    rig.send('confirm');
    await rig.until((p) => p.state === 'confirm' && p.view?.problem === 'permitRemoved');
    rig.field.place('validHongKongMacao');
    rig.send('confirm');
    await rig.until((p) => p.state === 'payment');
    expect(existsSync(join(rig.dir, 'scratch'))).toBe(true);
  });
});
