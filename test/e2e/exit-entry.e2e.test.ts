/**
 * The exit-entry endorsement end to end in Chromium: web mode, the permit chip simulator behind the
 * contactless reader driver (ICAO 9303 access control, secure messaging, passive authentication), the
 * OCR window, the embedded administration and payment provider, Chromium's fake camera. Every screen
 * is photographed in Chinese and English into test-results/exit-entry/ and checked with axe; the
 * happy path, and the failures a resident can meet on the way, each ending on its own words.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PERMIT_HOLDERS } from '../../services/backend-sim/exit-entry-fixtures';
import { PAYMENT_CODE } from '../../services/backend-sim/fixtures';
import { permitFixture } from '../../devices/travel-permit-sim/fixtures';
import { launchKiosk, RESULTS, tap, type Kiosk } from './harness';
import { backendOf, devicesOf, look, screen, SHOTS } from './exit-entry-support';

const holderOf = (fixture: 'validHongKongMacao' | 'stateEmployee') => PERMIT_HOLDERS.find((h) => h.documentNumber === permitFixture(fixture).holder.documentNumber)!;

describe('exit-entry endorsement in a real browser (web mode, simulated permit chip, fake camera)', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await launchKiosk({ services: { exitEntry: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  const page = () => kiosk.page;
  const devices = () => devicesOf(kiosk);
  const backend = () => backendOf(kiosk);
  const ended = () => page().getByTestId('ee-failed');
  const endedReason = () => ended().getAttribute('data-reason');

  /** Closes the developer dock; a tap that lands as the screen changes is swallowed by the ghost-tap guard, so until it is shut. */
  async function closeDock(): Promise<void> {
    const dock = page().getByTestId('dev-dock');
    await expect
      .poll(async () => {
        if (await dock.isVisible()) await tap(page().getByTestId('dev-dock-toggle'));
        return dock.isVisible();
      }, { timeout: 15_000 })
      .toBe(false);
  }

  beforeEach(async () => {
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 10_000 }).toBe('ok');
    devices().field().remove();
    await closeDock();
  });

  async function openService(): Promise<void> {
    await page().evaluate(() => (location.hash = '#/home'));
    await tap(page().getByTestId('tile-exitEntry'));
    await screen(page(), 'notice').waitFor();
  }
  async function toPermit(): Promise<void> {
    await openService();
    await tap(page().getByTestId('notice-accept'));
    await screen(page(), 'permit').waitFor();
  }
  async function capture(): Promise<void> {
    const button = page().getByTestId('camera-capture');
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    await tap(button);
  }
  async function toChoose(fixture: 'validHongKongMacao' | 'stateEmployee' = 'validHongKongMacao'): Promise<void> {
    await toPermit();
    await devices().present(fixture);
    await screen(page(), 'face').waitFor({ timeout: 15_000 });
    await capture();
    await screen(page(), 'choose').waitFor({ timeout: 15_000 });
  }
  async function toPayment(): Promise<void> {
    await toChoose();
    await tap(page().getByTestId('choose-next'));
    await screen(page(), 'confirm').waitFor();
    await tap(page().getByTestId('confirm-ok'));
    await page().getByTestId('payment-qr').waitFor({ timeout: 15_000 });
  }

  it('happy path: the permit placed from the dock, chip read and verified, face, choice, payment, written, read back, back printed, receipt', async () => {
    const p = page();
    await tap(p.getByTestId('start'));
    await p.getByTestId('home').waitFor();
    await openService();
    await look(p, '1-notice');
    await tap(p.getByTestId('notice-accept'));
    await screen(p, 'permit').waitFor();
    await look(p, '2-permit');
    // The resident lays the permit on the reader: through the developer dock, as a tester would.
    // Each APDU slower, so the chip-read screen (13 APDUs with extended-length reads) stays to be photographed.
    const restoreReader = devices().slowReader(400);
    try {
      await tap(p.getByTestId('dev-dock-toggle'));
      await p.getByTestId('dev-permit-fixture').selectOption('validHongKongMacao');
      await tap(p.getByTestId('dev-place-permit'));
      await p.getByTestId('dev-ocr-fixture').selectOption('validHongKongMacao');
      await tap(p.getByTestId('dev-scan-ocr'));
      await closeDock();
      await screen(p, 'reading').waitFor({ timeout: 10_000 });
      expect(await p.getByTestId('waiting-masked').textContent()).toContain('C1*****78');
      await look(p, '2-reading');
    } finally {
      restoreReader();
    }
    await screen(p, 'face').waitFor({ timeout: 20_000 });
    await p.getByTestId('camera').waitFor();
    await look(p, '3-face');
    const slow = [backend().slowOperation('comparePermitFace', 2500), backend().slowOperation('checkEndorsementEligibility', 2500)];
    try {
      await capture();
      await screen(p, 'faceCheck').waitFor({ timeout: 5_000 });
      await look(p, '3-face-check');
      await screen(p, 'eligibility').waitFor({ timeout: 10_000 });
      await look(p, '4-eligibility');
    } finally {
      slow.forEach((undo) => undo());
    }
    await screen(p, 'choose').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('choose-holder').textContent()).toContain('张*');
    await look(p, '4-choose');
    await tap(p.getByTestId('choose-type-T'));
    await tap(p.getByTestId('choose-destination-HKMO'));
    await tap(p.getByTestId('choose-option-3-1'));
    await look(p, '4-choose-chosen');
    await tap(p.getByTestId('choose-next'));
    await screen(p, 'confirm').waitFor();
    expect(await p.getByTestId('confirm-fee').textContent()).toContain('30');
    await look(p, '4-confirm');
    await tap(p.getByTestId('confirm-ok'));
    await p.getByTestId('payment-qr').waitFor({ timeout: 15_000 });
    await look(p, '5-payment');
    const slowApproval = backend().slowOperation('approveEndorsement', 2500);
    try {
      await devices().scan(PAYMENT_CODE.wechat);
      await screen(p, 'writing').waitFor({ timeout: 15_000 });
      await look(p, '6-writing');
    } finally {
      slowApproval();
    }
    await screen(p, 'done').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('done-back').getAttribute('data-printed')).toBe('true');
    expect(await p.getByTestId('done-masked').textContent()).toContain('C1*****78');
    await look(p, '7-done');
    expect(await p.content()).not.toContain(permitFixture('validHongKongMacao').holder.documentNumber);

    // The chip holds the endorsement the screen names; the back and the receipt were printed.
    const serial = (await p.getByTestId('done-serial').textContent())!.split(/[:：]\s*/).at(-1)!.trim();
    expect(devices().onChip().map((e) => [e.record.type, e.record.destination, e.record.trips, e.record.serial])).toContainEqual(['T', 'HKMO', 1, serial]);
    const printed = await kiosk.runtime.core.dispatch({ type: 'request', id: 1, method: 'dev.printed', params: {} }, { via: 'test' });
    if (!printed.ok) throw new Error('dev.printed failed');
    const { card, receipt } = printed.result as { card?: { dataUrl: string; count: number }; receipt?: { dataUrl: string } };
    expect(card?.count).toBe(1);
    writeFileSync(`${SHOTS}/card-back.png`, Buffer.from(card!.dataUrl.split(',')[1]!, 'base64'));
    writeFileSync(`${SHOTS}/receipt.png`, Buffer.from(receipt!.dataUrl.split(',')[1]!, 'base64'));
    const tx = kiosk.runtime.services.journal.findByIdNumber(holderOf('validHongKongMacao').idNumber);
    expect(tx.ok && tx.value.map((t) => t.status)).toEqual(['done']);
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
    // Every screen is photographed twice and checked with axe twice on the way: more than the default minute.
  }, 150_000);

  it('a misread OCR line is typed on the keypad, checked as typed', async () => {
    await toPermit();
    devices().field().place('validHongKongMacao');
    await devices().misreadOcr('validHongKongMacao');
    await page().getByTestId('permit-problem').waitFor();
    expect(await page().getByTestId('permit-problem').getAttribute('data-problem')).toBe('ocrMisread');
    const line = permitFixture('validHongKongMacao').printedOcrLine;
    // A wrong check digit for the number is caught at position 12, before the rest is typed.
    const wrong = `${line.slice(0, 11)}${(Number(line[11]) + 1) % 10}`;
    for (const ch of wrong) await tap(page().getByTestId(`ocr-${ch}`));
    await page().getByTestId('ocr-typing-problem').waitFor();
    await look(page(), '2-permit-typed-wrong');
    await tap(page().getByTestId('ocr-delete'));
    for (const ch of line.slice(11)) await tap(page().getByTestId(`ocr-${ch}`));
    await look(page(), '2-permit-typed');
    await tap(page().getByTestId('ocr-submit'));
    await screen(page(), 'face').waitFor({ timeout: 15_000 });
    await tap(page().getByTestId('flow-exit'));
  });

  it.each([
    ['wrongKey', 'accessKeyMismatch'],
    ['tamperedDataGroup', 'dataTampered'],
    ['unknownSigner', 'untrustedSigner'],
    ['expired', 'permitExpired'],
    ['taiwan', 'permitNotOffered'],
  ] as const)('%s permit: ends %s, nothing charged', async (fixture, reason) => {
    await toPermit();
    await devices().present(fixture);
    if (fixture === 'wrongKey') {
      // The card's line does not open its chip: asked again, then sent to the counter.
      await page().getByTestId('permit-problem').waitFor({ timeout: 10_000 });
      await look(page(), '2-permit-access-denied');
      // Each attempt once the last has been judged: a line read while the chip is still being read is not taken.
      for (const attempt of [2, 3]) {
        await page().locator(`[data-testid="permit-problem"][data-attempt="${attempt}"]`).waitFor({ timeout: 15_000 });
        await devices().present(fixture);
      }
    }
    await ended().waitFor({ timeout: 20_000 });
    expect(await endedReason()).toBe(reason);
    if (reason === 'dataTampered' || reason === 'untrustedSigner') expect(await page().getByTestId('error-reference').textContent()).toMatch(/W/);
    if (reason === 'permitExpired') expect(await page().getByTestId('ended-details').textContent()).toContain('2023-06-15');
    await look(page(), `ended-${reason}`);
    await tap(page().getByTestId('ended-home'));
  });

  it('a state employee is sent to the counter, saying why', async () => {
    await toPermit();
    await devices().present('stateEmployee');
    await screen(page(), 'face').waitFor({ timeout: 15_000 });
    await capture();
    await ended().waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('notEligible');
    expect(await page().getByTestId('ended-details').getAttribute('data-refusal')).toBe('stateEmployee');
    await look(page(), 'ended-not-eligible');
    await tap(page().getByTestId('ended-home'));
  });

  it("a face that does not match the chip's photo ends after three attempts", async () => {
    await toPermit();
    await devices().present('faceMismatch');
    await screen(page(), 'face').waitFor({ timeout: 15_000 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await capture();
      if (attempt < 3) await page().getByTestId('face-last-result').waitFor({ timeout: 15_000 });
    }
    await ended().waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('faceMismatch');
    await look(page(), 'ended-face-mismatch');
    await tap(page().getByTestId('ended-home'));
  });

  it('the administration down after payment: refunded, told so, the chip untouched', async () => {
    const restore = backend().breakOperation('approveEndorsement');
    try {
      await toPayment();
      const before = devices().onChip().length;
      await devices().scan(PAYMENT_CODE.alipay);
      await ended().waitFor({ timeout: 30_000 });
      expect(await endedReason()).toBe('backendUnavailable');
      expect(await ended().textContent()).toMatch(/原路退回/);
      expect(devices().onChip()).toHaveLength(before);
      await look(page(), 'ended-backend-down-refunded');
    } finally {
      restore();
    }
    await tap(page().getByTestId('ended-home'));
  });

  it('the permit taken away during the write: placed again from the dock, read back, finished once', async () => {
    await toPayment();
    const before = devices().onChip().length;
    await tap(page().getByTestId('dev-dock-toggle'));
    await tap(page().getByTestId('dev-remove-mid-write'));
    await closeDock();
    await devices().scan(PAYMENT_CODE.wechat);
    await screen(page(), 'replace').waitFor({ timeout: 15_000 });
    await look(page(), '6-replace');
    devices().field().place('validHongKongMacao');
    await screen(page(), 'done').waitFor({ timeout: 30_000 });
    expect(devices().onChip()).toHaveLength(before + 1);
    await tap(page().getByTestId('done-finish'));
  });

  it("the card printer jams after the write: done, the chip holds it, the back is for staff (ticket), the fee stands", async () => {
    await toPayment();
    const before = devices().onChip().length;
    devices().cardPrinter().jamNextCard();
    try {
      await devices().scan(PAYMENT_CODE.wechat);
      await screen(page(), 'done').waitFor({ timeout: 60_000 });
      expect(await page().getByTestId('done-back').getAttribute('data-printed')).toBe('false');
      expect(await page().getByTestId('done-back').textContent()).toMatch(/WK|W[A-Z0-9-]+/);
      expect(devices().onChip()).toHaveLength(before + 1);
      await look(page(), '7-done-back-not-printed');
    } finally {
      devices().cardPrinter().clearJam();
    }
    await tap(page().getByTestId('done-finish'));
  });

  it('logged no console errors; screenshots are in test-results', () => {
    expect(RESULTS).toContain('test-results');
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
