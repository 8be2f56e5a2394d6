/**
 * Elderly mode (长辈模式) through the services built on the kit after the temporary ID card: the
 * traffic violations (by vehicle in Chinese, by licence in English) and the no-criminal-record
 * certificate (in English, and in Chinese with the purpose typed on the elderly pinyin keyboard, in
 * portrait and landscape), each from the attract screen's switch to the last screen. Every screen is
 * photographed into test-results/elderly/, checked with axe, and measured (elderly-support.ts): text
 * at least 36 px with line spacing 1.5, every touch target at least 96 px, nothing off the screen,
 * clipped or overlapping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { LANDSCAPE, launchKiosk, photographFailures, PORTRAIT, tap, type Kiosk } from './harness';
import { lookElderly, measureKeyboard, openInElderlyMode as openElderly, typePinyin } from './elderly-support';
import { capture, enterVehicle, prove, simulators, typeIdNumber } from './traffic-support';

describe('elderly mode through the traffic and certificate services', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;

  beforeAll(async () => {
    kiosk = await launchKiosk({ services: { traffic: { enabled: true }, noCriminalRecord: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  photographFailures(() => kiosk?.page);

  const look = (name: string) => lookElderly(page(), name);

  const openInElderlyMode = (locale: 'zh-CN' | 'en', tile: string) => openElderly(page(), locale, tile);

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
  it('traffic violations, by licence, in English', { timeout: 240_000 }, async () => {
    const p = page();
    const huang = DRIVERS.huang;
    const screen = (state: string) => p.getByTestId(`traffic-${state}`);
    await openInElderlyMode('en', 'tile-traffic');
    await screen('notice').waitFor({ timeout: 15_000 });
    await look('traffic-en-01-notice');
    await tap(p.getByTestId('route-licence'));
    await screen('licenceEntry').waitFor();
    await look('traffic-en-02-licence-number');
    await typeIdNumber(p, huang.idNumber);
    await tap(p.getByTestId('id-confirm'));
    await p.getByTestId('licence-masked').waitFor();
    for (const digit of huang.fileNumber) await tap(p.getByTestId(`key-${digit}`));
    await look('traffic-en-03-licence-file');
    await tap(p.getByTestId('digits-confirm'));
    await screen('records').waitFor({ timeout: 15_000 });
    await look('traffic-en-04-records');
    await tap(p.getByTestId(`select-${huang.violations[0]}`));
    await look('traffic-en-04-records-selected');
    await tap(p.getByTestId('records-next'));
    await screen('identity').waitFor({ timeout: 15_000 });
    await tap(p.getByTestId('identity-way-type'));
    await look('traffic-en-05-identity');
    await prove(p, huang.idNumber);
    await screen('confirm').waitFor({ timeout: 15_000 });
    await look('traffic-en-06-confirm');
    // The confirmation is taller than the screen in large type: its buttons stay pinned in sight, unscrolled.
    expect(await p.getByTestId('traffic-confirm').evaluate((screen) => screen.querySelector('.body')!.scrollHeight > screen.querySelector('.body')!.clientHeight)).toBe(true);
    const ok = (await p.getByTestId('confirm-ok').boundingBox())!;
    const shown = (await p.getByTestId('traffic-confirm').locator('.body').boundingBox())!;
    expect(ok.y + ok.height).toBeLessThanOrEqual(shown.y + shown.height);
    await tap(p.getByTestId('confirm-ok'));
    await p.getByTestId('payment-qr').waitFor({ timeout: 20_000 });
    await look('traffic-en-07-payment');
    await simulators(kiosk).scan(PAYMENT_CODE.alipay);
    await screen('done').waitFor({ timeout: 90_000 });
    await look('traffic-en-08-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
  });

  it('no-criminal-record certificate in Chinese, the purpose typed on the elderly pinyin keyboard (portrait and landscape)', { timeout: 180_000 }, async () => {
    const p = page();
    const screen = (state: string) => p.getByTestId(`ncr-${state}`);
    await openInElderlyMode('zh-CN', 'tile-noCriminalRecord');
    await screen('notice').waitFor({ timeout: 15_000 });
    await look('certificate-zh-01-notice');
    await tap(p.getByTestId('notice-accept'));
    await screen('identity').waitFor();
    await tap(p.getByTestId('identity-way-type'));
    await look('certificate-zh-02-identity');
    await typeIdNumber(p, RESIDENT.elderly);
    await tap(p.getByTestId('id-confirm'));
    await screen('face').waitFor({ timeout: 15_000 });
    await capture(p);
    await screen('purpose').waitFor({ timeout: 15_000 });
    await look('certificate-zh-04-purpose');
    await tap(p.getByTestId('purpose-other'));
    await p.getByTestId('pinyin-elderly-keys').waitFor();
    await expect.poll(() => p.getByTestId('pinyin-key-a').isEnabled()).toBe(true); // the dictionary is loaded
    await look('certificate-zh-04-purpose-keyboard');
    for (const letter of 'liuxue') await tap(p.getByTestId(`pinyin-key-${letter}`));
    await expect.poll(() => p.getByTestId('pinyin-candidate-0').textContent()).toContain('留学');
    await look('certificate-zh-04-purpose-candidates');
    // Every key and candidate at least 96 × 96 px; three candidates a page in portrait.
    const portrait = await measureKeyboard(p);
    expect(portrait.candidates).toBe(3);
    expect(Math.min(portrait.narrowest, portrait.lowest), JSON.stringify(portrait)).toBeGreaterThanOrEqual(96);
    await tap(p.getByTestId('pinyin-candidate-0'));
    await typePinyin(p, 'jiuye', '就业');
    await tap(p.getByTestId('pinyin-symbols'));
    await tap(p.getByTestId('pinyin-key-period'));
    await look('certificate-zh-04-purpose-symbols');
    await tap(p.getByTestId('pinyin-symbols'));
    await expect.poll(() => p.getByTestId('pinyin-text').textContent()).toBe('留学就业。');
    // The same screen on a landscape kiosk: the keys fit unscrolled, still at least 96 px.
    await p.setViewportSize(LANDSCAPE);
    try {
      for (const letter of 'shenqing') await tap(p.getByTestId(`pinyin-key-${letter}`));
      await expect.poll(() => p.getByTestId('pinyin-candidate-0').textContent()).toContain('申请');
      await look('certificate-zh-04-purpose-landscape');
      const landscape = await measureKeyboard(p);
      expect(landscape.hidden, JSON.stringify(landscape)).toEqual([]);
      expect(Math.min(landscape.narrowest, landscape.lowest), JSON.stringify(landscape)).toBeGreaterThanOrEqual(96);
      expect(landscape.candidates).toBeGreaterThan(portrait.candidates);
      await tap(p.getByTestId('pinyin-delete'));
      await tap(p.getByTestId('pinyin-clear'));
    } finally {
      await p.setViewportSize(PORTRAIT);
    }
    await typePinyin(p, 'liuxue', '留学');
    await tap(p.getByTestId('purpose-confirm'));
    await screen('done').waitFor({ timeout: 60_000 });
    await look('certificate-zh-05-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
  });
});
