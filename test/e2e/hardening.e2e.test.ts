/**
 * The hardening issue's promises, checked in a real browser against web mode: no money without a
 * way to deliver (a paused tile), a payment window the idle prompt never covers, no ghost taps, the
 * post's clock, a language switch that keeps the resident's progress, and a DEV button that covers
 * nothing. Screens are photographed into test-results/hardening/ and checked with axe.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESIDENT } from '../../services/backend-sim/fixtures';
import { axeViolations, launchKiosk, RESULTS, tap, type Kiosk } from './harness';

const SHOTS = `${RESULTS}/hardening`;

describe('hardening in a real browser', () => {
  let kiosk: Kiosk;
  const page = () => kiosk.page;
  const cardPrinter = () => {
    const sim = kiosk.runtime.services.devices.get('cardPrinter')?.simulated;
    if (sim?.kind !== 'cardPrinter') throw new Error('card printer is not simulated');
    return sim.simulator;
  };
  async function look(name: string): Promise<void> {
    await page().waitForTimeout(150);
    await page().screenshot({ path: `${SHOTS}/${name}.png` });
    const violations = await axeViolations(page());
    expect(violations, `${name}: ${violations.map((v) => v.id).join(', ')}`).toEqual([]);
  }
  const home = async () => {
    await page().evaluate(() => (location.hash = '#/home'));
    await page().getByTestId('home').waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Short idle times so that "the prompt never covers the payment QR" is tested in seconds; long
    // enough that the other screens here are photographed and checked before the prompt comes.
    kiosk = await launchKiosk({ timeouts: { idleSeconds: 8, idleCountdownSeconds: 2 } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  beforeEach(async () => {
    cardPrinter().setCards(100);
    await home();
    await expect.poll(() => page().getByTestId('tile-tempIdCard').getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
  });

  it('pauses the temporary ID tile with its reason while the card printer is empty, and resumes it', async () => {
    const tile = page().getByTestId('tile-tempIdCard');
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    cardPrinter().setCards(0);
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
    expect(await tile.textContent()).toContain('制证设备维护中，请到窗口办理');
    await look('home-paused-zh');
    await tap(page().getByTestId('language-switch'));
    await expect.poll(() => tile.textContent()).toContain('The card printer is being serviced');
    await look('home-paused-en');
    await tap(page().getByTestId('language-switch'));

    await tap(tile);
    await page().getByTestId('service-unavailable').waitFor();
    expect(await page().getByTestId('paused-reason').textContent()).toBe('制证设备维护中，请到窗口办理');
    await look('paused-explained');
    const health = await (await fetch(`${kiosk.host.url}healthz`)).json() as { ok: boolean; core: { paused: unknown[] } };
    expect(health, JSON.stringify(health)).toMatchObject({ ok: false, core: { paused: [{ service: 'tempIdCard', device: 'cardPrinter', problem: 'suppliesOut' }] } });

    cardPrinter().setCards(100);
    await home();
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    expect((await (await fetch(`${kiosk.host.url}healthz`)).json() as { ok: boolean }).ok).toBe(true);
  });

  it('never covers the payment QR with the idle prompt, and keeps the session', { timeout: 90_000 }, async () => {
    await tap(page().getByTestId('tile-tempIdCard'));
    await page().getByTestId('tempid-notice').waitFor();
    await tap(page().getByTestId('notice-accept'));
    await page().getByTestId('tempid-identity').waitFor();
    for (const character of RESIDENT.standard) await tap(page().getByTestId(`key-${character}`));
    await tap(page().getByTestId('id-confirm'));
    await page().getByTestId('tempid-face').waitFor({ timeout: 15_000 });
    const capture = page().getByTestId('camera-capture');
    await expect.poll(() => capture.isEnabled(), { timeout: 15_000 }).toBe(true);
    await tap(capture);
    await page().getByTestId('tempid-confirm').waitFor({ timeout: 15_000 });
    await tap(page().getByTestId('confirm-ok'));
    await page().getByTestId('payment-qr').waitFor({ timeout: 15_000 });
    // The idle time plus the countdown, and more: without the policy the session would have ended.
    await page().waitForTimeout(12_000);
    expect(await page().getByTestId('idle-prompt').count()).toBe(0);
    expect(await page().getByTestId('payment-qr').isVisible()).toBe(true);
    expect(kiosk.runtime.core.status().sessionActive).toBe(true);
    await tap(page().getByTestId('flow-exit'));
    await page().getByTestId('tempid-failed').waitFor({ timeout: 20_000 });
  });

  it('does not let a second quick tap land on the next screen (ghost tap)', async () => {
    await tap(page().getByTestId('tile-traffic'));
    await page().getByTestId('service-unavailable').waitFor();
    const button = await page().getByTestId('back-home').boundingBox();
    expect(button).not.toBeNull();
    const x = button!.x + button!.width / 2;
    const y = button!.y + button!.height / 2;
    await page().waitForFunction(() => document.documentElement.dataset.tapGuard === undefined);
    await page().touchscreen.tap(x, y);
    await page().waitForTimeout(150);
    await page().touchscreen.tap(x, y); // lands wherever the home screen now has something
    await page().waitForTimeout(800);
    expect(await page().evaluate(() => location.hash)).toBe('#/home');
    expect(kiosk.runtime.core.status().sessionActive).toBe(false);
  });

  it('shows the post clock (Asia/Shanghai) whatever the machine zone is', async () => {
    const expected = () => new Date().toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' });
    await expect.poll(async () => (await page().getByTestId('clock-time').textContent()) === expected(), { timeout: 3000 }).toBe(true);
  });

  it('switches language inside a flow without losing the typed digits', async () => {
    await tap(page().getByTestId('tile-tempIdCard'));
    await page().getByTestId('tempid-notice').waitFor();
    await tap(page().getByTestId('notice-accept'));
    await page().getByTestId('tempid-identity').waitFor();
    for (const character of '110105') await tap(page().getByTestId(`key-${character}`));
    await tap(page().getByTestId('language-switch'));
    await expect.poll(() => page().locator('html').getAttribute('lang')).toBe('en');
    expect(await page().getByTestId('tempid-identity').isVisible()).toBe(true);
    expect(await page().getByTestId('id-boxes').textContent()).toContain('110105');
    await look('identity-typed-en');
    await tap(page().getByTestId('flow-exit'));
    await page().getByTestId('discard-confirm').waitFor();
    await look('discard-confirm-en');
    await tap(page().getByTestId('discard-confirm-yes'));
    await page().getByTestId('home').waitFor();
    await tap(page().getByTestId('language-switch'));
  });

  it('keeps the DEV button clear of every tile and button', async () => {
    const dev = await page().getByTestId('dev-dock-toggle').boundingBox();
    expect(dev).not.toBeNull();
    const boxes = await page().evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main button, main a, [data-testid="device-health"]')].map((element) => {
        const r = element.getBoundingClientRect();
        return { id: element.dataset.testid ?? element.textContent?.trim().slice(0, 20), x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    for (const box of boxes) {
      const overlaps = dev!.x < box.x + box.width && box.x < dev!.x + dev!.width && dev!.y < box.y + box.height && box.y < dev!.y + dev!.height;
      expect(overlaps, `DEV covers ${box.id}`).toBe(false);
    }
    expect(dev!.x).toBeLessThan(200); // at the left end of the status bar, as the README says
    expect(dev!.y).toBeLessThan(100);
  });
});
