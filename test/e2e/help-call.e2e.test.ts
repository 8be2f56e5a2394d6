/**
 * Help by video, end to end in Chromium: the kiosk page (web mode) and the duty desk's page (served
 * by the same core to the demo officer) in two browser contexts with Chromium's fake camera and
 * microphone. A call connects peer to peer over host candidates only, and the test reads the
 * decoded video frame counts from getStats() growing on BOTH sides. Also: nobody answers (phone
 * numbers and a ticket), the desk hangs up, the resident walks away mid-call, ICE never connects,
 * and the media drops mid-call. Call screens are photographed in both languages and checked with axe.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV_STAFF } from '../../services/staff/dev-staff';
import { axeViolations, launchKiosk, RESULTS, tap, type Kiosk } from './harness';
import { cutMedia, dropCandidates, mediaStats, openDesk, placeCall, recordPeers, signInDesk, type Desk } from './help-call-support';

const SHOTS = `${RESULTS}/help-call`;
const RING_SECONDS = 20;
/** Short, so the walk-away test can outlast it in a call; every other screen here is touched well within it. */
const IDLE_SECONDS = 25;
const COUNTDOWN_SECONDS = 3;

async function axeClean(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
}

/** Kiosk screenshot in Chinese and English (with the help panel's own language switch), axe on both. */
async function lookKiosk(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/kiosk-${name}.zh.png` });
  await axeClean(page, `kiosk ${name} (zh)`);
  await tap(page.getByTestId('help-overlay').getByTestId('language-switch'));
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/kiosk-${name}.en.png` });
  await axeClean(page, `kiosk ${name} (en)`);
  await tap(page.getByTestId('help-overlay').getByTestId('language-switch'));
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
}

async function lookDesk(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/desk-${name}.zh.png` });
  await axeClean(page, `desk ${name} (zh)`);
  await page.getByTestId('desk-language').click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/desk-${name}.en.png` });
  await axeClean(page, `desk ${name} (en)`);
  await page.getByTestId('desk-language').click();
}

const helpRows = (kiosk: Kiosk) =>
  kiosk.runtime.services.journal.database
    .prepare(`SELECT id, status, reason FROM transactions WHERE service = 'help' ORDER BY rowid`)
    .all() as { id: string; status: string; reason: string | null }[];

describe('help: a video call to the duty desk in a real browser', () => {
  let kiosk: Kiosk;
  let desk: Desk;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk(
      {
        staff: DEV_STAFF,
        timeouts: { idleSeconds: IDLE_SECONDS, idleCountdownSeconds: COUNTDOWN_SECONDS },
        services: { help: { enabled: true, ringSeconds: RING_SECONDS, connectSeconds: 6, lossSeconds: 3, desk: { port: 0 } } },
      },
      { fakeCamera: true },
    );
    page = kiosk.page;
    await recordPeers(page);
    await page.reload();
    desk = await openDesk(kiosk);
  });
  afterAll(async () => {
    await desk?.context.close();
    await kiosk?.close();
  });
  beforeEach(async () => {
    await dropCandidates(page, false);
    await page.evaluate(() => (location.hash = '#/home'));
    await page.getByTestId('home').waitFor();
  });

  it('the desk page asks for staff credentials, refuses a technician, and lists the kiosk with its four-colour state', async () => {
    await lookDesk(desk.page, 'sign-in');
    await signInDesk(desk.page, 'technician');
    await expect.poll(() => desk.page.getByTestId('desk-refusal').getAttribute('data-reason'), { timeout: 10_000 }).toBe('notAnOfficer');
    await signInDesk(desk.page, 'officer');
    const card = desk.page.getByTestId('desk-kiosk-E2E-01');
    await card.waitFor({ timeout: 10_000 });
    await expect.poll(() => card.getAttribute('data-colour'), { timeout: 15_000 }).toMatch(/^(green|yellow|orange|red)$/);
    await desk.page.getByTestId('desk-kiosk-board').waitFor();
    await lookDesk(desk.page, 'kiosks');
  });

  it('a call is answered: video frames arrive on both sides over host candidates, then the resident hangs up', async () => {
    await tap(page.getByTestId('tile-help'));
    await page.locator('[data-testid="help-overlay"][data-stage="menu"]').waitFor();
    await lookKiosk(page, 'menu');
    await tap(page.getByTestId('help-call-video'));
    await page.locator('[data-testid="help-overlay"][data-stage="ringing"]').waitFor({ timeout: 10_000 });
    // The ring counts up while the desk rings.
    await expect.poll(() => page.getByTestId('help-waited').getAttribute('data-seconds'), { timeout: 5_000 }).not.toBe('0');
    await lookKiosk(page, 'ringing');
    const call = desk.page.getByTestId('desk-kiosk-call');
    await expect.poll(() => call.getAttribute('data-phase'), { timeout: 5_000 }).toBe('ringing');
    expect(await desk.page.getByTestId('desk-main').getAttribute('data-ring')).toBe('normal');
    await lookDesk(desk.page, 'ringing');
    await desk.page.getByTestId('desk-answer').click();

    await page.locator('[data-testid="help-overlay"][data-stage="inCall"]').waitFor({ timeout: 15_000 });
    await desk.page.locator('[data-testid="desk-call"][data-stage="inCall"]').waitFor({ timeout: 15_000 });
    expect(await desk.page.getByTestId('desk-main').getAttribute('data-ring')).toBe('none');
    const kioskFirst = (await mediaStats(page)).framesDecoded;
    const deskFirst = (await mediaStats(desk.page)).framesDecoded;
    await expect.poll(async () => (await mediaStats(page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(kioskFirst + 20);
    await expect.poll(async () => (await mediaStats(desk.page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(deskFirst + 20);
    // Decoding keeps going: frames per second over two seconds, printed for the record.
    const before = [(await mediaStats(page)).framesDecoded, (await mediaStats(desk.page)).framesDecoded];
    await page.waitForTimeout(2_000);
    const after = [(await mediaStats(page)).framesDecoded, (await mediaStats(desk.page)).framesDecoded];
    console.log(`help call decoded video: kiosk ${(after[0]! - before[0]!) / 2} fps, desk ${(after[1]! - before[1]!) / 2} fps`);
    expect(after[0]).toBeGreaterThan(before[0]!);
    expect(after[1]).toBeGreaterThan(before[1]!);
    // Peer to peer on this machine's own addresses: no STUN, no TURN, nothing relayed.
    for (const [name, side] of [['kiosk', page], ['desk', desk.page]] as const) {
      const stats = await mediaStats(side);
      console.log(`help call, ${name} side: ${stats.framesDecoded} video frames decoded; selected pair local ${stats.localCandidateTypes.join(',')} / remote ${stats.remoteCandidateTypes.join(',')}`);
      expect(stats.localCandidateTypes.length).toBeGreaterThan(0);
      // prflx: the other side's host address, learned from its connectivity check before its candidate arrived.
      expect([...stats.localCandidateTypes, ...stats.remoteCandidateTypes].every((type) => type === 'host' || type === 'prflx')).toBe(true);
      expect(stats.localCandidateTypes).not.toContain('relay');
    }
    await expect.poll(() => page.getByTestId('help-in-call-heading').textContent()).toContain('值班民警（演示）');
    await lookKiosk(page, 'in-call');
    await lookDesk(desk.page, 'in-call');

    await tap(page.getByTestId('help-hang-up'));
    await expect.poll(() => page.getByTestId('help-overlay').count()).toBe(0);
    await expect.poll(() => desk.page.getByTestId('desk-ended').getAttribute('data-reason'), { timeout: 5_000 }).toBe('kioskHungUp');
    await expect.poll(async () => (await mediaStats(page)).open).toBe(0);
    // The journal keeps who and how long — never media.
    const [row] = helpRows(kiosk).slice(-1);
    expect(row?.status).toBe('done');
    const steps = kiosk.runtime.services.journal.find(row!.id)!.steps.map((step) => step.kind);
    expect(steps).toEqual(['callPlaced', 'callAnswered', 'callEnded']);
    await desk.page.getByTestId('desk-dismiss').click();
  });

  it('from a service screen\'s footer; the desk hangs up, the kiosk says so, and the resident\'s visit is still there', async () => {
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 10_000 }).toBe('ok');
    await tap(page.getByTestId('tile-tempIdCard'));
    await page.getByTestId('tempid-notice').waitFor();
    await placeCall(page);
    await desk.page.getByTestId('desk-answer').click({ timeout: 10_000 });
    await page.locator('[data-testid="help-overlay"][data-stage="inCall"]').waitFor({ timeout: 15_000 });
    await desk.page.getByTestId('desk-hang-up').click();
    await page.locator('[data-testid="help-ended-heading"][data-reason="deskHungUp"]').waitFor({ timeout: 5_000 });
    await lookKiosk(page, 'desk-hung-up');
    await tap(page.getByTestId('help-close'));
    await page.getByTestId('tempid-notice').waitFor();
    await desk.page.getByTestId('desk-dismiss').click();
  });

  it('nobody answers: the emergency call rings urgent at the desk, then the kiosk shows the duty phone and 110 and a ticket', async () => {
    const ticketsBefore = kiosk.runtime.services.journal.openTickets().length;
    await placeCall(page, true);
    await page.locator('[data-testid="help-overlay"][data-stage="ringing"][data-urgent="true"]').waitFor({ timeout: 10_000 });
    await desk.page.getByTestId('desk-urgent').waitFor();
    await expect.poll(() => desk.page.getByTestId('desk-kiosk-call').getAttribute('data-urgent')).toBe('true');
    expect(await desk.page.getByTestId('desk-main').getAttribute('data-ring')).toBe('urgent');
    await lookKiosk(page, 'ringing-urgent');
    await lookDesk(desk.page, 'ringing-urgent');
    await page.locator('[data-testid="help-ended-heading"][data-reason="unanswered"]').waitFor({ timeout: (RING_SECONDS + 5) * 1000 });
    await expect.poll(() => page.getByTestId('help-duty-phone').textContent()).toBe('010-65120110');
    await page.getByTestId('help-110').waitFor();
    const ticket = await page.getByTestId('help-ticket').textContent();
    const tickets = kiosk.runtime.services.journal.openTickets();
    expect(tickets.length).toBe(ticketsBefore + 1);
    expect(ticket).toContain(tickets.at(-1)!.number);
    expect(tickets.at(-1)!.reason).toContain('urgent');
    await lookKiosk(page, 'unanswered');
    await expect.poll(() => desk.page.getByTestId('desk-kiosk-call').count()).toBe(0);
    await tap(page.getByTestId('help-close'));
  });

  it('the resident walks away mid-call: no "still there?" while the call is on, the officer hangs up, then the idle prompt runs out and the session ends', async () => {
    await placeCall(page);
    await desk.page.getByTestId('desk-answer').click({ timeout: 10_000 });
    await page.locator('[data-testid="help-overlay"][data-stage="inCall"]').waitFor({ timeout: 15_000 });
    // Talking, not touching, for longer than the idle time and its countdown together.
    await page.waitForTimeout((IDLE_SECONDS + COUNTDOWN_SECONDS + 2) * 1000);
    expect(await page.getByTestId('idle-prompt').count()).toBe(0);
    expect(await page.locator('[data-testid="help-overlay"][data-stage="inCall"]').count()).toBe(1);
    expect(kiosk.runtime.core.status().sessionActive).toBe(true);
    // The officer sees nobody there and hangs up; from then on the kiosk waits its full idle time.
    await desk.page.getByTestId('desk-hang-up').click();
    await page.locator('[data-testid="help-ended-heading"][data-reason="deskHungUp"]').waitFor({ timeout: 5_000 });
    const ended = Date.now();
    await page.getByTestId('idle-prompt').waitFor({ timeout: (IDLE_SECONDS + 5) * 1000 });
    expect(Date.now() - ended).toBeGreaterThan((IDLE_SECONDS - 2) * 1000);
    await page.getByTestId('attract').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('help-overlay').count()).toBe(0);
    expect(kiosk.runtime.core.status().sessionActive).toBe(false);
    await expect.poll(async () => (await mediaStats(page)).open).toBe(0);
    await desk.page.getByTestId('desk-dismiss').click();
  });

  it('ICE never connects: the kiosk says the video could not connect (not "interrupted") and offers the phone number; the journal and the desk tell it apart', async () => {
    await dropCandidates(page);
    await dropCandidates(desk.page);
    await placeCall(page);
    await desk.page.getByTestId('desk-answer').click({ timeout: 10_000 });
    await page.locator('[data-testid="help-ended-heading"][data-reason="mediaNotConnected"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('help-ended-heading').textContent()).toBe('视频未能接通');
    await expect.poll(() => page.getByTestId('help-duty-phone').textContent()).toBe('010-65120110');
    await lookKiosk(page, 'media-not-connected');
    await expect.poll(() => desk.page.getByTestId('desk-ended').getAttribute('data-reason'), { timeout: 5_000 }).toBe('mediaNotConnected');
    expect(helpRows(kiosk).at(-1)).toMatchObject({ status: 'failed', reason: expect.stringContaining('never connected') });
    await dropCandidates(desk.page, false);
    await tap(page.getByTestId('help-close'));
    await desk.page.getByTestId('desk-dismiss').click();
  });

  it('the network drops mid-call: the kiosk notices the lost media, says so and offers the phone number', async () => {
    await placeCall(page);
    await desk.page.getByTestId('desk-answer').click({ timeout: 10_000 });
    await page.locator('[data-testid="help-overlay"][data-stage="inCall"]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await mediaStats(page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(5);
    await cutMedia(desk.page);
    await page.locator('[data-testid="help-ended-heading"][data-reason="mediaFailed"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('help-ended-heading').textContent()).toBe('视频连接中断');
    expect(helpRows(kiosk).at(-1)).toMatchObject({ status: 'done', reason: 'call ended: mediaFailed' });
    await page.getByTestId('help-duty-phone').waitFor();
    await tap(page.getByTestId('help-close'));
    await desk.page.getByTestId('desk-ended').waitFor({ timeout: 5_000 });
    await desk.page.getByTestId('desk-dismiss').click();
  });

  it('left no errors in either page', () => {
    expect(kiosk.consoleErrors).toEqual([]);
    expect(desk.consoleErrors).toEqual([]);
  });
});
