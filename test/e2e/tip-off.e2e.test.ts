/**
 * Tip-offs end to end in Chromium (web mode, simulated devices, the embedded police backend,
 * Chromium's fake camera): an anonymous tip-off typed on the pinyin keyboard to a tracking number,
 * the slip the receipt simulator printed (rendered to PNG and read back), the number found again
 * by the progress query; a named tip-off in English (identity and face, masked); the kiosk's rate
 * limit. Every screen is photographed into test-results/tip-off/ and checked with axe.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESIDENT } from '../../services/backend-sim/fixtures';
import { launchKiosk, RESULTS, tap, type Kiosk } from './harness';
import { infoHelpers } from './info-support';

const SHOTS = `${RESULTS}/tip-off`;

describe('tip-offs in a real browser (web mode, embedded backend, fake camera)', () => {
  let kiosk: Kiosk;
  const h = infoHelpers(() => kiosk, SHOTS);
  const { page, look } = h;
  const screen = (state: string) => page().getByTestId(`tip-off-${state}`);
  const receiptSim = () => {
    const sim = kiosk.runtime.services.devices.get('receiptPrinter')?.simulated;
    if (sim?.kind !== 'receiptPrinter') throw new Error('the receipt printer is not simulated');
    return sim.simulator;
  };
  const slipText = () => (receiptSim().receipts().at(-1)?.lines ?? []).map((line) => (line.kind === 'text' ? line.runs.map((run) => run.text).join('') : '')).join('\n');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({ services: { tipOff: { enabled: true, rateLimit: { perHour: 3, perDay: 10 } }, progress: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  beforeEach(async () => {
    receiptSim().reload();
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 10_000 }).toBe('ok');
  });

  async function open(shots?: string): Promise<void> {
    await page().evaluate(() => (location.hash = '#/home'));
    await tap(page().getByTestId('tile-tipOff'));
    await screen('notice').waitFor();
    if (shots) await look(`${shots}1-notice`);
    await tap(page().getByTestId('notice-accept'));
    await screen('category').waitFor();
    if (shots) await look(`${shots}2-category`);
  }
  /** Category, place, text (with one refusal on the way when photographing), then "anonymous" or "named". */
  async function report(shots?: string): Promise<void> {
    await tap(page().getByTestId('category-fraud'));
    await screen('place').waitFor();
    await h.typePinyin('xiaoqu', '小区');
    if (shots) await look(`${shots}2-place`);
    await tap(page().getByTestId('place-next'));
    await screen('text').waitFor();
    await h.typePinyin('shangchang', '商场');
    if (shots) {
      await tap(page().getByTestId('text-next'));
      await page().getByTestId('text-problem').waitFor();
      expect(await page().getByTestId('pinyin-text').textContent()).toContain('商场'); // the draft is kept
      await look(`${shots}2-text-too-short`);
    }
    await h.typePinyin('dianhua', '电话');
    await h.typePinyin('zhapian', '诈骗');
    if (shots) await look(`${shots}2-text`);
    await tap(page().getByTestId('text-next'));
    await screen('anonymity').waitFor();
    if (shots) await look(`${shots}3-anonymity`);
  }
  /** Confirm, send (slowed to photograph the waits), and reach the tracking number. */
  async function send(shots?: string): Promise<string> {
    await screen('confirm').waitFor({ timeout: 15_000 });
    expect(await page().getByTestId('confirm-text').textContent()).toBe('商场电话诈骗');
    expect(await page().getByTestId('confirm-place').textContent()).toBe('小区');
    if (shots) await look(`${shots}4-confirm`);
    const restore = shots ? [h.slow('submitTipOff', 1500)] : [];
    try {
      await tap(page().getByTestId('confirm-submit'));
      if (shots) {
        await screen('submitting').waitFor({ timeout: 5_000 });
        await look(`${shots}4-submitting`);
      }
    } finally {
      restore.forEach((undo) => undo());
    }
    await screen('done').waitFor({ timeout: 30_000 });
    const trackingNo = await page().getByTestId('done-tracking-no').getAttribute('data-value');
    expect(trackingNo).toMatch(/^JB\d{18}$/);
    return trackingNo!;
  }

  it('anonymous: typed on the pinyin keyboard, sent, a tracking number on screen and on the slip; the query finds it by that number alone', async () => {
    const p = page();
    await tap(p.getByTestId('start'));
    await open('zh-');
    await report('zh-');
    await tap(p.getByTestId('anonymity-anonymous'));
    const trackingNo = await send('zh-');
    expect(await p.getByTestId('done-tracking-no').textContent()).toBe(trackingNo.replace(/^(JB)(\d{8})(\d{4})(\d{6})$/, '$1 $2 $3 $4'));
    expect(await p.getByTestId('done-slip').textContent()).toContain('出纸口');
    await look('zh-5-done');

    // The slip: the number and the time, never the words or the category.
    const slip = slipText();
    expect(slip).toContain('举报回执');
    expect(slip).toContain(trackingNo.replace(/^(JB)(\d{8})(\d{4})(\d{6})$/, '$1 $2 $3 $4'));
    expect(slip).not.toMatch(/诈骗|小区|商场|电话/);
    const printed = await kiosk.runtime.core.dispatch({ type: 'request', id: 1, method: 'dev.printed', params: {} }, { via: 'test' });
    if (!printed.ok) throw new Error('dev.printed failed');
    const receipt = (printed.result as { receipt?: { dataUrl: string } }).receipt;
    const png = Buffer.from(receipt!.dataUrl.split(',')[1]!, 'base64');
    writeFileSync(`${SHOTS}/slip-printed.png`, png);
    const image = PNG.sync.read(png);
    let ink = 0;
    for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! < 128) ink++;
    expect(ink / (image.width * image.height)).toBeGreaterThan(0.005); // text, not a blank strip

    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').waitFor();

    // The progress query with the tracking number alone.
    await tap(p.getByTestId('tile-progress'));
    await tap(p.getByTestId('progress-by-number'));
    await tap(p.getByTestId('number-prefix-JB'));
    for (const digit of trackingNo.slice(2)) await tap(p.getByTestId(`key-${digit}`));
    await tap(p.getByTestId('number-confirm'));
    await p.getByTestId('progress-results').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('results-entry').getAttribute('data-status')).toBe('received');
    expect(await p.getByTestId('results-entry').textContent()).toMatch(/诈骗/);
    expect(await p.content()).not.toContain('商场电话');
    await tap(p.getByTestId('results-finish'));
  });

  it('in English, named: identity by typed number and face, masked on every screen; the slip prints', async () => {
    const p = page();
    await p.evaluate(() => (location.hash = '#/home'));
    await p.getByTestId('home').waitFor();
    await tap(p.getByTestId('language-switch'));
    await expect.poll(() => p.getByTestId('tile-tipOff').textContent()).toContain('Report a crime');
    await open('en-');
    await report('en-');
    await tap(p.getByTestId('anonymity-named'));
    await screen('identity').waitFor();
    await look('en-3-identity');
    const restore = [h.slow('verifyIdentity', 1500)];
    try {
      await h.typeIdNumber(RESIDENT.standard);
      await screen('lookup').waitFor({ timeout: 5_000 });
      await look('en-3-lookup');
    } finally {
      restore.forEach((undo) => undo());
    }
    await screen('face').waitFor({ timeout: 15_000 });
    await look('en-3-face');
    await h.capture();
    await screen('confirm').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('confirm-who').textContent()).toMatch(/110101\*{8}\d{3}[\dX]/);
    await h.expectNoClearIdNumber(RESIDENT.standard);
    const trackingNo = await send('en-');
    expect(slipText()).toContain(trackingNo.slice(-6));
    await h.expectNoClearIdNumber(RESIDENT.standard);
    await look('en-5-done');
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').waitFor();
  });

  it('the slip does not print (out of paper): the number stays on screen with what to do', async () => {
    receiptSim().setPaper('out');
    try {
      await open();
      await report();
      await tap(page().getByTestId('anonymity-anonymous'));
      await send();
      await page().getByTestId('done-no-slip').waitFor();
      await look('en-5-done-no-slip');
    } finally {
      receiptSim().reload();
    }
    await tap(page().getByTestId('done-finish'));
  });

  it('over the rate limit: refused at once, before anything is typed, with 110 and the counter', async () => {
    // Three sent above (perHour: 3): the fourth is refused on opening.
    await page().evaluate(() => (location.hash = '#/home'));
    await tap(page().getByTestId('tile-tipOff'));
    await screen('failed').waitFor({ timeout: 15_000 });
    expect(await screen('failed').getAttribute('data-reason')).toBe('rateLimited');
    expect(await screen('failed').textContent()).toContain('110');
    await look('en-ended-rate-limited');
    await tap(page().getByTestId('language-switch'));
    await expect.poll(() => screen('failed').textContent()).toContain('本机暂时不能再接收举报');
    await look('zh-ended-rate-limited');
    await tap(page().getByTestId('ended-home'));
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
