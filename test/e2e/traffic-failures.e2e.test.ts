/**
 * Traffic violations in a real browser, the failures: a wrong VIN, no records, everything refused
 * by rule, the holder's face, the backend down during the look-up, during handling and during
 * payment, a cancelled payment after decisions were issued, the A4 printer out of paper after
 * payment, and a resident who walks away. Every screen photographed and axe-checked in both
 * languages into test-results/traffic/.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DRIVERS, PAYMENT_CODE, RESIDENT, VEHICLE } from '../../services/backend-sim/fixtures';
import { launchKiosk, tap, type Kiosk } from './harness';
import { backendDown, capture, enterVehicle, lastReceipt, look, openTraffic, printedDecisions, prove, screen, simulators, typeIdNumber } from './traffic-support';

describe('traffic violations in a real browser: failures', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;
  const ended = () => page().getByTestId('traffic-failed');
  const reason = () => ended().getAttribute('data-reason');

  beforeAll(async () => {
    kiosk = await launchKiosk({ services: { traffic: { enabled: true } } }, { fakeCamera: true });
    await tap(kiosk.page.getByTestId('start'));
    await kiosk.page.getByTestId('home').waitFor();
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  beforeEach(async () => {
    simulators(kiosk).a4().setPaper(250);
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 15_000 }).toBe('ok');
  });

  /** Notice → vehicle → records → select → the holder → confirm → (decisions) → the payment QR. */
  async function toPayment(driver: (typeof DRIVERS)[keyof typeof DRIVERS]): Promise<void> {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, driver.vehicle);
    await screen(p, 'records').waitFor({ timeout: 15_000 });
    await tap(p.getByTestId(`select-${driver.violations[0]}`));
    await tap(p.getByTestId('records-next'));
    await prove(p, driver.idNumber);
    await screen(p, 'confirm').waitFor({ timeout: 15_000 });
    await tap(p.getByTestId('confirm-ok'));
    await p.getByTestId('payment-qr').waitFor({ timeout: 20_000 });
  }

  it('a wrong VIN is "not found" in the form, with the attempts left', { timeout: 120_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, { ...DRIVERS.lin.vehicle, vinLast6: '999999' });
    await p.getByTestId('vehicle-problem').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('vehicle-problem').getAttribute('data-problem')).toBe('notFound');
    await look(p, 'f01-not-found');
    // A plate with the letter O is refused as it is typed.
    await tap(p.getByTestId('plate-clear'));
    await tap(p.getByTestId('province-京'));
    await tap(p.getByTestId('plate-O'));
    expect(await p.getByTestId('plate-problem').getAttribute('data-problem')).toBe('letterIO');
    await look(p, 'f02-letter-o');
    await tap(p.getByTestId('flow-exit'));
  });

  it('no violations: a friendly "no records"', { timeout: 120_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, { ...VEHICLE.newEnergy, plateType: '52' });
    await p.getByTestId('records-none').waitFor({ timeout: 15_000 });
    await look(p, 'f03-no-records');
    await tap(p.getByTestId('records-finish'));
    await p.getByTestId('home').waitFor();
  });

  it('everything refused by rule: why, and where to go instead', { timeout: 120_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, { ...VEHICLE.commercial, plateType: '01' });
    await p.getByTestId('records-none-here').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('record-refusal').getAttribute('data-rule')).toBe('keyManagedVehicle');
    await look(p, 'f04-all-refused');
    await tap(p.getByTestId('records-finish'));
  });

  it('the licence holder’s face does not match: sent to a counter, nothing decided', { timeout: 120_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, DRIVERS.he.vehicle);
    await screen(p, 'records').waitFor({ timeout: 15_000 });
    await tap(p.getByTestId(`select-${DRIVERS.he.violations[0]}`));
    await tap(p.getByTestId('records-next'));
    await screen(p, 'identity').waitFor();
    await typeIdNumber(p, RESIDENT.faceNeverMatches);
    await tap(p.getByTestId('id-confirm'));
    for (let attempt = 1; attempt <= 3; attempt++) {
      await capture(p);
      if (attempt < 3) await p.getByTestId('face-last-result').waitFor({ timeout: 15_000 });
    }
    await ended().waitFor({ timeout: 15_000 });
    expect(await reason()).toBe('faceMismatch');
    await look(p, 'f05-face-mismatch');
    await tap(p.getByTestId('ended-home'));
  });

  it('the backend down during the look-up', { timeout: 120_000 }, async () => {
    const restore = backendDown(kiosk, ['queryViolationsByVehicle']);
    try {
      const p = page();
      await openTraffic(p);
      await tap(p.getByTestId('route-vehicle'));
      await enterVehicle(p, DRIVERS.he.vehicle);
      await ended().waitFor({ timeout: 15_000 });
      expect(await reason()).toBe('backendUnavailable');
      await look(p, 'f06-backend-down-lookup');
      await tap(p.getByTestId('ended-home'));
    } finally {
      restore();
    }
  });

  it('the backend down during handling: nothing decided, nothing charged', { timeout: 120_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, DRIVERS.gao.vehicle);
    await screen(p, 'records').waitFor({ timeout: 15_000 });
    await tap(p.getByTestId(`select-${DRIVERS.gao.violations[0]}`));
    await tap(p.getByTestId('records-next'));
    await prove(p, DRIVERS.gao.idNumber);
    await screen(p, 'confirm').waitFor({ timeout: 15_000 });
    const restore = backendDown(kiosk, ['handleViolation']);
    try {
      await tap(p.getByTestId('confirm-ok'));
      await ended().waitFor({ timeout: 20_000 });
      expect(await reason()).toBe('backendUnavailable');
      expect(await p.getByTestId('decisions-stand').count()).toBe(0);
      await look(p, 'f07-backend-down-handling');
      await tap(p.getByTestId('ended-home'));
    } finally {
      restore();
    }
  });

  it('the backend down at payment after the decision: it stands, printed anyway, the 15-day rule said', { timeout: 120_000 }, async () => {
    const restore = backendDown(kiosk, ['createPaymentOrder']);
    try {
      const p = page();
      const before = simulators(kiosk).a4().printedPages().length;
      await openTraffic(p);
      await tap(p.getByTestId('route-vehicle'));
      await enterVehicle(p, DRIVERS.tang.vehicle);
      await screen(p, 'records').waitFor({ timeout: 15_000 });
      await tap(p.getByTestId(`select-${DRIVERS.tang.violations[0]}`));
      await tap(p.getByTestId('records-next'));
      await prove(p, DRIVERS.tang.idNumber);
      await tap(p.getByTestId('confirm-ok'));
      await ended().waitFor({ timeout: 60_000 });
      expect(await reason()).toBe('backendUnavailable');
      await p.getByTestId('decisions-stand').waitFor();
      expect(await p.getByTestId('decisions-pay-by').textContent()).toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(printedDecisions(kiosk, before, 'f08')).toHaveLength(1);
      await look(p, 'f08-backend-down-payment');
      await tap(p.getByTestId('ended-home'));
    } finally {
      restore();
    }
  });

  it('cancelling the payment after the decision: not charged, the decision stands and is printed', { timeout: 120_000 }, async () => {
    const p = page();
    const before = simulators(kiosk).a4().printedPages().length;
    await toPayment(DRIVERS.luo);
    await tap(p.getByTestId('flow-exit'));
    await ended().waitFor({ timeout: 60_000 });
    expect(await ended().getAttribute('data-status')).toBe('cancelled');
    expect(await p.getByTestId('error-money').textContent()).toMatch(/没有扣/);
    await p.getByTestId('decisions-stand').waitFor();
    expect(printedDecisions(kiosk, before, 'f09')).toHaveLength(1);
    await look(p, 'f09-cancelled-after-decision');
    await tap(p.getByTestId('ended-home'));
  });

  it('the A4 printer out of paper after payment: paid, not refunded, saved for a reprint, staff ticket', { timeout: 120_000 }, async () => {
    const p = page();
    await toPayment(DRIVERS.song);
    simulators(kiosk).a4().setPaper(0);
    await simulators(kiosk).scan(PAYMENT_CODE.wechat2);
    await screen(p, 'done').waitFor({ timeout: 90_000 });
    await p.getByTestId('done-documents-pending').waitFor();
    await p.getByTestId('done-ticket').waitFor();
    expect(lastReceipt(kiosk, 'f10')).toContain('决定书未能打印');
    await look(p, 'f10-a4-out-of-paper');
    expect(kiosk.runtime.services.journal.openTickets().some((t) => /fine paid, no refund/.test(t.reason))).toBe(true);
    await tap(p.getByTestId('done-finish'));
  });

  it('a resident who walks away from the records: the session ends and the screen is wiped', { timeout: 120_000 }, async () => {
    const p = page();
    await openTraffic(p);
    await tap(p.getByTestId('route-vehicle'));
    await enterVehicle(p, DRIVERS.deng.vehicle);
    await screen(p, 'records').waitFor({ timeout: 15_000 });
    // The idle prompt would come after 60 s; end the session as it would.
    await p.evaluate(() => (location.hash = '#/attract'));
    await p.getByTestId('attract').waitFor();
    expect(await p.content()).not.toContain(DRIVERS.deng.vehicle.plateNumber);
    expect(kiosk.runtime.core.status().sessionActive).toBe(false);
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
