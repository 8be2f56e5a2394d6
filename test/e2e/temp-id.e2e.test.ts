/**
 * The temporary ID card service end to end in a real browser: web mode, every device simulated
 * (driven through the developer dock or its simulators), the embedded police backend, Chromium's
 * fake camera. Every screen is photographed into test-results/temp-id/ and checked with axe.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { axeViolations, launchKiosk, photographFailures, RESULTS, tap, type Kiosk } from './harness';

const SHOTS = `${RESULTS}/temp-id`;
// Each scenario uses its own resident: one who got a card in an earlier scenario now holds one.

describe('temporary ID card in a real browser (web mode, simulated devices, fake camera)', () => {
  let kiosk: Kiosk;
  photographFailures(() => kiosk?.page);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({}, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  const page = () => kiosk.page;
  const sim = <K extends 'idReader' | 'scanner' | 'receiptPrinter' | 'cardPrinter'>(id: K) => {
    const simulated = kiosk.runtime.services.devices.get(id)?.simulated;
    if (!simulated) throw new Error(`${id} is not simulated`);
    return simulated;
  };
  const screen = (state: string) => page().getByTestId(`tempid-${state}`);
  /** Screenshot + axe for the screen on display. */
  async function look(name: string): Promise<void> {
    await page().waitForTimeout(150); // let transitions settle before the picture
    await page().screenshot({ path: `${SHOTS}/${name}.png` });
    const violations = await axeViolations(page());
    expect(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
  }
  async function openService(): Promise<void> {
    await page().evaluate(() => (location.hash = '#/home'));
    await tap(page().getByTestId('tile-tempIdCard'));
    await screen('notice').waitFor();
  }
  async function typeIdNumber(idNumber: string): Promise<void> {
    for (const character of idNumber) await tap(page().getByTestId(`key-${character}`));
  }
  async function toFaceByTyping(idNumber: string): Promise<void> {
    await openService();
    await tap(page().getByTestId('notice-accept'));
    await screen('identity').waitFor();
    await typeIdNumber(idNumber);
    await tap(page().getByTestId('id-confirm'));
    await screen('face').waitFor({ timeout: 15_000 });
  }
  async function capture(): Promise<void> {
    const button = page().getByTestId('camera-capture');
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    await tap(button);
  }
  async function toPayment(idNumber: string): Promise<void> {
    await toFaceByTyping(idNumber);
    await capture();
    await screen('confirm').waitFor({ timeout: 15_000 });
    await tap(page().getByTestId('confirm-ok'));
    await screen('payment').waitFor({ timeout: 15_000 });
    await page().getByTestId('payment-qr').waitFor();
  }
  const endedReason = () => page().getByTestId('tempid-failed').getAttribute('data-reason');
  const money = () => page().getByTestId('error-money').textContent();

  beforeEach(async () => {
    // Every scenario starts with full supplies and an empty reader.
    const reader = sim('idReader');
    if (reader.kind === 'idCardReader') reader.simulator.removeCard();
    const card = sim('cardPrinter');
    if (card.kind === 'cardPrinter') card.simulator.setCards(100);
    const receipt = sim('receiptPrinter');
    if (receipt.kind === 'receiptPrinter') receipt.simulator.reload();
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 10_000 }).toBe('ok');
    // The driver must have seen the reader empty, or the next card would look like the last one still lying there.
    await expect.poll(() => kiosk.runtime.services.devices.idReader()?.status().media, { timeout: 5_000 }).toBe('notPresent');
  });

  it('happy path: old card on the reader, face, confirm, scan a payment code, card and receipt printed', async () => {
    const p = page();
    await tap(p.getByTestId('start'));
    await p.getByTestId('home').waitFor();
    await tap(p.getByTestId('tile-tempIdCard'));
    await screen('notice').waitFor();
    await look('1-notice');
    await tap(p.getByTestId('notice-accept'));

    await screen('identity').waitFor();
    await look('2-identity');
    // The resident places their old card: through the developer dock, as a tester would.
    await tap(p.getByTestId('dev-dock-toggle'));
    await p.getByTestId('dev-fixture').selectOption('normalResident');
    await tap(p.getByTestId('dev-place-card'));
    await tap(p.getByTestId('dev-dock-toggle'));

    await screen('face').waitFor({ timeout: 15_000 });
    await p.getByTestId('camera').waitFor();
    await look('3-face');
    await capture();

    await screen('confirm').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('confirm-masked').textContent()).toContain('110101********003X'.slice(0, 14));
    expect(await p.getByTestId('confirm-details').textContent()).not.toContain(fixtureCard('normalResident').record.type === 'resident' ? (fixtureCard('normalResident').record as { idNumber: string }).idNumber : '');
    await look('4-confirm');
    await tap(p.getByTestId('confirm-ok'));

    await screen('payment').waitFor({ timeout: 15_000 });
    await p.getByTestId('payment-qr').waitFor();
    await look('5-payment');
    const scanner = sim('scanner');
    if (scanner.kind === 'qrScanner') await scanner.simulator.scan(PAYMENT_CODE.wechat);

    await screen('printing').waitFor({ timeout: 15_000 }).catch(() => undefined);
    if (await screen('printing').count()) await look('6-printing');
    await screen('done').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('done-masked').textContent()).toMatch(/110101\*{8}\d{3}[\dX]/);
    await look('7-done');

    // What the simulated printers printed: one card, one receipt, both kept as artifacts.
    const printed = await kiosk.runtime.core.dispatch({ type: 'request', id: 1, method: 'dev.printed', params: {} }, { via: 'test' });
    if (!printed.ok) throw new Error('dev.printed failed');
    const { card, receipt } = printed.result as { card?: { dataUrl: string; count: number }; receipt?: { dataUrl: string } };
    expect(card?.count).toBe(1);
    const cardPng = Buffer.from(card!.dataUrl.split(',')[1]!, 'base64');
    writeFileSync(`${RESULTS}/temp-id-card.png`, cardPng);
    writeFileSync(`${RESULTS}/temp-id-receipt.png`, Buffer.from(receipt!.dataUrl.split(',')[1]!, 'base64'));
    const image = PNG.sync.read(cardPng);
    expect(image.width).toBeGreaterThan(image.height); // front and back side by side
    let ink = 0;
    for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! < 128) ink++;
    const share = ink / (image.width * image.height);
    expect(share).toBeGreaterThan(0.02); // text, photo and borders: a card, not a blank
    expect(share).toBeLessThan(0.6);

    // The journal: one finished transaction, nothing left open.
    expect(kiosk.runtime.services.journal.unfinished()).toEqual([]);
    expect(kiosk.runtime.services.journal.counts().transactions).toBe(1);

    // Finishing wipes the screen: nothing of the resident remains.
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
    expect(await p.content()).not.toContain('110101********');
    const reader = sim('idReader');
    if (reader.kind === 'idCardReader') reader.simulator.removeCard();
  });

  it('an unreadable card says so and offers typing instead', async () => {
    await openService();
    await tap(page().getByTestId('notice-accept'));
    await screen('identity').waitFor();
    const reader = sim('idReader');
    if (reader.kind === 'idCardReader') reader.simulator.placeCard(fixtureCard('unreadable'));
    await page().getByTestId('identity-problem').waitFor({ timeout: 15_000 });
    await look('identity-unreadable');
    await page().getByTestId('keypad').waitFor();
    await tap(page().getByTestId('flow-exit'));
  });

  it('a wrong check character is refused as it is typed; an under-16 is sent to the counter with a guardian', async () => {
    await openService();
    await tap(page().getByTestId('notice-accept'));
    await screen('identity').waitFor();
    const wrong = RESIDENT.under16.slice(0, 17) + (RESIDENT.under16.endsWith('0') ? '1' : '0');
    await typeIdNumber(wrong);
    await page().getByTestId('id-problem').waitFor();
    expect(await page().getByTestId('id-problem').textContent()).toContain('核对不上');
    expect(await page().getByTestId('id-confirm').isDisabled()).toBe(true);
    await look('identity-bad-check-character');

    await tap(page().getByTestId('key-clear'));
    await typeIdNumber(RESIDENT.under16);
    await tap(page().getByTestId('id-confirm'));
    await page().getByTestId('tempid-failed').waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('under16');
    await look('refused-under16');
    await tap(page().getByTestId('ended-home'));
  });

  it('a face that does not match after the allowed attempts is sent to the counter', async () => {
    await toFaceByTyping(RESIDENT.faceNeverMatches);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await capture();
      if (attempt < 3) await page().getByTestId('face-last-result').waitFor({ timeout: 15_000 });
    }
    await page().getByTestId('tempid-failed').waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('faceMismatch');
    await look('refused-face-mismatch');
    await tap(page().getByTestId('ended-home'));
  });

  it('a kiosk without a camera sends the resident to the counter', async () => {
    const other = await kiosk.context.newPage();
    // No camera on this "kiosk": getUserMedia fails as Chromium does when none is attached.
    await other.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    });
    await other.goto(kiosk.host.url + '#/home');
    await tap(other.getByTestId('tile-tempIdCard'));
    await tap(other.getByTestId('notice-accept'));
    await other.getByTestId('tempid-identity').waitFor();
    for (const character of RESIDENT.sealedJuvenile) await tap(other.getByTestId(`key-${character}`));
    await tap(other.getByTestId('id-confirm'));
    await other.getByTestId('tempid-failed').waitFor({ timeout: 20_000 });
    expect(await other.getByTestId('tempid-failed').getAttribute('data-reason')).toBe('cameraUnavailable');
    await other.screenshot({ path: `${SHOTS}/refused-camera-missing.png` });
    await other.close();
  });

  it('cancelling at payment ends with nothing charged', async () => {
    await toPayment(RESIDENT.criminalRecord);
    await tap(page().getByTestId('flow-exit'));
    await page().getByTestId('tempid-failed').waitFor({ timeout: 20_000 });
    expect(await page().getByTestId('tempid-failed').getAttribute('data-status')).toBe('cancelled');
    expect(await money()).toMatch(/没有扣|未扣|不会扣/);
    await look('cancelled-at-payment');
    await tap(page().getByTestId('ended-home'));
  });

  it('no cards in the card printer after paying: refunded, staff ticket, slip printed, and the resident is told', async () => {
    await toPayment(RESIDENT.rareCharacter);
    const card = sim('cardPrinter');
    if (card.kind === 'cardPrinter') card.simulator.setCards(0);
    const receipt = sim('receiptPrinter');
    const receiptsBefore = receipt.kind === 'receiptPrinter' ? receipt.simulator.receipts().length : 0;
    const scanner = sim('scanner');
    if (scanner.kind === 'qrScanner') await scanner.simulator.scan(PAYMENT_CODE.wechat);
    await page().getByTestId('tempid-failed').waitFor({ timeout: 60_000 });
    expect(await endedReason()).toBe('cardPrinterFailed');
    expect(await money()).toContain('退');
    await look('card-printer-empty-refunded');
    expect(kiosk.runtime.services.journal.openTickets().length).toBeGreaterThan(0);
    if (receipt.kind === 'receiptPrinter') expect(receipt.simulator.receipts().length).toBe(receiptsBefore + 1); // the slip
    await tap(page().getByTestId('ended-home'));
  });

  it('receipt printer out of paper (paid with an Alipay code): the card is still issued and the receipt kept for staff', async () => {
    await toPayment(RESIDENT.elderly);
    const receipt = sim('receiptPrinter');
    if (receipt.kind === 'receiptPrinter') receipt.simulator.setPaper('out');
    const scanner = sim('scanner');
    if (scanner.kind === 'qrScanner') await scanner.simulator.scan(PAYMENT_CODE.alipay);
    await screen('done').waitFor({ timeout: 60_000 });
    await page().getByTestId('done-receipt-pending').waitFor();
    await look('done-receipt-pending');
    await tap(page().getByTestId('done-finish'));
  });

  it('a resident who walks away mid-flow is timed out and wiped', async () => {
    await openService();
    await tap(page().getByTestId('notice-accept'));
    await screen('identity').waitFor();
    await typeIdNumber(RESIDENT.suspendedLicence.slice(0, 10));
    // The idle prompt would come after 60 s; end the session as it would.
    await page().evaluate(() => (location.hash = '#/attract'));
    await page().getByTestId('attract').waitFor();
    expect(await page().content()).not.toContain(RESIDENT.suspendedLicence.slice(0, 10));
    expect(kiosk.runtime.core.status().sessionActive).toBe(false);
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
