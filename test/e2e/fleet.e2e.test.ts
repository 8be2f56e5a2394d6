/**
 * The fleet end to end: Mosquitto (own instance, ACL, WebSocket listener), a kiosk in web mode as a
 * child process reporting to it, and the fleet console in Chromium connected over MQTT-over-WebSocket
 * with a staff member's signing key. A card printer emptied in the kiosk's dock turns the kiosk red
 * on the console within 2 s; a signed "pause service" pauses it on the kiosk's home screen; a test
 * print shows the consumables forecast; killing the kiosk process shows it offline (the last will)
 * with an alarm. Screenshots of the console in both languages, checked with axe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealStaffKey } from '../../contract/fleet/key-file';
import { startFleetConsoleServer, type FleetConsoleServer } from '../../scripts/fleet-console';
import { mosquittoAvailable, startMosquitto, type Broker } from '../fleet/mosquitto-rig';
import { ADDRESS, CONSOLE, fleetAccounts, KIOSK_PASSWORD, OFFICER } from '../fleet/fleet-rig';
import { axeViolations, CHROMIUM_FLAGS, LANDSCAPE, PORTRAIT, RESULTS, ROOT, tap } from './harness';

const run = mosquittoAvailable() ? describe : describe.skip;
const SHOTS = `${RESULTS}/fleet`;
const PASSPHRASE = 'e2e-passphrase-long';

run('fleet console end to end', () => {
  let broker: Broker;
  let server: FleetConsoleServer;
  let browser: Browser;
  let consolePage: Page;
  let kioskPage: Page;
  let kiosk: ChildProcess;
  let dataDir: string;
  const tile = () => consolePage.locator(`.tile[data-kiosk="${ADDRESS.kioskId}"]`);

  beforeAll(async () => {
    broker = await startMosquitto({ accounts: fleetAccounts() });
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
    const configPath = join(dataDir, 'kiosk.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        kiosk: { id: ADDRESS.kioskId, postName: '东华门24小时智慧警务室', postNameEn: 'Donghuamen 24h Police Post', dutyPhone: '010-65120110' },
        dataDir: join(dataDir, 'data'),
        speech: { engines: ['platform'] },
        services: { noCriminalRecord: { enabled: true } },
        fleet: { enabled: true, brokerUrl: broker.url, district: ADDRESS.district, post: ADDRESS.post, password: KIOSK_PASSWORD, stateCheckMs: 500, heartbeatSeconds: 5, commands: { signers: [{ staffId: OFFICER.staffId, publicKey: OFFICER.publicKey }] } },
      }),
    );
    kiosk = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/e2e/fleet-kiosk-child.ts')], { cwd: ROOT, env: { ...process.env, KIOSK_CONFIG: configPath }, stdio: ['ignore', 'pipe', 'inherit'] });
    const kioskUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      kiosk.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /READY (\S+)/.exec(out);
        if (ready) resolve(ready[1]!);
      });
      kiosk.once('exit', (code) => reject(new Error(`kiosk exited (${code}) before it was ready`)));
    });
    server = await startFleetConsoleServer();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    const consoleContext = await browser.newContext({ viewport: LANDSCAPE, deviceScaleFactor: 1, locale: 'zh-CN' });
    consolePage = await consoleContext.newPage();
    const kioskContext = await browser.newContext({ viewport: PORTRAIT, deviceScaleFactor: 1, hasTouch: true, locale: 'zh-CN' });
    kioskPage = await kioskContext.newPage();
    await kioskPage.goto(kioskUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (kiosk && kiosk.exitCode === null) kiosk.kill('SIGKILL');
    await broker?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in with the console account and the staff key; the kiosk appears in its district and post', async () => {
    const keyFile = await sealStaffKey({ staffId: OFFICER.staffId, privateKey: OFFICER.privateKey, publicKey: OFFICER.publicKey, passphrase: PASSPHRASE, iterations: 100_000 });
    await consolePage.goto(`${server.url}?broker=${encodeURIComponent(broker.wsUrl)}`);
    await consolePage.getByTestId('fleet-username').fill(CONSOLE.username);
    await consolePage.getByTestId('fleet-password').fill(CONSOLE.password);
    await consolePage.getByTestId('fleet-key-file').setInputFiles({ name: 'officer.fleet-key.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(keyFile)) });
    await consolePage.getByTestId('fleet-passphrase').fill(PASSPHRASE);
    await consolePage.getByTestId('fleet-sign-in-submit').click();
    await expect.poll(() => consolePage.getByTestId('fleet-connection').getAttribute('data-state'), { timeout: 10_000 }).toBe('connected');
    await tile().waitFor({ timeout: 10_000 });
    expect(await consolePage.locator(`[data-district="${ADDRESS.district}"] [data-post="${ADDRESS.post}"] .tile`).count()).toBe(1);
    // Without a speech engine the kiosk's board is yellow for its voice, and nothing else.
    await expect.poll(() => tile().getAttribute('data-colour'), { timeout: 10_000 }).toBe('yellow');
    expect(await consolePage.getByText('OFFICER').count()).toBe(0);
    expect(await consolePage.getByText(OFFICER.staffId).count()).toBeGreaterThan(0);
  });

  it('a card printer emptied in the kiosk’s dock turns the kiosk red on the console within 2 s', async () => {
    await tap(kioskPage.getByTestId('dev-dock-toggle'));
    await kioskPage.getByTestId('dev-cards-out').waitFor();
    const watch = consolePage.evaluate(
      (kioskId) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          const check = () => {
            if (document.querySelector(`.tile[data-kiosk="${kioskId}"]`)?.getAttribute('data-colour') === 'red') resolve(performance.now() - start);
            else requestAnimationFrame(check);
          };
          check();
        }),
      ADDRESS.kioskId,
    );
    await kioskPage.getByTestId('dev-cards-out').click();
    const elapsed = await watch;
    console.log(`fleet e2e: dock "No cards" → console tile red in ${Math.round(elapsed)} ms`);
    expect(elapsed).toBeLessThan(2000);
    await consolePage.getByTestId('fleet-alarms').waitFor();
    expect(await consolePage.getByTestId('fleet-alarms').textContent()).toContain(ADDRESS.kioskId);
  });

  it('a signed "pause service" from the console pauses it on the kiosk; a test print shows the forecast; screenshots in both languages', async () => {
    await tile().click();
    await consolePage.getByTestId('fleet-detail').waitFor();
    await consolePage.getByTestId('fleet-pause-noCriminalRecord').click();
    await consolePage.locator('[data-testid="fleet-sent"] li[data-outcome="done"]').first().waitFor({ timeout: 5000 });
    await consolePage.getByTestId('fleet-resume-noCriminalRecord').waitFor({ timeout: 5000 });
    // The kiosk's home screen: the tile says paused, in plain words.
    await kioskPage.getByTestId('dev-dock-toggle').click();
    await kioskPage.evaluate(() => (location.hash = '#/home'));
    await kioskPage.getByTestId('tile-noCriminalRecord').waitFor({ timeout: 15_000 });
    await expect.poll(() => kioskPage.getByTestId('tile-noCriminalRecord').getAttribute('data-state'), { timeout: 5000 }).toBe('paused');
    expect(await kioskPage.getByTestId('tile-noCriminalRecord').textContent()).toContain('本业务暂停办理');

    await consolePage.getByTestId('fleet-test-print-receiptPrinter').click();
    await expect.poll(() => consolePage.locator('[data-testid="fleet-sent"] li').first().getAttribute('data-outcome'), { timeout: 15_000 }).toBe('done');
    await consolePage.getByTestId('fleet-snapshot').click();
    const forecast = consolePage.locator('[data-device="receiptPrinter"] [data-testid="fleet-forecast"]');
    await expect.poll(() => forecast.textContent(), { timeout: 5000 }).toMatch(/预计 [\d.]+ 天后用完/);

    await consolePage.locator('aside.right').evaluate((panel) => panel.scrollTo(0, 0));
    await consolePage.screenshot({ path: `${SHOTS}/console-zh-CN.png` });
    expect(await axeViolations(consolePage)).toEqual([]);
    await consolePage.getByTestId('fleet-language').click();
    await expect.poll(() => consolePage.getByTestId('fleet-detail-colour').textContent()).toContain('Red');
    await consolePage.locator('aside.right').evaluate((panel) => panel.scrollTo(0, 0));
    await consolePage.screenshot({ path: `${SHOTS}/console-en.png` });
    expect(await axeViolations(consolePage)).toEqual([]);
    await consolePage.getByTestId('fleet-language').click();
  });

  it('killing the kiosk process shows it offline through the last will, with an alarm', async () => {
    const killed = Date.now();
    kiosk.kill('SIGKILL');
    await expect.poll(() => tile().getAttribute('data-colour'), { timeout: 5000 }).toBe('offline');
    console.log(`fleet e2e: kiosk killed → console tile offline in ${Date.now() - killed} ms`);
    expect(await consolePage.getByTestId('fleet-detail-colour').textContent()).toContain('连接意外中断');
    expect(await consolePage.getByTestId('fleet-alarms').textContent()).toContain('离线');
    await consolePage.screenshot({ path: `${SHOTS}/console-offline-zh-CN.png` });
    await consolePage.getByTestId('fleet-language').click();
    await consolePage.getByTestId('fleet-detail-close').click();
    await consolePage.screenshot({ path: `${SHOTS}/console-offline-en.png` });
    expect(await axeViolations(consolePage)).toEqual([]);
  });
});
