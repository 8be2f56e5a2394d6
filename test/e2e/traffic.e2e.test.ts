/**
 * Traffic violations end to end in a real browser: web mode, every device simulated, the embedded
 * police backend, Chromium's fake camera. Each look-up route to printed decisions (the A4 pages
 * read back for their decision numbers) and a receipt; every screen photographed and axe-checked
 * in Chinese and English into test-results/traffic/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { launchKiosk, tap, type Kiosk } from './harness';
import { capture, enterVehicle, lastReceipt, look, openTraffic, printedDecisions, prove, screen, simulators, typeIdNumber } from './traffic-support';

describe('traffic violations in a real browser: each look-up to printed decisions', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;

  beforeAll(async () => {
    kiosk = await launchKiosk({ services: { traffic: { enabled: true } } }, { fakeCamera: true });
    await tap(kiosk.page.getByTestId('start'));
    await kiosk.page.getByTestId('home').waitFor();
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('by vehicle: plate, type, VIN → two records → the holder → critical notice → payment code → two decisions on A4 and a receipt', { timeout: 240_000 }, async () => {
    const p = page();
    const lin = DRIVERS.lin;
    await openTraffic(p);
    await look(p, '01-notice');
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, lin.vehicle, '02-vehicle');

    await screen(p, 'records').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('records-whose').textContent()).toContain('林**');
    await look(p, '03-records');
    for (const no of lin.violations) await tap(p.getByTestId(`select-${no}`));
    await p.getByTestId('records-summary').waitFor();
    await look(p, '04-records-selected');
    await tap(p.getByTestId('records-next'));

    await prove(p, lin.idNumber, '05-holder');
    await screen(p, 'confirm').waitFor({ timeout: 15_000 });
    await p.getByTestId('critical-notice').waitFor();
    expect(await p.getByTestId('confirm-ok').isDisabled()).toBe(true);
    await look(p, '06-confirm-critical');
    await tap(p.getByTestId('critical-ack'));
    await tap(p.getByTestId('confirm-ok'));

    await screen(p, 'payment').waitFor({ timeout: 20_000 });
    await p.getByTestId('payment-qr').waitFor();
    expect(await p.getByTestId('payment-amount').textContent()).toContain('300');
    await look(p, '07-payment');
    const a4Before = simulators(kiosk).a4().printedPages().length;
    await simulators(kiosk).scan(PAYMENT_CODE.wechat);
    await screen(p, 'printing').waitFor({ timeout: 15_000 }).catch(() => undefined);
    if (await screen(p, 'printing').count()) await p.screenshot({ path: `${process.cwd()}/test-results/traffic/08-printing.zh.png` });
    await screen(p, 'done').waitFor({ timeout: 90_000 });
    await look(p, '09-done');

    const decisions = await p.getByTestId('decision-list').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-testid')!.replace('decision-', '')));
    expect(decisions).toHaveLength(2);
    expect(printedDecisions(kiosk, a4Before, 'vehicle').sort()).toEqual([...decisions].sort());
    const receipt = lastReceipt(kiosk, 'vehicle');
    for (const no of decisions) expect(receipt).toContain(no);
    expect(receipt).toContain('300.00');
    expect(kiosk.runtime.services.journal.unfinished()).toEqual([]);

    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
    expect(await p.content()).not.toContain(lin.vehicle.plateNumber);
  });

  it('by licence: licence number and file number → one record → the holder → QR paid → one decision on A4 and a receipt', { timeout: 180_000 }, async () => {
    const p = page();
    const huang = DRIVERS.huang;
    await openTraffic(p);
    await tap(p.getByTestId('route-licence'));
    await screen(p, 'licenceEntry').waitFor();
    await look(p, '10-licence-number');
    await typeIdNumber(p, huang.idNumber);
    await tap(p.getByTestId('id-confirm'));
    await p.getByTestId('licence-masked').waitFor();
    for (const digit of huang.fileNumber) await tap(p.getByTestId(`key-${digit}`));
    await look(p, '11-licence-file');
    await tap(p.getByTestId('digits-confirm'));
    await screen(p, 'records').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('records-licence').textContent()).toMatch(/110101\*{8}/);
    await tap(p.getByTestId(`select-${huang.violations[0]}`));
    await tap(p.getByTestId('records-next'));
    await prove(p, huang.idNumber);
    await screen(p, 'confirm').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('critical-notice').count()).toBe(0);
    await tap(p.getByTestId('confirm-ok'));
    await p.getByTestId('payment-qr').waitFor({ timeout: 20_000 });
    const a4Before = simulators(kiosk).a4().printedPages().length;
    const txId = kiosk.runtime.services.journal.unfinished().at(-1)!.id;
    const orderId = String(kiosk.runtime.services.journal.find(txId)!.steps.find((s) => s.kind === 'paymentCreated')!.data.orderId);
    kiosk.runtime.services.embeddedBackend!.sim.controls.simulateResidentPays(orderId); // the resident pays the QR
    await screen(p, 'done').waitFor({ timeout: 90_000 });
    const [decision] = printedDecisions(kiosk, a4Before, 'licence');
    expect(decision).toMatch(/^\d{16}$/);
    expect(await p.getByTestId(`decision-${decision}`).getAttribute('data-printed')).toBe('true');
    expect(lastReceipt(kiosk, 'licence')).toContain(decision);
    await tap(p.getByTestId('done-finish'));
  });

  it('with the ID card: card on the reader + face → licence and vehicles listed → one record → decision on A4 and a receipt', { timeout: 180_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-idCard'));
    await screen(p, 'identity').waitFor();
    await tap(p.getByTestId('dev-dock-toggle'));
    await p.getByTestId('dev-fixture').selectOption('normalResident');
    await tap(p.getByTestId('dev-place-card'));
    await tap(p.getByTestId('dev-dock-toggle'));
    await screen(p, 'face').waitFor({ timeout: 15_000 });
    await capture(p);
    await screen(p, 'records').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('records-whose').textContent()).toContain('京A12345');
    await p.getByTestId('record-refusal').first().waitFor();
    await look(p, '12-records-id-card');
    await tap(p.getByTestId('select-V2025050100001'));
    await tap(p.getByTestId('records-next'));
    await screen(p, 'confirm').waitFor({ timeout: 15_000 });
    await look(p, '13-confirm');
    await tap(p.getByTestId('confirm-ok'));
    await p.getByTestId('payment-qr').waitFor({ timeout: 20_000 });
    const a4Before = simulators(kiosk).a4().printedPages().length;
    await simulators(kiosk).scan(PAYMENT_CODE.alipay);
    await screen(p, 'done').waitFor({ timeout: 90_000 });
    const [decision] = printedDecisions(kiosk, a4Before, 'id-card');
    expect(await p.getByTestId(`decision-${decision}`).count()).toBe(1);
    expect(lastReceipt(kiosk, 'id-card')).toContain(decision);
    expect(await p.content()).not.toContain(RESIDENT.standard);
    await tap(p.getByTestId('done-finish'));
    const reader = kiosk.runtime.services.devices.get('idReader')?.simulated;
    if (reader?.kind === 'idCardReader') reader.simulator.removeCard();
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
