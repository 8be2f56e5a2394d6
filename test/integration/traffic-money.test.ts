/**
 * Traffic violations, money and paper after decisions were issued: the backend down at payment,
 * a payment that times out or is cancelled (the decisions stand and are printed anyway), the A4
 * printer out of paper after payment (no refund: saved for a reprint, staff ticket, and the
 * reprint through the same look-up later), and a restart between paid and printed (printed once,
 * charged once).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTrafficView } from '../../contract/flows/traffic';
import { DRIVERS, PAYMENT_CODE, type DriverFixture } from '../../services/backend-sim/fixtures';
import { DocumentPrinter } from '../../devices/document-printer/driver';
import { IppPrinterSimulator } from '../../devices/document-printer/simulator/server';
import { SIMULATOR_ISSUER_KEY } from '../../services/documents';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { recoverUnfinished } from '../../services/recovery/recovery';
import { journalRows } from '../../services/temp-id/test-rig';
import { resumeTrafficPrint, trafficPrintIncomplete } from '../../services/traffic/launcher';
import { closeTrafficRenderer, createTrafficRig, fakeJpegBase64, type TrafficRig, type TrafficRigOptions } from '../../services/traffic/test-rig';

let rig: TrafficRig | undefined;
afterEach(async () => {
  if (rig) {
    const all = [...rig.logger.lines, journalRows(rig.journal).all, ...rig.progress.map((p) => JSON.stringify(p))].join('\n');
    for (const d of Object.values(DRIVERS)) expect(all).not.toContain(d.idNumber);
  }
  await rig?.close();
  rig = undefined;
});
afterAll(closeTrafficRenderer);

const open = async (options?: TrafficRigOptions) => (rig = await createTrafficRig(options));
const down = <T>(): Promise<GatewayResult<T>> => Promise.resolve({ ok: false, error: { kind: 'network', message: 'ECONNREFUSED (test)', retryable: true } });
const withDown = (ops: (keyof PoliceGateway)[]) => (g: PoliceGateway): PoliceGateway =>
  new Proxy(g, { get: (target, key: string) => (ops.includes(key as keyof PoliceGateway) ? down : (target as unknown as Record<string, unknown>)[key]) });
const charges = (r: TrafficRig) => r.ledger().filter((e) => e.kind === 'charge');
const refunds = (r: TrafficRig) => r.ledger().filter((e) => e.kind === 'refund');
const printedPages = (r: TrafficRig) => r.a4Jobs().reduce((n, job) => n + job.printed.length, 0);

/** Vehicle look-up → both records → holder → confirmed: at the payment step with decisions issued. */
async function toPayment(r: TrafficRig, driver: DriverFixture, records: readonly string[] = driver.violations) {
  await r.recordsByVehicle(driver);
  r.send('selectRecords', { handle: [...records], pay: [], reprint: [] });
  await r.prove(driver.idNumber);
  r.send('confirm', { acknowledgeCritical: true });
  // Polled progress can miss a payment step the backend refuses at once: look at every update instead.
  return r.until(() => r.progress.some((p) => p.state === 'payment'), 15_000, 'payment');
}

describe('payment after decisions were issued', () => {
  it.each([
    ['the backend down at payment', 'backendUnavailable', 'failed', { gateway: withDown(['createPaymentOrder']) }, async () => undefined],
    ['the payment window runs out', 'paymentTimeout', 'failed', { config: { paymentTimeoutSeconds: 30 }, overrides: { paymentTimeoutSeconds: 0.3 } }, async () => undefined],
    ['the resident cancels at payment', 'cancelled', 'cancelled', {}, async (r: TrafficRig) => {
      await r.orderId();
      r.send('cancelPayment');
    }],
  ] as const)('%s: decisions stand, printed anyway, nothing charged, the ending says how to pay', async (_what, code, status, options, act) => {
    const r = await open(options as TrafficRigOptions);
    const driver = code === 'backendUnavailable' ? DRIVERS.tang : code === 'paymentTimeout' ? DRIVERS.luo : DRIVERS.song;
    await toPayment(r, driver);
    await act(r);
    const end = await r.ended();
    expect(end).toMatchObject({ status, error: { code } });
    const view = end.view as { money?: unknown; decisions?: { printed: boolean; dueDate: string }[]; documentsPrinted?: boolean };
    expect(view.money).toMatchObject({ status: 'notCharged', amountFen: 30000 });
    expect(view.decisions).toHaveLength(2);
    expect(view.documentsPrinted).toBe(true);
    expect(view.decisions!.every((d) => d.printed && d.dueDate === '2025-07-01')).toBe(true);
    await r.flow.done;
    expect(charges(r)).toHaveLength(0);
    expect(printedPages(r)).toBe(2);
    // The decisions stand at the backend, unpaid; the transaction is closed as not paid.
    const person = await r.embedded.queryPersonTraffic({ idNumber: driver.idNumber });
    expect(person.ok && person.value.violations.every((v) => v.handled && !v.paid)).toBe(true);
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed' });
  });
});

describe('paper after payment', () => {
  it('A4 out of paper: no refund, decisions saved for a reprint, staff ticket; the same look-up later reprints them', async () => {
    const r = await open();
    const he = DRIVERS.he;
    await toPayment(r, he);
    await r.orderId();
    r.a4Sim.engine.setPaper(0);
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    const end = await r.ended();
    expect(end).toMatchObject({ status: 'done' });
    const done = parseTrafficView('done', end.view)!;
    expect(done).toMatchObject({ documentsPending: true, receiptPending: false, paidFen: 30000, money: { status: 'charged' } });
    expect(done.ticketNo).toMatch(/^WK001-\d{8}-\d{3}$/);
    expect(done.decisions.every((d) => !d.printed)).toBe(true);
    await r.flow.done;
    expect(refunds(r)).toHaveLength(0);
    const tx = r.journal.find(done.transactionNo)!;
    expect(tx.status).toBe('done');
    expect(r.journal.openTickets().find((t) => t.transactionId === tx.id)?.reason).toMatch(/decisions not printed .*fine paid, no refund/);
    expect(r.journal.receipts(tx.id).filter((x) => x.kind.startsWith('trafficDecision:'))).toHaveLength(2);
    const receipt = r.receiptSim.receipts().at(-1)!.lines.map((l) => (l.kind === 'text' ? l.runs.map((x) => x.text).join('') : '')).join('\n');
    expect(receipt).toContain('决定书未能打印');

    // Later, paper loaded: the same resident looks the records up with the ID card and reprints.
    r.a4Sim.engine.setPaper(100);
    r.start();
    r.send('chooseRoute', { route: 'idCard' });
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: he.idNumber });
    await r.inState('face', 'waiting');
    r.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('later') });
    const records = parseTrafficView('records', (await r.inState('records', 'waiting')).view)!;
    expect(records.records.map((v) => v.action)).toEqual(['reprint', 'reprint']);
    r.send('selectRecords', { handle: [], pay: [], reprint: done.decisions.map((d) => d.decisionNo) });
    const confirm = parseTrafficView('confirm', (await r.inState('confirm', 'waiting')).view)!;
    expect(confirm).toMatchObject({ totalFen: 0, toReprint: [{ action: 'reprint' }, { action: 'reprint' }] });
    r.send('confirm', { acknowledgeCritical: false });
    const reprinted = parseTrafficView('done', (await r.ended()).view)!;
    expect(reprinted.decisions.map((d) => [d.issuedHere, d.printed])).toEqual([[false, true], [false, true]]);
    expect(printedPages(r)).toBe(2);
    expect(charges(r)).toHaveLength(1);
  });

  it('a restart between paid and printed: recovery prints each decision once, charges once, and a second run changes nothing', async () => {
    const r = await open();
    const xie = DRIVERS.xie;
    r.a4Sim.engine.holdQueue = true; // the printer holds the job: the kiosk "dies" while it waits
    await toPayment(r, xie);
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    await r.until((p) => p.state === 'printing', 10_000, 'printing');
    await r.until(() => r.a4Jobs().length === 1, 10_000, 'first job queued');
    const txId = r.transactionId();
    const tx = r.journal.find(txId)!;
    expect(tx.status).toBe('open');
    expect(trafficPrintIncomplete(r.journal, tx)).toBe(true);

    // The kiosk restarts now: recovery sees the journal as it is on disk; the printer releases its queue.
    r.a4Sim.engine.releaseQueue();
    const recovery = { gateway: r.gateway, journal: r.journal, printer: r.a4, receiptPrinter: () => r.receiptPrinter, trustedKeys: [SIMULATOR_ISSUER_KEY], timeZone: 'Asia/Shanghai', now: r.now };
    const records = await recoverUnfinished({
      journal: r.journal,
      gateway: r.gateway,
      payments: r.payments,
      resumePrint: (t) => resumeTrafficPrint(recovery, t),
      printIncomplete: (t) => trafficPrintIncomplete(r.journal, t),
    });
    expect(records).toEqual([expect.objectContaining({ transactionId: txId, decision: 'printedAndCompleted' })]);
    await r.ended(); // the old flow (still alive in this test) finishes against the same printer
    const jobs = r.a4Jobs();
    expect(jobs.map((j) => j.name).sort()).toEqual([...new Set(jobs.map((j) => j.name))].sort()); // one job per decision
    expect(printedPages(r)).toBe(2);
    expect(charges(r)).toHaveLength(1);
    expect(refunds(r)).toHaveLength(0);
    expect(r.journal.find(txId)!.status).toBe('done');
    expect(await recoverUnfinished({ journal: r.journal, gateway: r.gateway, payments: r.payments, resumePrint: (t) => resumeTrafficPrint(recovery, t) })).toEqual([]);
  });

  it('recovery keeps the fine when the printer still fails: ticket for a reprint, no refund', async () => {
    const r = await open();
    const lin = DRIVERS.lin;
    r.a4Sim.engine.holdQueue = true;
    await toPayment(r, lin, [lin.violations[0]]);
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechat);
    await r.until(() => r.a4Jobs().length === 1, 10_000, 'job queued');
    const txId = r.transactionId();
    // After the restart the kiosk finds its A4 printer power-cycled (its queue gone) and out of paper.
    const restarted = new IppPrinterSimulator({ pageMs: 20, paperSheets: 0 });
    await restarted.start();
    const printer = new DocumentPrinter({ uri: restarted.uri, pollIntervalMs: 0, jobPollMs: 20, requestTimeoutMs: 2000, jobTimeoutMs: 5000 });
    await printer.start();
    const recovery = { gateway: r.gateway, journal: r.journal, printer, receiptPrinter: () => r.receiptPrinter, trustedKeys: [SIMULATOR_ISSUER_KEY], timeZone: 'Asia/Shanghai', now: r.now };
    const records = await recoverUnfinished({ journal: r.journal, gateway: r.gateway, payments: r.payments, resumePrint: (t) => resumeTrafficPrint(recovery, t) });
    await printer.stop();
    await restarted.stop();
    r.a4Sim.engine.cancel(r.a4Jobs()[0]!.id); // the old kiosk's job, so the test's own flow ends
    expect(records).toEqual([expect.objectContaining({ transactionId: txId, decision: 'printPending' })]);
    expect(r.journal.find(txId)!.status).toBe('done');
    expect(r.journal.openTickets().some((t) => t.transactionId === txId && /reprint the saved documents/.test(t.reason))).toBe(true);
    expect(refunds(r)).toHaveLength(0);
  });
});
