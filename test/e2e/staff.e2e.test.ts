/**
 * The staff console end to end in Chromium (web mode, simulated devices, embedded backend, the
 * demo staff list): a card-printer failure in a resident's flow opens a ticket that staff follow to
 * closed while the board goes from red back to green; a reprint; a reconciliation with an injected
 * mismatch found and exported; a refill that clears yellow; a lock-out after five wrong PINs; and
 * the sign-in refused while a resident is at another screen. Every console screen is photographed
 * in both languages into test-results/staff/ and checked with axe.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardFromRecord } from '../../devices/id-reader/fixtures';
import { PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { DEV_STAFF, DEV_STAFF_SECRETS } from '../../services/staff/dev-staff';
import { idCardOf } from '../../services/staff/test-rig';
import { axeViolations, launchKiosk, RESULTS, tap, type Kiosk } from './harness';

const SHOTS = `${RESULTS}/staff`;

/** Screenshot in Chinese and in English, axe on both; the page is left in Chinese. */
async function look(page: Page, name: string): Promise<void> {
  for (const locale of ['zh', 'en'] as const) {
    if (locale === 'en') await tap(page.getByTestId('language-switch'));
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/${name}.${locale}.png` });
    const violations = await axeViolations(page);
    expect(
      violations,
      `${name} (${locale}): ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`,
    ).toEqual([]);
  }
  await tap(page.getByTestId('language-switch'));
}

function simulators(kiosk: Kiosk) {
  const get = (id: string) => {
    const simulated = kiosk.runtime.services.devices.get(id)?.simulated;
    if (!simulated) throw new Error(`${id} is not simulated`);
    return simulated;
  };
  return {
    reader: () => {
      const s = get('idReader');
      if (s.kind !== 'idCardReader') throw new Error('reader');
      return s.simulator;
    },
    card: () => {
      const s = get('cardPrinter');
      if (s.kind !== 'cardPrinter') throw new Error('card printer');
      return s.simulator;
    },
    receipt: () => {
      const s = get('receiptPrinter');
      if (s.kind !== 'receiptPrinter') throw new Error('receipt printer');
      return s.simulator;
    },
    scanner: () => {
      const s = get('scanner');
      if (s.kind !== 'qrScanner') throw new Error('scanner');
      return s.simulator;
    },
  };
}

/** Holds a finger on the post name in the status bar for the long press that opens the console. */
async function longPressPostName(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.tapGuard === undefined);
  const box = (await page.getByTestId('post-name').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(2200);
  await page.mouse.up();
  await page.getByTestId('staff-sign-in').waitFor();
}

async function placeCard(kiosk: Kiosk, idNumber: string): Promise<void> {
  const { reader } = simulators(kiosk);
  reader().removeCard();
  await expect
    .poll(() => kiosk.runtime.services.devices.idReader()?.status().media, { timeout: 5_000 })
    .toBe('notPresent');
  reader().placeCard(cardFromRecord(idCardOf(idNumber)));
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await tap(page.getByTestId(`pin-${digit}`));
  await tap(page.getByTestId('pin-submit'));
}

async function signIn(kiosk: Kiosk, who: 'officer' | 'technician', shots?: string): Promise<void> {
  const page = kiosk.page;
  await longPressPostName(page);
  await page.getByTestId('staff-sign-in-stage').and(page.locator('[data-stage="waitingForCard"]')).waitFor();
  if (shots) await look(page, `${shots}-waiting-for-card`);
  await placeCard(kiosk, DEV_STAFF_SECRETS[who].idNumber);
  await page.locator('[data-stage="cardRead"]').waitFor({ timeout: 10_000 });
  if (shots) {
    for (const digit of '24') await tap(page.getByTestId(`pin-${digit}`));
    await look(page, `${shots}-pin`);
    await tap(page.getByTestId('pin-clear'));
  }
  await typePin(page, DEV_STAFF_SECRETS[who].pin);
  await page.getByTestId('staff-board').waitFor();
  simulators(kiosk).reader().removeCard();
}

async function signOut(page: Page): Promise<void> {
  await tap(page.getByTestId('staff-sign-out'));
  await page.getByTestId('attract').waitFor();
}

/** Polls outside a test (hooks). */
async function waitUntil(ready: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the kiosk');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const boardColour = (page: Page) => page.getByTestId('board-overall').getAttribute('data-colour');
const itemColour = (page: Page, key: string) => page.getByTestId(`board-item-${key}`).getAttribute('data-colour');

describe('staff console in a real browser', () => {
  let kiosk: Kiosk;
  let page: Page;
  let jammedTx = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({ staff: DEV_STAFF }, { fakeCamera: true });
    page = kiosk.page;
    await waitUntil(() => kiosk.runtime.services.devices.health().level === 'ok');
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  // Each scenario starts at the resident rest screen (which also ends any staff session left open).
  beforeEach(async () => {
    await page.evaluate(() => (location.hash = '#/attract'));
    await page.getByTestId('attract').waitFor();
  });

  /** A resident pays for a temporary ID card (typed number, fake camera, a scanned payment code). */
  async function residentPays(idNumber: string, before: () => void): Promise<void> {
    await page.evaluate(() => (location.hash = '#/home'));
    await tap(page.getByTestId('tile-tempIdCard'));
    await page.getByTestId('tempid-notice').waitFor();
    await tap(page.getByTestId('notice-accept'));
    await page.getByTestId('tempid-identity').waitFor();
    for (const character of idNumber) await tap(page.getByTestId(`key-${character}`));
    await tap(page.getByTestId('id-confirm'));
    const capture = page.getByTestId('camera-capture');
    await expect.poll(() => capture.isEnabled(), { timeout: 15_000 }).toBe(true);
    await tap(capture);
    await page.getByTestId('tempid-confirm').waitFor({ timeout: 15_000 });
    await tap(page.getByTestId('confirm-ok'));
    await page.getByTestId('payment-qr').waitFor({ timeout: 15_000 });
    before();
    await simulators(kiosk).scanner().scan(PAYMENT_CODE.wechat);
  }

  it('a card-printer failure opens a ticket; staff sign in, see red, follow the ticket to closed; the board is green again', async () => {
    await residentPays(RESIDENT.rareCharacter, () => simulators(kiosk).card().jamNextCard());
    await page.getByTestId('tempid-failed').waitFor({ timeout: 60_000 });
    const ticketNo = (await page.getByTestId('tempid-failed').textContent())?.match(/W[A-Z0-9-]+-\d{8}-\d{3}/)?.[0];
    expect(ticketNo).toBeTruthy();
    await tap(page.getByTestId('ended-home'));
    await page.getByTestId('home').waitFor();

    await signIn(kiosk, 'officer', 'sign-in');
    expect(await boardColour(page)).toBe('red');
    expect(await itemColour(page, 'device:cardPrinter')).toBe('red');
    expect(await itemColour(page, 'service:tempIdCard')).toBe('orange');
    expect(await itemColour(page, `ticket:${ticketNo}`)).toBe('yellow');
    await look(page, 'board-red');

    // The technician on duty takes the jammed card out: the printer is ready again and the board says so.
    simulators(kiosk).card().clearJam();
    await expect.poll(() => itemColour(page, 'device:cardPrinter'), { timeout: 15_000 }).toBe('green');

    await tap(page.getByTestId('staff-nav-tickets'));
    await page.getByTestId(`ticket-${ticketNo}`).waitFor();
    await look(page, 'tickets');
    await tap(page.getByTestId(`ticket-${ticketNo}`));
    jammedTx = (await page.getByTestId('ticket-transaction').textContent()) ?? '';
    expect(await page.getByTestId('ticket-told').textContent()).toContain('原路退回');
    await look(page, 'ticket-open');
    await tap(page.getByTestId('ticket-acknowledge'));
    await page.locator('[data-testid="ticket-detail"][data-state="acknowledged"]').waitFor();
    await tap(page.getByTestId('resolve-action-other'));
    await page.getByTestId('resolve-note').fill('卡住的空白卡已取出，制证机恢复；费用已自动退回');
    await look(page, 'ticket-resolve');
    await tap(page.getByTestId('ticket-resolve'));
    await page.locator('[data-testid="ticket-detail"][data-state="resolved"]').waitFor();
    await look(page, 'ticket-resolved');
    await tap(page.getByTestId('ticket-close'));
    await page.getByTestId('tickets-empty').waitFor();

    await tap(page.getByTestId('staff-nav-board'));
    await expect.poll(() => boardColour(page), { timeout: 15_000 }).toBe('green');
    await look(page, 'board-green');
    const audit = kiosk.runtime.services.journal.database
      .prepare(`SELECT action, outcome FROM staff_audit WHERE staff_id = 'DEV-OFFICER' ORDER BY id`)
      .all();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'ticket.acknowledge', outcome: 'ok' },
        { action: 'ticket.resolve', outcome: 'ok' },
        { action: 'ticket.close', outcome: 'ok' },
      ]),
    );
    await signOut(page);
  });

  it('a receipt left unprinted is reprinted by transaction number, marked 补打; a transaction without a saved receipt is refused', async () => {
    await residentPays(RESIDENT.elderly, () => simulators(kiosk).receipt().setPaper('out'));
    await page.getByTestId('done-receipt-pending').waitFor({ timeout: 60_000 });
    const tx = (await page.getByTestId('tempid-done').textContent())?.match(/T[A-Z0-9-]+-\d{8}-\d{5}/)?.[0];
    expect(tx).toBeTruthy();
    await tap(page.getByTestId('done-finish'));
    await page.getByTestId('home').or(page.getByTestId('attract')).waitFor();
    simulators(kiosk).receipt().reload();

    await signIn(kiosk, 'officer');
    await tap(page.getByTestId('staff-nav-reprint'));
    await page.getByTestId(`reprint-${tx}`).waitFor();
    await page.getByTestId('reprint-transaction').fill(jammedTx);
    await tap(page.getByTestId('reprint-submit'));
    await expect.poll(() => page.getByTestId('staff-notice').textContent()).toContain('没有保存可补打的回执');
    const printedBefore = simulators(kiosk).receipt().receipts().length;
    await page.getByTestId('reprint-transaction').fill(tx!);
    await tap(page.getByTestId('reprint-submit'));
    await expect.poll(() => page.getByTestId('staff-notice').textContent()).toContain('第 1 次');
    await look(page, 'reprint');
    const reprinted = simulators(kiosk).receipt().receipts().slice(printedBefore).at(-1);
    const text = (reprinted?.lines ?? [])
      .map((l) => (l.kind === 'text' ? l.runs.map((r) => r.text).join('') : ''))
      .join('\n');
    expect(text).toContain('【补打】');
    expect(text).toContain(tx);

    // The receipt ticket: resolved as reprinted, closed.
    await tap(page.getByTestId('staff-nav-tickets'));
    const ticket = page.locator('[data-testid^="ticket-W"]').first();
    await tap(ticket);
    expect(await page.getByTestId('ticket-told').textContent()).toContain('补打');
    await tap(page.getByTestId('resolve-action-receiptReprinted'));
    await tap(page.getByTestId('ticket-resolve'));
    await page.locator('[data-testid="ticket-detail"][data-state="resolved"]').waitFor();
    await tap(page.getByTestId('ticket-close'));
    await page.getByTestId('tickets-empty').waitFor();
    await signOut(page);
  });

  it('reconciles the day, finds an injected mismatch and exports it as CSV', async () => {
    await signIn(kiosk, 'officer');
    await tap(page.getByTestId('staff-nav-reconciliation'));
    await tap(page.getByTestId('reconcile-today'));
    await page.getByTestId('reconcile-summary').waitFor();
    expect(await page.getByTestId('reconcile-summary').getAttribute('data-mismatches')).toBe('0');

    const injected = kiosk.runtime.services.embeddedBackend!.sim.controls.injectStatementMismatch('chargeWithoutOrder');
    if (!injected.ok) throw new Error('could not inject a mismatch');
    await tap(page.getByTestId('reconcile-run'));
    await page.locator('[data-testid="reconcile-summary"][data-mismatches="1"]').waitFor();
    expect(await page.getByTestId('mismatch-chargeWithoutJournal').textContent()).toContain(injected.value.orderId);
    await tap(page.getByTestId('reconcile-export'));
    await page.getByTestId('reconcile-download').waitFor();
    await look(page, 'reconciliation');
    const saved = (await page.getByTestId('reconcile-saved').textContent())!.replace(/^[^/]*(\/.*)$/, '$1').trim();
    expect(existsSync(saved)).toBe(true);
    const csv = readFileSync(saved, 'utf8');
    expect(csv).toContain(injected.value.orderId);
    expect(csv).toContain('渠道有收款');
    // The download link carries the same file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('reconcile-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^reconciliation-E2E-01-\d{4}-\d{2}-\d{2}\.csv$/);
    await signOut(page);
  });

  it('refuses the staff sign-in while a resident is using the kiosk at another screen', async () => {
    const other = await kiosk.context.newPage();
    await other.goto(kiosk.host.url);
    await other.evaluate(() => (location.hash = '#/home'));
    await tap(other.getByTestId('tile-tempIdCard'));
    await other.getByTestId('tempid-notice').waitFor();
    await page.evaluate(() => (location.hash = '#/home'));
    await longPressPostName(page);
    await page.locator('[data-testid="staff-sign-in-refusal"][data-reason="residentSessionActive"]').waitFor();
    await look(page, 'sign-in-resident-present');
    await other.close();
    await tap(page.getByTestId('staff-sign-in-back'));
    await page.getByTestId('attract').waitFor();
  });

  it('a technician may not open the officer screens; an ID card not on the list is refused; five wrong PINs lock the technician out', async () => {
    await signIn(kiosk, 'technician');
    await page.evaluate(() => (location.hash = '#/staff/tickets'));
    await page.getByTestId('staff-board').waitFor();
    expect(await page.getByTestId('staff-nav-tickets').count()).toBe(0);
    await signOut(page);

    await longPressPostName(page);
    await placeCard(kiosk, RESIDENT.standard);
    await page.locator('[data-stage="cardNotOnList"]').waitFor({ timeout: 10_000 });
    await look(page, 'sign-in-card-not-on-list');

    await placeCard(kiosk, DEV_STAFF_SECRETS.technician.idNumber);
    await page.locator('[data-stage="cardRead"]').waitFor({ timeout: 10_000 });
    for (let attempt = 1; attempt <= 4; attempt++) {
      await typePin(page, '999999');
      await expect.poll(() => page.getByTestId('staff-sign-in-refusal').textContent()).toContain(`${5 - attempt} 次`);
    }
    await look(page, 'sign-in-wrong-pin');
    await typePin(page, '999999');
    await page.locator('[data-testid="staff-sign-in-refusal"][data-reason="lockedOut"]').waitFor();
    expect(await page.getByTestId('pin-submit').count()).toBe(0);
    await look(page, 'sign-in-locked-out');
    // Even the right PIN is refused now.
    await tap(page.getByTestId('staff-sign-in-retry'));
    await placeCard(kiosk, DEV_STAFF_SECRETS.technician.idNumber);
    await page.locator('[data-stage="cardRead"]').waitFor({ timeout: 10_000 });
    await typePin(page, DEV_STAFF_SECRETS.technician.pin);
    await page.locator('[data-testid="staff-sign-in-refusal"][data-reason="lockedOut"]').waitFor();
    await tap(page.getByTestId('staff-sign-in-back'));
    await page.getByTestId('attract').waitFor();
    expect(kiosk.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 120_000);
});

describe('staff console: consumables and the idle sign-out', () => {
  let kiosk: Kiosk;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A short paper roll, so one test page brings the counted paper under its low mark; a 30 s staff idle time.
    kiosk = await launchKiosk({
      staff: { ...DEV_STAFF, sessionIdleSeconds: 30, consumables: { receiptPaperMm: 250, receiptPaperLowMm: 200 } },
    });
    page = kiosk.page;
    await waitUntil(() => kiosk.runtime.services.devices.health().level === 'ok');
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('a test page counts paper; the low roll turns the printer yellow; "refilled" clears it; the console signs out after its idle time', async () => {
    await signIn(kiosk, 'technician');
    await tap(page.getByTestId('staff-nav-devices'));
    await page.getByTestId('device-receiptPrinter').waitFor();
    await tap(page.getByTestId('test-print-receiptPrinter'));
    await expect
      .poll(() => page.getByTestId('supply-receiptPrinter-receiptPaper').getAttribute('data-low'), { timeout: 10_000 })
      .toBe('true');
    expect(await page.getByTestId('device-receiptPrinter').getAttribute('data-colour')).toBe('yellow');
    await look(page, 'devices-paper-low');
    await tap(page.getByTestId('staff-nav-board'));
    await expect.poll(() => itemColour(page, 'device:receiptPrinter')).toBe('yellow');
    expect(await page.getByTestId('board-item-device:receiptPrinter').textContent()).toContain('凭条纸剩余');
    await look(page, 'board-yellow');

    await tap(page.getByTestId('staff-nav-devices'));
    await tap(page.getByTestId('refill-receiptPrinter-receiptPaper'));
    await expect
      .poll(() => page.getByTestId('supply-receiptPrinter-receiptPaper').getAttribute('data-low'), { timeout: 10_000 })
      .toBe('false');
    await look(page, 'devices');
    await tap(page.getByTestId('staff-nav-board'));
    await expect.poll(() => itemColour(page, 'device:receiptPrinter')).toBe('green');

    // No touch for the staff idle time: the core ends the session and the screen returns to the resident screens.
    await page.getByTestId('attract').waitFor({ timeout: 40_000 });
    expect(
      kiosk.runtime.services.journal.database
        .prepare(`SELECT detail FROM staff_audit WHERE action = 'signOut' ORDER BY id DESC LIMIT 1`)
        .get(),
    ).toEqual({ detail: 'idle' });
  }, 90_000);
});
