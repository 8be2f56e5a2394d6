/**
 * Traffic violations, happy paths through each look-up, end to end with the real drivers and
 * their simulators (A4 over IPP), the embedded police backend, a temp-file journal and the payment
 * service: records → the holder → decisions → one payment → decisions on A4 and a receipt.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTrafficView } from '../../contract/flows/traffic';
import { parseCode, readQrFromPdf } from '../../services/documents';
import { DRIVERS, PAYMENT_CODE, RESIDENT, VIOLATION } from '../../services/backend-sim/fixtures';
import { journalRows } from '../../services/temp-id/test-rig';
import { closeTrafficRenderer, createTrafficRig, fakeJpegBase64, type TrafficRig } from '../../services/traffic/test-rig';
import type { PrintedReceipt } from '../../devices/receipt-printer/simulator';

let rig: TrafficRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
afterAll(closeTrafficRenderer);

const receiptText = (r: PrintedReceipt | undefined) => (r?.lines ?? []).map((l) => (l.kind === 'text' ? l.runs.map((run) => run.text).join('') : l.kind === 'qr' ? `[QR ${l.payload}]` : '')).join('\n');

/** The decision numbers the A4 printer printed, read back from the QR code of each PDF it received. */
async function printedDecisionNumbers(r: TrafficRig): Promise<string[]> {
  const numbers: string[] = [];
  for (const job of r.a4Jobs()) {
    if (job.printed.length === 0) continue;
    const code = await readQrFromPdf(job.pdf);
    numbers.push(code ? parseCode(code).payload.number : 'unreadable');
  }
  return numbers;
}

describe('traffic: happy paths', () => {
  it('by vehicle: two records, the critical notice at 9 points, decisions, one payment, A4 and receipt', { timeout: 45_000 }, async () => {
    rig = await createTrafficRig();
    const lin = DRIVERS.lin;
    rig.start();
    const notice = await rig.inState('notice', 'waiting');
    expect(parseTrafficView('notice', notice.view)).toMatchObject({ routes: ['vehicle', 'licence', 'idCard'], vehicleCheck: 'vinLast6', limits: { maxFineFen: 20000, maxPoints: 6, criticalPoints: 9 } });
    rig.send('chooseRoute', { route: 'vehicle' });
    await rig.inState('vehicleEntry', 'waiting');
    rig.send('vehicleEntered', { plateNumber: lin.vehicle.plateNumber, plateType: '02', checkTail: lin.vehicle.vinLast6 });
    const records = parseTrafficView('records', (await rig.inState('records', 'waiting')).view)!;
    expect(records.vehicle).toEqual({ plateNumber: lin.vehicle.plateNumber, plateType: '02', ownerNameMasked: '林**' });
    expect(records.records.map((r) => [r.violationNo, r.action])).toEqual(lin.violations.map((no) => [no, 'handle']));
    expect(rig.last().step).toBe(3);

    rig.send('selectRecords', { handle: [...lin.violations], pay: [], reprint: [] });
    const identity = await rig.inState('identity');
    expect(identity.step).toBe(4); // the holder step, not the look-up
    const confirm = parseTrafficView('confirm', (await rig.prove(lin.idNumber)).view)!;
    expect(confirm.holder).toMatchObject({ pointsInCycle: 0, pointsAfter: 9, critical: true, criticalPoints: 9 });
    expect(confirm).toMatchObject({ finesFen: 30000, lateFeesFen: 0, totalFen: 30000, dropped: [] });
    // The critical notice must be acknowledged: without it, confirming is refused.
    expect(rig.flow.send({ type: 'confirm', payload: { acknowledgeCritical: false } })).toMatchObject({ ok: false, error: { code: 'notAllowed' } });
    expect(rig.last().state).toBe('confirm');
    rig.send('confirm', { acknowledgeCritical: true });

    const pay = await rig.until((p) => p.state === 'payment' && p.view?.phase === 'waiting');
    expect(parseTrafficView('payment', pay.view)).toMatchObject({ amountFen: 30000 });
    await rig.scannerSim.scan(PAYMENT_CODE.wechat);
    const done = await rig.ended();
    expect(done).toMatchObject({ status: 'done', state: 'done' });
    const view = parseTrafficView('done', done.view)!;
    expect(view).toMatchObject({ paidFen: 30000, receiptPending: false, documentsPending: false, money: { status: 'charged', amountFen: 30000 } });
    expect(view.decisions).toHaveLength(2);
    expect(view.decisions.every((d) => d.issuedHere && d.printed && /^\d{16}$/.test(d.decisionNo))).toBe(true);
    await rig.flow.done;

    // The backend: both decided and paid; the licence carries 9 points.
    for (const d of view.decisions) expect((await rig.embedded.lookupDecision({ decisionNo: d.decisionNo })).ok && true).toBe(true);
    const person = await rig.embedded.queryPersonTraffic({ idNumber: lin.idNumber });
    expect(person.ok && person.value.licence?.pointsInCycle).toBe(9);
    expect(person.ok && person.value.violations.every((v) => v.handled && v.paid)).toBe(true);

    // Paper: each decision on A4 (its number read back from the printed QR), one receipt naming both.
    expect((await printedDecisionNumbers(rig)).sort()).toEqual(view.decisions.map((d) => d.decisionNo).sort());
    const receipt = receiptText(rig.receiptSim.receipts().at(-1));
    for (const d of view.decisions) expect(receipt).toContain(d.decisionNo);
    expect(receipt).toContain('300.00 元');
    expect(receipt).not.toContain(lin.idNumber);

    // Journal: done; both decisions saved (masked) for reprints; one charge.
    const tx = rig.journal.find(view.transactionNo)!;
    expect(tx.status).toBe('done');
    expect(tx.steps.map((s) => s.kind)).toEqual(['identityChecked', 'faceMatched', 'paymentCreated', 'paid', 'printed', 'printed', 'receiptPrinted']);
    expect(rig.journal.receipts(tx.id).map((r) => r.kind).sort()).toEqual([...view.decisions.map((d) => `trafficDecision:${d.decisionNo}`), 'trafficReceipt'].sort());
    expect(rig.ledger().filter((e) => e.kind === 'charge')).toHaveLength(1);
    const everything = [...rig.progress.map((p) => JSON.stringify(p)), ...rig.logger.lines, ...rig.paymentLogs, journalRows(rig.journal).all].join('\n');
    expect(everything).not.toContain(lin.idNumber);
    expect(everything).not.toContain(lin.fileNumber);
    expect(everything).not.toContain(lin.personName);
  });

  it('by licence: licence and file number, one record, the holder proves it, pays by QR', async () => {
    rig = await createTrafficRig();
    const huang = DRIVERS.huang;
    rig.start();
    rig.send('chooseRoute', { route: 'licence' });
    await rig.inState('licenceEntry', 'waiting');
    rig.send('licenceEntered', { licenceNumber: huang.idNumber.toLowerCase(), fileNumber: huang.fileNumber });
    const records = parseTrafficView('records', (await rig.inState('records', 'waiting')).view)!;
    expect(records.licence).toMatchObject({ status: 'valid', pointsInCycle: 0 });
    expect(records.licence!.licenceNumberMasked).toMatch(/^110101\*{8}\d{3}[\dX]$/);
    rig.send('selectRecords', { handle: [huang.violations[0]], pay: [], reprint: [] });
    const confirm = parseTrafficView('confirm', (await rig.prove(huang.idNumber)).view)!;
    expect(confirm.holder).toMatchObject({ pointsAfter: 3, critical: false });
    rig.send('confirm', { acknowledgeCritical: false });
    const orderId = await rig.orderId();
    expect(rig.embedded.sim.controls.simulateResidentPays(orderId).ok).toBe(true);
    const done = await rig.ended();
    expect(done.status).toBe('done');
    expect(parseTrafficView('done', done.view)!.decisions).toHaveLength(1);
    expect(await printedDecisionNumbers(rig)).toHaveLength(1);
  });

  it('with the ID card: card on the reader + face lists the licence and the vehicles; one record; plus a decision paid by number', async () => {
    rig = await createTrafficRig();
    rig.start();
    rig.send('chooseRoute', { route: 'idCard' });
    const identity = await rig.inState('identity');
    expect(identity.step).toBe(2); // the look-up step
    rig.send('idNumberEntered', { idNumber: RESIDENT.standard });
    await rig.inState('face', 'waiting');
    rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('card-route') });
    const records = parseTrafficView('records', (await rig.inState('records', 'waiting')).view)!;
    expect(records.vehicles).toEqual([{ plateNumber: '京A12345', plateType: '02' }]);
    const by = new Map(records.records.map((r) => [r.violationNo, r]));
    expect(by.get(VIOLATION.cameraSmall)).toMatchObject({ action: 'handle' });
    expect(by.get(VIOLATION.onSite)).toMatchObject({ action: 'none', refusal: 'notCameraRecorded' });
    expect(by.get(VIOLATION.speeding50)).toMatchObject({ action: 'none', refusal: 'speeding50Percent' });
    expect(by.get(VIOLATION.highway)).toMatchObject({ action: 'none', refusal: 'expressway' });
    expect(by.get(VIOLATION.fineOver200)).toMatchObject({ refusal: 'fineOverLimit' });
    expect(by.get(VIOLATION.overdue)).toMatchObject({ action: 'pay', lateFeeFen: 18600 });

    // Someone else's decision, by its 16-digit number, joins the same order.
    rig.send('decisionNumberEntered', { decisionNo: '123' });
    expect(rig.last().view?.decisionProblem).toBe('notFound');
    const otherDecision = await rig.embedded.handleViolation({ idempotencyKey: 'elsewhere', violationNo: DRIVERS.gao.violations[0], licenceNumber: DRIVERS.gao.idNumber, fileNumber: DRIVERS.gao.fileNumber });
    if (!otherDecision.ok) throw new Error(otherDecision.error.message);
    rig.send('decisionNumberEntered', { decisionNo: otherDecision.value.decisionNo });
    const added = parseTrafficView('records', (await rig.until((p) => p.state === 'records' && (p.view?.records as unknown[]).length === records.records.length + 1)).view)!;
    expect(added.records.find((r) => r.decisionNo === otherDecision.value.decisionNo)).toMatchObject({ action: 'pay', byNumber: true });

    rig.send('selectRecords', { handle: [VIOLATION.cameraSmall], pay: [otherDecision.value.decisionNo], reprint: [] });
    const confirm = parseTrafficView('confirm', (await rig.inState('confirm', 'waiting')).view)!; // no second identity
    expect(confirm).toMatchObject({ finesFen: 20000, totalFen: 20000, holder: { pointsInCycle: 3, pointsAfter: 6 } });
    rig.send('confirm', { acknowledgeCritical: false });
    await rig.orderId();
    await rig.scannerSim.scan(PAYMENT_CODE.alipay);
    const done = parseTrafficView('done', (await rig.ended()).view)!;
    expect(done.decisions.map((d) => [d.issuedHere, d.printed])).toEqual([[true, true], [false, false]]);
    expect(done.paidFen).toBe(20000);
    const paidElsewhere = await rig.embedded.lookupDecision({ decisionNo: otherDecision.value.decisionNo });
    expect(paidElsewhere.ok && paidElsewhere.value.violation.paid).toBe(true);
    // Only the holder's own decision is printed; the other one is on the receipt.
    expect(await printedDecisionNumbers(rig)).toEqual([done.decisions[0]!.decisionNo]);
    expect(receiptText(rig.receiptSim.receipts().at(-1))).toContain(otherDecision.value.decisionNo);
  });
});
