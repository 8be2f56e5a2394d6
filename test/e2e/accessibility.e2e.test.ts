/**
 * Every screen of the temporary ID card's happy path, in both modes (standard and elderly) and both
 * languages: photographed into test-results/accessibility/, checked with axe, and measured — the
 * smallest touch target is at least 64 px, and 96 px in elderly mode, where every visible text, target
 * and box is measured as well (elderly-support.ts: text ≥ 36 px, line spacing ≥ 1.5, nothing clipped).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { elderlyProblems } from './elderly-support';
import { axeViolations, launchKiosk, RESULTS, smallestTouchTarget, tap, type Kiosk } from './harness';

const SHOTS = `${RESULTS}/accessibility`;

describe('accessibility of every screen, both modes, both languages', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({}, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  const combos = [
    { mode: 'standard', locale: 'zh-CN', resident: RESIDENT.standard, minTarget: 64, minFont: 28 },
    { mode: 'standard', locale: 'en', resident: RESIDENT.nonLocal, minTarget: 64, minFont: 28 },
    { mode: 'elderly', locale: 'zh-CN', resident: RESIDENT.elderly, minTarget: 96, minFont: 36 },
    { mode: 'elderly', locale: 'en', resident: RESIDENT.rareCharacter, minTarget: 96, minFont: 36 },
  ] as const;

  it.each(combos)('the temporary ID card, $mode mode, $locale', { timeout: 120_000 }, async ({ mode, locale, resident, minTarget, minFont }) => {
    const look = async (name: string) => {
      await page().waitForTimeout(150);
      await page().screenshot({ path: `${SHOTS}/${mode}-${locale}-${name}.png` });
      const violations = await axeViolations(page());
      expect(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
      const smallest = await smallestTouchTarget(page());
      expect(Math.min(smallest.width, smallest.height), `${name}: smallest target "${smallest.text}"`).toBeGreaterThanOrEqual(minTarget);
      const body = await page().evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      expect(body, name).toBeGreaterThanOrEqual(minFont);
      // Elderly mode: every visible text, target and box measured, not only the root size.
      if (mode === 'elderly') expect(await elderlyProblems(page()), name).toEqual([]);
    };

    await page().evaluate(() => (location.hash = '#/attract'));
    await page().getByTestId('attract').waitFor();
    if (mode === 'elderly') {
      await tap(page().getByTestId('elderly-switch'));
      await expect.poll(() => page().locator('html').getAttribute('data-mode')).toBe('elderly');
    }
    if (locale === 'en') await tap(page().getByTestId('language-switch'));
    await expect.poll(() => page().locator('html').getAttribute('lang')).toBe(locale);
    await look('attract');
    await tap(page().getByTestId('start'));
    await page().getByTestId('home').waitFor();
    await look('home');

    await tap(page().getByTestId('tile-tempIdCard'));
    await page().getByTestId('tempid-notice').waitFor();
    await look('notice');
    await tap(page().getByTestId('notice-accept'));
    await page().getByTestId('tempid-identity').waitFor();
    if (mode === 'elderly') {
      await look('identity-choose');
      await tap(page().getByTestId('identity-way-type'));
    }
    await look('identity');
    for (const character of resident) await tap(page().getByTestId(`key-${character}`));
    await tap(page().getByTestId('id-confirm'));
    await page().getByTestId('tempid-face').waitFor({ timeout: 15_000 });
    await look('face');
    const capture = page().getByTestId('camera-capture');
    await expect.poll(() => capture.isEnabled(), { timeout: 15_000 }).toBe(true);
    await tap(capture);
    await page().getByTestId('tempid-confirm').waitFor({ timeout: 15_000 });
    await look('confirm');
    await tap(page().getByTestId('confirm-ok'));
    await page().getByTestId('payment-qr').waitFor({ timeout: 15_000 });
    await look('payment');

    const scanner = kiosk.runtime.services.devices.get('scanner')?.simulated;
    if (scanner?.kind !== 'qrScanner') throw new Error('scanner is not simulated');
    await scanner.simulator.scan(PAYMENT_CODE.wechat);
    await page().getByTestId('tempid-done').waitFor({ timeout: 60_000 });
    await look('done');
    await tap(page().getByTestId('done-finish'));
    await page().getByTestId('home').waitFor();
  });
});
