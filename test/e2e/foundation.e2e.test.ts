import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, LANDSCAPE, launchKiosk, PORTRAIT, RESULTS, smallestTouchTarget, tap, type Kiosk } from './harness';

describe('kiosk foundation in a real browser (web mode)', () => {
  let kiosk: Kiosk;

  beforeAll(async () => {
    kiosk = await launchKiosk({ timeouts: { idleSeconds: 2, idleCountdownSeconds: 3 } });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('starts on the attract screen and opens home with a touch', async () => {
    const { page } = kiosk;
    await page.getByTestId('attract').waitFor();
    await page.getByText('轻触屏幕开始办理').waitFor();
    await page.screenshot({ path: `${RESULTS}/attract.png` });
    expect(await axeViolations(page)).toEqual([]);
    await tap(page.getByTestId('start'));
    await page.getByTestId('home').waitFor();
  });

  it('renders home in Chinese with a tile per service, large targets and no axe violations', async () => {
    const { page } = kiosk;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('请选择您要办理的业务');
    for (const name of ['临时身份证', '交通违法', '无犯罪记录证明', '进度查询', '求助']) {
      await page.getByRole('button', { name: new RegExp(name) }).waitFor();
    }
    await expect.poll(() => page.getByTestId('device-health').textContent(), { timeout: 10_000 }).toContain('设备正常');
    await page.screenshot({ path: `${RESULTS}/home.png` });
    const smallest = await smallestTouchTarget(page);
    expect(Math.min(smallest.width, smallest.height), smallest.text).toBeGreaterThanOrEqual(64);
    const baseFont = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(baseFont).toBeGreaterThanOrEqual(24);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('switches to English and back', async () => {
    const { page } = kiosk;
    await tap(page.getByTestId('language-switch'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Please choose a service');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: /Temporary ID card/ }).waitFor();
    await page.screenshot({ path: `${RESULTS}/home-en.png` });
    expect(await axeViolations(page)).toEqual([]);
    await tap(page.getByTestId('language-switch'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('请选择您要办理的业务');
  });

  it('opens a tile\'s screen and comes back home', async () => {
    const { page } = kiosk;
    await tap(page.getByTestId('tile-noCriminalRecord'));
    await page.getByTestId('service-unavailable').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('无犯罪记录证明暂未在本机开通');
    await page.getByText('如遇紧急情况，请直接拨打 110。').waitFor();
    await page.screenshot({ path: `${RESULTS}/service-unavailable.png` });
    expect(await axeViolations(page)).toEqual([]);
    await tap(page.getByTestId('back-home'));
    await page.getByTestId('home').waitFor();
  });

  it('asks "still there?" after the idle time, counts down and returns to the attract screen in the default language', async () => {
    const { page } = kiosk;
    await tap(page.getByTestId('language-switch'));
    await page.getByTestId('idle-prompt').waitFor({ timeout: 5_000 });
    await expect.poll(() => page.getByTestId('idle-prompt').textContent()).toMatch(/Are you still there\?/);
    await page.screenshot({ path: `${RESULTS}/idle-prompt.png` });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('attract').waitFor({ timeout: 6_000 });
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(kiosk.runtime.core.status().sessionActive).toBe(false);
  });

  it('keeps the resident when they answer "continue"', async () => {
    const { page } = kiosk;
    await tap(page.getByTestId('start'));
    await page.getByTestId('idle-prompt').waitFor({ timeout: 5_000 });
    await tap(page.getByTestId('idle-continue'));
    await expect.poll(() => page.getByTestId('idle-prompt').count()).toBe(0);
    await page.getByTestId('home').waitFor();
  });

  it('shows "service temporarily unavailable" while the core is down and recovers when it is back', async () => {
    const { page } = kiosk;
    await kiosk.stopCore();
    await page.getByTestId('core-unavailable').waitFor({ timeout: 5_000 });
    await page.getByText('服务暂时不可用').waitFor();
    await page.screenshot({ path: `${RESULTS}/core-unavailable.png` });
    await kiosk.restartCore();
    await expect.poll(() => page.getByTestId('core-unavailable').count(), { timeout: 10_000 }).toBe(0);
  });

  it('is usable in landscape 1920x1080: every tile and the language switch on screen', async () => {
    const { page } = kiosk;
    await page.setViewportSize(LANDSCAPE);
    await page.evaluate(() => (location.hash = '#/home'));
    await page.getByTestId('home').waitFor();
    for (const id of ['tile-tempIdCard', 'tile-help', 'language-switch']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.y + box!.height, id).toBeLessThanOrEqual(LANDSCAPE.height);
    }
    await page.screenshot({ path: `${RESULTS}/home-landscape.png` });
    await page.setViewportSize(PORTRAIT);
  });

  it('axe check itself catches violations (so a clean result means something)', async () => {
    const probe = await kiosk.context.newPage();
    await probe.setContent('<html><body><img src="data:,"><button></button><p style="color:#bbb;background:#fff">low contrast</p></body></html>');
    const ids = (await axeViolations(probe)).map((v) => v.id).sort();
    expect(ids).toEqual(expect.arrayContaining(['button-name', 'color-contrast', 'image-alt']));
    await probe.close();
  });

  it('logged no console errors', () => {
    // The WebSocket refusal while the core was down is expected; anything else is a bug.
    const unexpected = kiosk.consoleErrors.filter((line) => !/WebSocket connection to .* failed/.test(line));
    expect(unexpected).toEqual([]);
  });
});
