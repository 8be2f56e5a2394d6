/**
 * The progress query end to end in Chromium (web mode, simulated devices, the embedded police
 * backend, Chromium's fake camera): by the typed ID number and the face (three applications in
 * three states), by a tip-off's tracking number alone, and by an application number with identity.
 * Every screen is photographed into test-results/progress/ and checked with axe, in Chinese and in
 * English; no ID number is ever on the page in the clear.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION, RESIDENT, TIP_OFF } from '../../services/backend-sim/fixtures';
import { launchKiosk, RESULTS, tap, type Kiosk } from './harness';
import { infoHelpers } from './info-support';

const SHOTS = `${RESULTS}/progress`;

describe('progress query in a real browser (web mode, embedded backend, fake camera)', () => {
  let kiosk: Kiosk;
  const h = infoHelpers(() => kiosk, SHOTS);
  const { page, look } = h;
  const screen = (state: string) => page().getByTestId(`progress-${state}`);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({ services: { progress: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  beforeEach(async () => {
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 10_000 }).toBe('ok');
  });

  async function open(shots?: string): Promise<void> {
    await page().evaluate(() => (location.hash = '#/home'));
    await tap(page().getByTestId('tile-progress'));
    await screen('choose').waitFor();
    if (shots) await look(`${shots}1-choose`);
  }
  /** Typed number → registry → face → query, photographing each waiting screen on the way. */
  async function proveIdentity(idNumber: string, shots?: string): Promise<void> {
    await screen('identity').waitFor();
    if (shots) await look(`${shots}2-identity`);
    const restore = shots ? [h.slow('verifyIdentity', 1500)] : [];
    try {
      await h.typeIdNumber(idNumber);
      if (shots) {
        await screen('lookup').waitFor({ timeout: 5_000 });
        await look(`${shots}2-lookup`);
      }
    } finally {
      restore.forEach((undo) => undo());
    }
    await screen('face').waitFor({ timeout: 15_000 });
    if (shots) await look(`${shots}3-face`);
    const slowed = shots ? [h.slow('compareFace', 1500), h.slow('getApplicationProgress', 1500)] : [];
    try {
      await h.capture();
      if (shots) {
        await screen('faceCheck').waitFor({ timeout: 5_000 });
        await look(`${shots}3-face-check`);
        await screen('querying').waitFor({ timeout: 5_000 });
        await look(`${shots}4-querying`);
      }
    } finally {
      slowed.forEach((undo) => undo());
    }
  }
  const entries = () => page().getByTestId('results-entry');
  const statuses = async () => entries().evaluateAll((items) => items.map((item) => `${item.getAttribute('data-kind')}:${item.getAttribute('data-status')}`));

  it('by the typed ID number and the face: three applications in three states, each with what to do next', async () => {
    const p = page();
    await tap(p.getByTestId('start'));
    await open('zh-');
    await tap(p.getByTestId('progress-by-identity'));
    await proveIdentity(RESIDENT.applicationInProgress, 'zh-');
    await screen('results').waitFor({ timeout: 15_000 });
    expect((await statuses()).sort()).toEqual(['idCard:readyForCollection', 'tempIdCard:reviewing', 'tipOff:closed']);
    expect(await p.locator('[data-status="readyForCollection"]').textContent()).toMatch(/待领取[\s\S]*东华门派出所户籍窗口（东华门大街18号）[\s\S]*请带上受理回执/);
    expect(await p.locator('[data-status="reviewing"]').textContent()).toMatch(/审核中[\s\S]*正在审核/);
    expect(await p.locator('[data-status="closed"]').textContent()).toMatch(/已办结[\s\S]*感谢您的举报/);
    expect(await p.getByTestId('results-masked').textContent()).toMatch(/110101\*{8}\d{3}[\dX]/);
    await h.expectNoClearIdNumber(RESIDENT.applicationInProgress);
    await look('zh-5-results');
    await tap(p.getByTestId('results-finish'));
    await p.getByTestId('home').waitFor();
    await h.expectNoClearIdNumber(RESIDENT.applicationInProgress);
  });

  it("by a tip-off's tracking number alone: its category and state, never its words", async () => {
    const p = page();
    await open();
    await tap(p.getByTestId('progress-by-number'));
    await screen('number').waitFor();
    await tap(p.getByTestId('number-prefix-JB'));
    for (const digit of TIP_OFF.anonymousReviewing.slice(2)) await tap(p.getByTestId(`key-${digit}`));
    expect(await p.getByTestId('number-typed').textContent()).toBe('JB 20250610 0001 730518');
    await look('zh-1-number');
    await tap(p.getByTestId('number-confirm'));
    await screen('results').waitFor({ timeout: 15_000 });
    expect(await statuses()).toEqual(['tipOff:reviewing']);
    expect(await entries().textContent()).toMatch(/审核中[\s\S]*涉赌/);
    expect(await p.content()).not.toMatch(/地下室|东华门大街/); // the text and the place stay at the backend
    await look('zh-5-results-tracking-number');
    // Another query forgets this one.
    await tap(p.getByTestId('results-again'));
    await screen('choose').waitFor();
    await tap(p.getByTestId('progress-by-number'));
    await tap(p.getByTestId('number-prefix-JB'));
    for (const digit of '202506100001999999') await tap(p.getByTestId(`key-${digit}`));
    await tap(p.getByTestId('number-confirm'));
    await p.getByTestId('results-empty').waitFor({ timeout: 15_000 });
    await look('zh-5-results-nothing-found');
    await tap(p.getByTestId('flow-exit'));
    await p.getByTestId('home').waitFor();
  });

  it('in English: an application number with identity, every screen photographed', async () => {
    const p = page();
    await p.evaluate(() => (location.hash = '#/home'));
    await p.getByTestId('home').waitFor();
    await tap(p.getByTestId('language-switch'));
    await expect.poll(() => p.getByTestId('tile-progress').textContent()).toContain('Application progress');
    await open('en-');
    await tap(p.getByTestId('progress-by-number'));
    await screen('number').waitFor();
    await tap(p.getByTestId('number-prefix-SQ'));
    for (const digit of APPLICATION.idCardProducing.slice(2)) await tap(p.getByTestId(`key-${digit}`));
    await look('en-1-number');
    await tap(p.getByTestId('number-confirm'));
    await proveIdentity(RESIDENT.standard, 'en-');
    await screen('results').waitFor({ timeout: 15_000 });
    expect(await statuses()).toEqual(['idCard:producing']);
    expect(await entries().textContent()).toMatch(/Being made[\s\S]*text message/);
    await h.expectNoClearIdNumber(RESIDENT.standard);
    await look('en-5-results');
    // Someone else's application by number: nothing found (never another person's).
    await tap(p.getByTestId('results-again'));
    await tap(p.getByTestId('progress-by-number'));
    await tap(p.getByTestId('number-prefix-SQ'));
    for (const digit of APPLICATION.idCardReady.slice(2)) await tap(p.getByTestId(`key-${digit}`));
    await tap(p.getByTestId('number-confirm'));
    await proveIdentity(RESIDENT.standard);
    await p.getByTestId('results-empty').waitFor({ timeout: 15_000 });
    await look('en-5-results-nothing-found');
    await tap(p.getByTestId('results-finish'));
    await p.getByTestId('home').waitFor();
  });

  it('the backend down: an ending that says so, in plain words', async () => {
    const p = page();
    const original = kiosk.runtime.services.gateway.getTipOffStatus;
    kiosk.runtime.services.gateway.getTipOffStatus = async () => ({ ok: false, error: { kind: 'network', message: 'connection refused', retryable: true } });
    try {
      await open();
      await tap(p.getByTestId('progress-by-number'));
      await tap(p.getByTestId('number-prefix-JB'));
      for (const digit of TIP_OFF.anonymousReviewing.slice(2)) await tap(p.getByTestId(`key-${digit}`));
      await tap(p.getByTestId('number-confirm'));
      await screen('failed').waitFor({ timeout: 30_000 });
      expect(await screen('failed').getAttribute('data-reason')).toBe('backendUnavailable');
      await look('en-ended-backend-unavailable');
    } finally {
      kiosk.runtime.services.gateway.getTipOffStatus = original;
    }
    await tap(p.getByTestId('ended-home'));
  });

  it('elderly mode: the choice, the number entry and the results keep every target at 96 px or more', async () => {
    const p = page();
    await p.evaluate(() => (location.hash = '#/attract'));
    await p.getByTestId('attract').waitFor();
    await tap(p.getByTestId('elderly-switch'));
    await expect.poll(() => p.locator('html').getAttribute('data-mode')).toBe('elderly');
    await tap(p.getByTestId('start'));
    await open();
    await look('zh-elderly-1-choose', 96);
    await tap(p.getByTestId('progress-by-number'));
    await screen('number').waitFor();
    await tap(p.getByTestId('number-prefix-JB'));
    for (const digit of TIP_OFF.anonymousReviewing.slice(2)) await tap(p.getByTestId(`key-${digit}`));
    await look('zh-elderly-1-number', 96);
    await tap(p.getByTestId('number-confirm'));
    await screen('results').waitFor({ timeout: 15_000 });
    await look('zh-elderly-5-results', 96);
    await tap(p.getByTestId('results-finish'));
    await p.getByTestId('home').waitFor();
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
