/**
 * End-to-end harness: the real core and web host in this process, Debian's Chromium driven by
 * playwright-core, axe-core injected for accessibility checks, and every console error collected.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { parseConfig } from '../../services/config/load';
import type { KioskConfigInput } from '../../services/config/schema';
import { createLogger } from '../../services/log/logger';
import { startKioskRuntime, type KioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';
import { startWebHost, type WebHost } from '../../services/host/web-host';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS = `${ROOT}test-results`;
const require = createRequire(import.meta.url);

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

export interface Kiosk {
  runtime: KioskRuntime;
  host: WebHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  /** Stops the core and host (the page stays open), e.g. to see the "unavailable" screen. */
  stopCore(): Promise<void>;
  /** Starts a fresh core and host on the same port and token; the page reconnects by itself. */
  restartCore(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** Chromium's fake camera (a test pattern) with the permission prompt auto-accepted. */
  fakeCamera?: boolean;
}

export async function launchKiosk(config: Partial<KioskConfigInput> = {}, options: LaunchOptions = {}): Promise<Kiosk> {
  const viewport = options.viewport ?? PORTRAIT;
  mkdirSync(RESULTS, { recursive: true });
  const log = createLogger({ level: 'warn', scope: 'e2e' });
  // A fresh data directory: journal, keys and the backend simulator's database start empty.
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const fullConfig = parseConfig({ kiosk: { id: 'E2E-01', postName: '东华门24小时智慧警务室', postNameEn: 'Donghuamen 24h Police Post', dutyPhone: '010-65120110' }, dataDir, ...config });
  const start = () => startKioskRuntime({ config: fullConfig, log, version: 'e2e', modules: SERVICE_MODULES });
  let runtime = await start();
  let host = await startWebHost({ core: runtime.core, staticDir: `${ROOT}dist/renderer`, port: 0, log });
  const { port, token } = host;

  const cameraFlags = options.fakeCamera ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, ...cameraFlags] });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await page.goto(host.url);

  const kiosk: Kiosk = {
    get runtime() { return runtime; },
    get host() { return host; },
    browser, context, page, consoleErrors,
    async stopCore() {
      await host.close();
      await runtime.stop();
    },
    async restartCore() {
      runtime = await start();
      host = await startWebHost({ core: runtime.core, staticDir: `${ROOT}dist/renderer`, port, log, token });
    },
    async close() {
      await browser.close();
      await host.close().catch(() => {});
      await runtime.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return kiosk;
}

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Runs axe-core in the page (through the devtools protocol, so the page's CSP stays strict). */
export async function axeViolations(page: Page, minimum: 'serious' | 'moderate' = 'serious'): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const levels = minimum === 'serious' ? ['serious', 'critical'] : ['moderate', 'serious', 'critical'];
  return violations.filter((v) => v.impact !== null && levels.includes(v.impact));
}

/** Smallest clickable element on screen, to check touch-target sizes. */
export async function smallestTouchTarget(page: Page): Promise<{ width: number; height: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { width: Infinity, height: Infinity, text: '' };
    for (const element of document.querySelectorAll<HTMLElement>('button, a[href], [role="button"]')) {
      // The developer dock is not for residents (and is refused in production).
      if (element.closest('[data-testid="dev-dock"]') || element.dataset.testid === 'dev-dock-toggle') continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (Math.min(box.width, box.height) < Math.min(smallest.width, smallest.height)) {
        smallest = { width: box.width, height: box.height, text: element.textContent?.trim().slice(0, 40) ?? '' };
      }
    }
    return smallest;
  });
}

/**
 * Taps like a person: after a screen change the kiosk ignores taps for a moment (ghost-tap guard,
 * renderer/composables/tap-guard.ts), so wait for `<html data-tap-guard>` to clear first. The target
 * is awaited before the guard: a screen loaded lazily appears (and raises the guard) only after the
 * tap that opened it has returned. A tap the guard swallowed anyway is tapped again (at most twice).
 */
export async function tap(locator: Locator): Promise<void> {
  const page = locator.page();
  const swallowed = () => page.evaluate(() => document.documentElement.dataset.tapsSwallowed ?? '0');
  for (let attempt = 1; ; attempt++) {
    await locator.waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.tapGuard === undefined, undefined, { timeout: 5000 });
    const before = await swallowed();
    await locator.tap();
    // On a busy machine a screen can still change between the wait and the tap: the guard then
    // swallows it (and counts it), and a person would simply tap again.
    if ((await swallowed()) === before || attempt === 3 || !(await locator.isVisible())) return;
  }
}

/**
 * Photographs the page when a test fails, into test-results/failures/ with the test's name, and
 * writes what the page shows as text next to it: the first thing to look at when a run on a busy
 * machine fails where a quiet one passes.
 */
export function photographFailures(page: () => Page | undefined): void {
  afterEach(async (context) => {
    const shown = page();
    if (context.task.result?.state !== 'fail' || !shown || shown.isClosed()) return;
    const name = context.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
    mkdirSync(`${RESULTS}/failures`, { recursive: true });
    await shown.screenshot({ path: `${RESULTS}/failures/${name}.png` }).catch(() => undefined);
    const text = await shown.evaluate(() => `${location.hash}\n${document.body.innerText}`).catch((error: unknown) => String(error));
    writeFileSync(`${RESULTS}/failures/${name}.txt`, text);
  });
}
