/**
 * `npm run bench:flows` (last part): does the notice carousel on the attract screen slow a touch?
 * Headless Chromium against web mode, three kiosks in turn: notices off; notices rotating at the
 * default 8 s; and rotating every 0.2 s (the fastest the configuration allows — a card change in
 * nearly every tap). For each, over 40 taps: attract → home (the touch that starts a visit) and,
 * where there are notices, a notice card → the notice opened; the latency is measured in the page,
 * from the touch reaching the document to the frame that first draws the next screen, as in the
 * other flow benchmarks. Also printed: the long tasks (> 50 ms) the page had while the carousel ran.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { parseConfig } from '../../services/config/load';
import { createLogger } from '../../services/log/logger';
import { startKioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';
import { startWebHost } from '../../services/host/web-host';
import { CHROMIUM_FLAGS, PORTRAIT, ROOT, tap } from '../e2e/harness';

const TAPS = 40;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);

async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { tapAt?: number; shownAt?: number; watch?: string }; __longTasks: number[] };
    w.__bench = {};
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => w.__longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: false });
    document.addEventListener('touchstart', () => (w.__bench.tapAt ??= performance.now()), { capture: true, passive: true });
    new MutationObserver(() => {
      const { watch, shownAt } = w.__bench;
      if (!watch || shownAt !== undefined || !document.querySelector(`[data-testid="${watch}"]`)) return;
      w.__bench.shownAt = -1;
      requestAnimationFrame(() => (w.__bench.shownAt = performance.now()));
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/**
 * A touch on `target`. A card that changes every 0.2 s is never "stable" for Playwright's own tap,
 * so the carousel is touched where a finger would be: the middle of its card area, wherever the
 * rotation is (after the ghost-tap guard has cleared, as `tap()` waits for).
 */
async function touch(page: Page, target: string): Promise<void> {
  if (target !== 'notice-card') return tap(page.getByTestId(target));
  await page.waitForFunction(() => document.documentElement.dataset.tapGuard === undefined, undefined, { timeout: 5000 });
  const box = await page.getByTestId('notice-carousel').boundingBox();
  if (!box) throw new Error('no carousel on screen');
  await page.touchscreen.tap(box.x + box.width / 2, box.y + 150);
}

async function tapped(page: Page, target: string, next: string): Promise<number> {
  await page.evaluate((watch) => ((window as unknown as { __bench: object }).__bench = { watch }), next);
  await touch(page, target);
  const handle = await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench: { tapAt?: number; shownAt?: number } }).__bench;
      return b.shownAt !== undefined && b.shownAt >= 0 && b.tapAt !== undefined ? b.shownAt - b.tapAt : false;
    },
    undefined,
    { timeout: 10_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

async function measure(label: string, notices: { enabled: boolean; rotateSeconds?: number }): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-attract-'));
  const log = createLogger({ level: 'error' });
  const config = parseConfig({ kiosk: { id: 'BENCH-01', postName: '基准测试警务室' }, dataDir, notices });
  const runtime = await startKioskRuntime({ config, log, modules: SERVICE_MODULES, pacedSimulators: false });
  const host = await startWebHost({ core: runtime.core, staticDir: `${ROOT}dist/renderer`, port: 0, log });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: PORTRAIT, hasTouch: true });
    await page.goto(host.url);
    await page.getByTestId('attract').waitFor();
    if (notices.enabled) await page.getByTestId('notice-carousel').waitFor({ timeout: 20_000 });
    await instrument(page);
    const toHome: number[] = [];
    const toNotice: number[] = [];
    for (let i = 0; i < TAPS; i++) {
      // Land at a different point of the rotation each time.
      await page.waitForTimeout(37 + ((i * 53) % 211));
      toHome.push(await tapped(page, 'start', 'home'));
      await page.evaluate(() => (location.hash = '#/attract'));
      await page.getByTestId('attract').waitFor();
      if (notices.enabled) {
        await page.waitForTimeout(37 + ((i * 71) % 197));
        toNotice.push(await tapped(page, 'notice-card', 'notice-detail'));
        await page.evaluate(() => (location.hash = '#/attract'));
        await page.getByTestId('notice-carousel').waitFor();
      }
    }
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const row = (name: string, values: number[]) => console.log(`  ${label.padEnd(30)} ${name.padEnd(22)} p50 ${fmt(percentile(values, 50))}   p95 ${fmt(percentile(values, 95))}   max ${fmt(Math.max(...values))}`);
    row('attract → home', toHome);
    if (toNotice.length) row('card → notice opened', toNotice);
    console.log(`  ${label.padEnd(30)} long tasks (> 50 ms)   ${longTasks.length}${longTasks.length ? ` (longest ${fmt(Math.max(...longTasks)).trim()})` : ''}`);
  } finally {
    await browser.close();
    await host.close();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Attract screen with the notice carousel — headless Chromium, web mode, ${TAPS} taps each, tap → next screen drawn`);
  await measure('notices off', { enabled: false });
  await measure('rotating every 8 s (default)', { enabled: true });
  await measure('rotating every 0.2 s', { enabled: true, rotateSeconds: 0.2 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
