/**
 * Elderly mode (长辈模式) through the services built on the kit after the temporary ID card: the
 * traffic violations (in Chinese) and the no-criminal-record certificate (in English), each from
 * the attract screen's switch to the last screen. Every screen is photographed into
 * test-results/elderly/, checked with axe, and measured: body text at least 36 px and every touch
 * target at least 96 px, as on the temporary ID card (accessibility.e2e.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { axeViolations, launchKiosk, RESULTS, smallestTouchTarget, tap, type Kiosk } from './harness';
import { capture, enterVehicle, simulators, typeIdNumber } from './traffic-support';

const SHOTS = `${RESULTS}/elderly`;
const MIN_TARGET = 96;
const MIN_FONT = 36;

describe('elderly mode through the traffic and certificate services', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({ services: { traffic: { enabled: true }, noCriminalRecord: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  async function look(name: string): Promise<void> {
    await page().waitForTimeout(150);
    await page().screenshot({ path: `${SHOTS}/${name}.png` });
    const violations = await axeViolations(page());
    expect(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
    const smallest = await smallestTouchTarget(page());
    expect(Math.min(smallest.width, smallest.height), `${name}: smallest target "${smallest.text}"`).toBeGreaterThanOrEqual(MIN_TARGET);
    const body = await page().evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(body, name).toBeGreaterThanOrEqual(MIN_FONT);
  }

  /** From the attract screen: the elderly switch, the language, then the service's tile. */
  async function openInElderlyMode(locale: 'zh-CN' | 'en', tile: string): Promise<void> {
    await page().evaluate(() => (location.hash = '#/attract'));
    await page().getByTestId('attract').waitFor();
    await tap(page().getByTestId('elderly-switch'));
    await expect.poll(() => page().locator('html').getAttribute('data-mode')).toBe('elderly');
    if ((await page().locator('html').getAttribute('lang')) !== locale) await tap(page().getByTestId('language-switch'));
    await expect.poll(() => page().locator('html').getAttribute('lang')).toBe(locale);
    await tap(page().getByTestId('start'));
    await page().getByTestId('home').waitFor();
    await tap(page().getByTestId(tile));
  }

  it('traffic violations, by vehicle, in Chinese', { timeout: 240_000 }, async () => {
    const p = page();
    const lin = DRIVERS.lin;
    const screen = (state: string) => p.getByTestId(`traffic-${state}`);
    await openInElderlyMode('zh-CN', 'tile-traffic');
    await screen('notice').waitFor({ timeout: 15_000 });
    await look('traffic-01-notice');
    await tap(p.getByTestId('route-vehicle'));
    await screen('vehicleEntry').waitFor({ timeout: 15_000 });
    await look('traffic-02-plate-province');
    await enterVehicle(p, lin.vehicle);

    await screen('records').waitFor({ timeout: 15_000 });
    await look('traffic-03-records');
    for (const no of lin.violations) await tap(p.getByTestId(`select-${no}`));
    await p.getByTestId('records-summary').waitFor();
    await tap(p.getByTestId('records-next'));

    await screen('identity').waitFor({ timeout: 15_000 });
    await look('traffic-04-identity-choose');
    await tap(p.getByTestId('identity-way-type'));
    await look('traffic-04-identity');
    await typeIdNumber(p, lin.idNumber);
    await tap(p.getByTestId('id-confirm'));
    await screen('face').waitFor({ timeout: 15_000 });
    await look('traffic-05-face');
    await capture(p);

    await screen('confirm').waitFor({ timeout: 15_000 });
    await look('traffic-06-confirm');
    await tap(p.getByTestId('critical-ack'));
    await tap(p.getByTestId('confirm-ok'));
    await screen('payment').waitFor({ timeout: 20_000 });
    await p.getByTestId('payment-qr').waitFor();
    await look('traffic-07-payment');
    await simulators(kiosk).scan(PAYMENT_CODE.wechat);
    await screen('done').waitFor({ timeout: 90_000 });
    await look('traffic-08-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
    // Elderly mode ends with the resident's session (the attract screen is the next resident's).
    await p.evaluate(() => (location.hash = '#/attract'));
    await p.getByTestId('attract').waitFor();
    await expect.poll(() => p.locator('html').getAttribute('data-mode')).not.toBe('elderly');
  });

  it('no-criminal-record certificate, typed number, in English', { timeout: 180_000 }, async () => {
    const p = page();
    const screen = (state: string) => p.getByTestId(`ncr-${state}`);
    await openInElderlyMode('en', 'tile-noCriminalRecord');
    await screen('notice').waitFor({ timeout: 15_000 });
    await look('certificate-01-notice');
    await tap(p.getByTestId('notice-accept'));
    await screen('identity').waitFor();
    await look('certificate-02-identity-choose');
    await tap(p.getByTestId('identity-way-type')); // one decision per screen: card or typing
    await look('certificate-02-identity');
    await typeIdNumber(p, RESIDENT.standard);
    await tap(p.getByTestId('id-confirm'));
    await screen('face').waitFor({ timeout: 15_000 });
    await look('certificate-03-face');
    await capture(p);
    await screen('purpose').waitFor({ timeout: 15_000 });
    await look('certificate-04-purpose');
    await tap(p.getByTestId('purpose-employment'));
    await screen('done').waitFor({ timeout: 60_000 });
    await look('certificate-05-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
  });
});
