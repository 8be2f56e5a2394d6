/**
 * Elderly mode (长辈模式) through the tip-off (in Chinese, typed on the elderly pinyin keyboard), the
 * progress query (in English: by the tip-off's tracking number, then by identity and face) and the
 * exit-entry endorsement (in Chinese), from the attract screen's switch to the last screen. Every screen is photographed into
 * test-results/elderly/, checked with axe and measured (elderly-support.ts). A file of its own, so
 * the end-to-end run spreads the elderly screens over its two workers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { devicesOf } from './exit-entry-support';
import { lookElderly, measureKeyboard, openInElderlyMode, typePinyin } from './elderly-support';
import { launchKiosk, photographFailures, tap, type Kiosk } from './harness';
import { capture, typeIdNumber } from './traffic-support';

describe('elderly mode through the tip-off, the progress query and the exit-entry endorsement', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;
  const look = (name: string) => lookElderly(page(), name);
  let trackingNo = '';

  beforeAll(async () => {
    kiosk = await launchKiosk({ services: { tipOff: { enabled: true }, progress: { enabled: true }, exitEntry: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  photographFailures(() => kiosk?.page);

  it('a tip-off, anonymous, in Chinese: place and text on the elderly pinyin keyboard', { timeout: 180_000 }, async () => {
    const p = page();
    const screen = (state: string) => p.getByTestId(`tip-off-${state}`);
    await openInElderlyMode(p, 'zh-CN', 'tile-tipOff');
    await screen('notice').waitFor({ timeout: 15_000 });
    await look('tip-off-01-notice');
    await tap(p.getByTestId('notice-accept'));
    await screen('category').waitFor();
    await look('tip-off-02-category');
    await tap(p.getByTestId('category-fraud'));
    await screen('place').waitFor();
    await expect.poll(() => p.getByTestId('pinyin-key-a').isEnabled()).toBe(true);
    await look('tip-off-03-place');
    await typePinyin(p, 'xiaoqu', '小区');
    await tap(p.getByTestId('place-next'));
    await screen('text').waitFor();
    await typePinyin(p, 'shangchang', '商场');
    await typePinyin(p, 'dianhua', '电话');
    for (const letter of 'zhapian') await tap(p.getByTestId(`pinyin-key-${letter}`));
    await expect.poll(() => p.getByTestId('pinyin-candidate-0').textContent()).toContain('诈骗');
    await look('tip-off-04-text');
    const keys = await measureKeyboard(p);
    expect(Math.min(keys.narrowest, keys.lowest), JSON.stringify(keys)).toBeGreaterThanOrEqual(96);
    await tap(p.getByTestId('pinyin-candidate-0'));
    await tap(p.getByTestId('text-next'));
    await screen('anonymity').waitFor();
    await look('tip-off-05-anonymity');
    await tap(p.getByTestId('anonymity-anonymous'));
    await screen('confirm').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('confirm-text').textContent()).toBe('商场电话诈骗');
    await look('tip-off-06-confirm');
    await tap(p.getByTestId('confirm-submit'));
    await screen('done').waitFor({ timeout: 30_000 });
    trackingNo = (await p.getByTestId('done-tracking-no').getAttribute('data-value')) ?? '';
    expect(trackingNo).toMatch(/^JB\d{18}$/);
    await look('tip-off-07-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
  });

  it('the progress query in English: the tracking number, then identity and face', { timeout: 180_000 }, async () => {
    const p = page();
    const screen = (state: string) => p.getByTestId(`progress-${state}`);
    await openInElderlyMode(p, 'en', 'tile-progress');
    await screen('choose').waitFor({ timeout: 15_000 });
    await look('progress-01-choose');
    await tap(p.getByTestId('progress-by-number'));
    await screen('number').waitFor();
    await tap(p.getByTestId('number-prefix-JB'));
    for (const digit of trackingNo.slice(2)) await tap(p.getByTestId(`key-${digit}`));
    await look('progress-02-number');
    await tap(p.getByTestId('number-confirm'));
    await screen('results').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('results-entry').getAttribute('data-status')).toBe('received');
    await look('progress-03-results-tracking-number');
    await tap(p.getByTestId('results-again'));
    await screen('choose').waitFor();
    await tap(p.getByTestId('progress-by-identity'));
    await screen('identity').waitFor();
    await look('progress-04-identity-choose');
    await tap(p.getByTestId('identity-way-type'));
    await look('progress-04-identity');
    await typeIdNumber(p, RESIDENT.applicationInProgress);
    await tap(p.getByTestId('id-confirm'));
    await screen('face').waitFor({ timeout: 15_000 });
    await look('progress-05-face');
    await capture(p);
    await screen('results').waitFor({ timeout: 15_000 });
    await expect.poll(() => p.getByTestId('results-entry').count()).toBe(3);
    await look('progress-06-results');
    await tap(p.getByTestId('results-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
  });

  it('an exit-entry endorsement in Chinese: the permit, the face, the choice, payment, written and printed', { timeout: 180_000 }, async () => {
    const p = page();
    const screen = (state: string) => p.getByTestId(`ee-${state}`);
    const devices = devicesOf(kiosk);
    await openInElderlyMode(p, 'zh-CN', 'tile-exitEntry');
    await screen('notice').waitFor({ timeout: 15_000 });
    await look('exit-entry-01-notice');
    await tap(p.getByTestId('notice-accept'));
    await screen('permit').waitFor();
    await look('exit-entry-02-permit');
    await devices.present('validHongKongMacao');
    await screen('face').waitFor({ timeout: 20_000 });
    await look('exit-entry-03-face');
    await capture(p);
    await screen('choose').waitFor({ timeout: 15_000 });
    await look('exit-entry-04-choose');
    await tap(p.getByTestId('choose-type-T'));
    await tap(p.getByTestId('choose-destination-HKMO'));
    await tap(p.getByTestId('choose-option-3-1'));
    await look('exit-entry-04-choose-chosen');
    await tap(p.getByTestId('choose-next'));
    await screen('confirm').waitFor();
    await look('exit-entry-05-confirm');
    await tap(p.getByTestId('confirm-ok'));
    await p.getByTestId('payment-qr').waitFor({ timeout: 15_000 });
    await look('exit-entry-06-payment');
    await devices.scan(PAYMENT_CODE.wechat);
    await screen('done').waitFor({ timeout: 60_000 });
    await look('exit-entry-07-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
    devices.field().remove();
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
