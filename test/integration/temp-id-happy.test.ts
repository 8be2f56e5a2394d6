/**
 * Temporary ID card, happy paths, end to end with the real drivers over in-memory links to their
 * simulators, the embedded police backend, a temp-file journal and the payment service.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTempIdView } from '../../contract/flows/temp-id-card';
import { inkCoverage, panelBytesToDesign } from '../../devices/card-printer/bitmap';
import { renderCardPng } from '../../devices/card-printer/simulator';
import { decodePng } from '../../devices/render/png';
import { renderReceiptPng } from '../../devices/receipt-printer/render';
import type { PrintedReceipt } from '../../devices/receipt-printer/simulator';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { createRig, fakeJpegBase64, journalRows, type Rig } from '../../services/temp-id/test-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
const receiptText = (r: PrintedReceipt | undefined) =>
  (r?.lines ?? []).map((l) => (l.kind === 'text' ? l.runs.map((run) => run.text).join('') : l.kind === 'qr' ? `[QR ${l.payload}]` : '')).join('\n');

describe('temporary ID card: happy paths', () => {
  it('card read → eligibility → face → confirm → payment code → card and receipt printed', async () => {
    rig = await createRig();
    const id = RESIDENT.standard;
    rig.start();
    const notice = await rig.inState('notice', 'waiting');
    expect(parseTempIdView('notice', notice.view)).toEqual({ feeFen: 1000, validityMonths: 3 });
    expect(notice).toMatchObject({ service: 'tempIdCard', step: 1, totalSteps: 8 });
    rig.send('accept');
    await rig.inState('identity');
    await rig.placeCardOf(id);

    const face = await rig.inState('face', 'waiting');
    expect(parseTempIdView('face', face.view)).toEqual({ attempt: 1, maxAttempts: 3 });
    rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('live-1') });

    const confirm = await rig.inState('confirm', 'waiting');
    const view = parseTempIdView('confirm', confirm.view);
    expect(view).toMatchObject({
      name: '张伟',
      maskedIdNumber: masked(id),
      validFrom: '2025-06-16',
      validUntil: '2025-09-15',
      issuingAuthority: '北京市公安局东城分局',
      feeFen: 1000,
    });
    rig.send('confirm');

    const pay = await rig.until((p) => p.state === 'payment' && p.view?.phase === 'waiting');
    const payView = parseTempIdView('payment', pay.view)!;
    expect(payView.qrPayload).toMatch(/.+/);
    expect(payView.amountFen).toBe(1000);
    expect(payView.secondsLeft).toBeGreaterThan(0);
    await rig.scannerSim.scan(PAYMENT_CODE.wechat);

    const done = await rig.until((p) => p.status === 'done', 15_000, 'done');
    await rig.flow.done;
    const doneView = parseTempIdView('done', done.view)!;
    const tx = rig.journal.find(doneView.transactionNo)!;
    expect(doneView).toMatchObject({ maskedIdNumber: masked(id), validUntil: '2025-09-15', receiptPending: false, money: { status: 'charged', amountFen: 1000 } });
    expect(done).toMatchObject({ state: 'done', step: 8 });

    // The flow went through every state in order, and printing showed its phases.
    const states = [...new Set(rig.progress.map((p) => p.state))];
    expect(states).toEqual(['notice', 'identity', 'eligibility', 'face', 'faceCheck', 'confirm', 'payment', 'printing', 'done']);
    const phases = [...new Set(rig.progress.filter((p) => p.state === 'printing').map((p) => p.view?.phase))];
    expect(phases).toEqual(['registering', 'card', 'receipt']);

    // Journal: done, steps in order, one charge and no refund at the provider.
    expect(tx.status).toBe('done');
    expect(tx.maskedIdNumber).toBe(masked(id));
    expect(tx.steps.map((s) => s.kind)).toEqual(['identityChecked', 'faceMatched', 'paymentCreated', 'paid', 'backendEffect', 'printed', 'receiptPrinted']);
    const ledger = rig.ledger();
    expect(ledger.filter((e) => e.kind === 'charge')).toHaveLength(1);
    expect(ledger.filter((e) => e.kind === 'refund')).toHaveLength(0);

    // The card: both sides printed, not blank; the PNG decodes.
    const cards = rig.cardSim.cardsPrinted();
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.defect).toBeUndefined();
    const frontInk = inkCoverage(panelBytesToDesign(card.front!));
    const backInk = inkCoverage(panelBytesToDesign(card.back!));
    expect(frontInk).toBeGreaterThan(0.03);
    expect(backInk).toBeGreaterThan(0.01);
    const png = renderCardPng(card);
    const decoded = decodePng(png);
    expect(decoded.width).toBeGreaterThan(2000);
    writeFileSync('/tmp/temp-id-card.png', png);

    // The receipt: masked number and transaction number (text and QR), never the full number or name.
    const printed = rig.receiptSim.receipts().at(-1);
    const text = receiptText(printed);
    expect(text).toContain(masked(id));
    expect(text).toContain(tx.id);
    expect(text).toContain(`[QR ${tx.id}]`);
    expect(text).toContain('10.00 元');
    expect(text).not.toContain(id);
    expect(text).not.toContain('张伟');
    const rendered = renderReceiptPng(printed!);
    expect(rendered.ok).toBe(true);
    if (rendered.ok) writeFileSync('/tmp/temp-id-receipt.png', rendered.value.png);

    // Privacy: no progress, log line or journal row holds the full number, the name or a photo.
    const everything = [
      ...rig.progress.map((p) => JSON.stringify(p)),
      ...rig.logger.lines,
      ...rig.paymentLogs,
      journalRows(rig.journal).all,
    ].join('\n');
    expect(everything).not.toContain(id);
    expect(rig.logger.lines.join('\n') + journalRows(rig.journal).all).not.toContain('张伟');
    expect(everything).not.toContain(fakeJpegBase64('live-1'));
  });

  it('typed number path with a QR payment (poll) completes the same way', async () => {
    rig = await createRig();
    await rig.toConfirm(RESIDENT.standard.toLowerCase());
    rig.send('confirm');
    const orderId = await rig.orderId();
    expect(rig.embedded.sim.controls.simulateResidentPays(orderId).ok).toBe(true);
    const done = await rig.until((p) => p.status === 'done', 15_000, 'done');
    expect(done.view?.receiptPending).toBe(false);
    await rig.flow.done;
    const tx = rig.journal.find(String(done.view?.transactionNo))!;
    expect(tx.status).toBe('done');
    expect(tx.steps.find((s) => s.kind === 'identityChecked')?.data.source).toBe('typed');
    expect(rig.cardSim.cardsPrinted()).toHaveLength(1);
  });
});
