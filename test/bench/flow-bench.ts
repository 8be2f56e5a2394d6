/**
 * What every `bench:flows` driver shares: a kiosk in web mode with unpaced simulators and headless
 * Chromium on it, the in-page tap timer, going back home after a run, and the printed figures.
 *
 * A tap's latency is measured inside the page: from the touch event reaching the document to the
 * animation frame in which the watched element is first drawn (a MutationObserver sees it appear,
 * with its text when one is asked for, then one requestAnimationFrame).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { PAYMENT_CODE } from '../../services/backend-sim/fixtures';
import { parseConfig } from '../../services/config/load';
import { startKioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';
import { startWebHost } from '../../services/host/web-host';
import { createLogger } from '../../services/log/logger';
import { CHROMIUM_FLAGS, PORTRAIT, ROOT, tap } from '../e2e/harness';

/** The tap → next screen target of every flow bench. */
export const TAP_TARGET_MS = 50;

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** `[data-testid="a"],[data-testid="b"]`: any of the screens. */
export const testid = (...ids: string[]) => ids.map((id) => `[data-testid="${id}"]`).join(',');

export interface BenchKiosk {
  page: Page;
  /** A tap, timed in the page from the touch to the frame that first shows `selector` (with `text`). */
  timedTap(target: string, selector: string, text?: string, timeout?: number): Promise<number>;
  /** Each named tap's latencies: `tapped` times a tap and records it under its name. */
  taps: Record<string, number[]>;
  /**
   * While true (the first run), `tapped` records into `cold` instead: that run loads the route's code,
   * dictionaries and fonts, and is reported apart (`coldLine`).
   */
  warmingUp: boolean;
  cold: Record<string, number[]>;
  tapped(name: string, target: string, selector: string, text?: string, timeout?: number): Promise<number>;
  /**
   * The payment code scanned at the QR screen (from the simulated scanner, outside the page), to the
   * done screen: timed in Node, as it includes the printing.
   */
  payByScan(doneTestId: string, timeout: number): Promise<number>;
  /** From a done screen back to the home screen, for the next run. */
  finishRun(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the kiosk (core, web host, simulators) and a headless Chromium page on its home screen. */
export async function startBenchKiosk(options: {
  kioskId: string;
  services?: Record<string, unknown>;
}): Promise<BenchKiosk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-flows-'));
  const log = createLogger({ level: 'error' });
  const config = parseConfig({
    kiosk: { id: options.kioskId, postName: '基准测试警务室' },
    dataDir,
    ...(options.services ? { services: options.services } : {}),
  });
  const runtime = await startKioskRuntime({ config, log, modules: SERVICE_MODULES, pacedSimulators: false });
  const host = await startWebHost({ core: runtime.core, staticDir: `${ROOT}dist/renderer`, port: 0, log });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_FLAGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  const page = await browser.newPage({ viewport: PORTRAIT, hasTouch: true });
  await page.goto(host.url + '#/home');
  await page.getByTestId('home').waitFor();
  const scanner = runtime.services.devices.get('scanner')?.simulated;
  if (scanner?.kind !== 'qrScanner') throw new Error('the scanner is not simulated');

  // In the page: when a touch arrives, and the frame in which the watched element first shows.
  await page.evaluate(() => {
    type Bench = { tapAt?: number; shownAt?: number; selector?: string; text?: string };
    const w = window as unknown as { __bench: Bench };
    w.__bench = {};
    document.addEventListener('touchstart', () => (w.__bench.tapAt ??= performance.now()), {
      capture: true,
      passive: true,
    });
    new MutationObserver(() => {
      const { selector, text, shownAt } = w.__bench;
      if (!selector || shownAt !== undefined) return;
      const element = document.querySelector(selector);
      if (!element || (text !== undefined && element.textContent?.trim() !== text)) return;
      w.__bench.shownAt = -1;
      requestAnimationFrame(() => (w.__bench.shownAt = performance.now()));
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });

  const kiosk: BenchKiosk = {
    page,
    taps: {},
    warmingUp: false,
    cold: {},
    async tapped(name, target, selector, text, timeout) {
      const elapsed = await kiosk.timedTap(target, selector, text, timeout);
      ((kiosk.warmingUp ? kiosk.cold : kiosk.taps)[name] ??= []).push(elapsed);
      return elapsed;
    },
    async payByScan(doneTestId, timeout) {
      await page.getByTestId('payment-qr').waitFor();
      const scannedAt = performance.now();
      await scanner.simulator.scan(PAYMENT_CODE.wechat);
      await page.getByTestId(doneTestId).waitFor({ timeout });
      return performance.now() - scannedAt;
    },
    async timedTap(target, selector, text, timeout = 30_000) {
      await page.evaluate(
        ([s, t]) =>
          ((window as unknown as { __bench: object }).__bench = { selector: s, ...(t === null ? {} : { text: t }) }),
        [selector, text ?? null] as const,
      );
      await tap(page.getByTestId(target));
      const handle = await page.waitForFunction(
        () => {
          const b = (window as unknown as { __bench: { tapAt?: number; shownAt?: number } }).__bench;
          return b.shownAt !== undefined && b.shownAt >= 0 && b.tapAt !== undefined ? b.shownAt - b.tapAt : false;
        },
        undefined,
        { timeout, polling: 'raf' },
      );
      return (await handle.jsonValue()) as number;
    },
    async finishRun() {
      await tap(page.getByTestId('done-finish'));
      await page.getByTestId('home').or(page.getByTestId('attract')).waitFor();
      await page.evaluate(() => (location.hash = '#/home'));
      await page.getByTestId('home').waitFor();
    },
    async close() {
      await browser.close();
      await host.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return kiosk;
}

/** One figure line: p50 and p95 of the values, the name padded to `width`. */
export const figureLine = (name: string, values: number[], width = 56) =>
  `  ${name.padEnd(width)} p50 ${fmt(percentile(values, 50)).padStart(9)}   p95 ${fmt(percentile(values, 95)).padStart(9)}`;

/** The summary line of every resident tap, against the target. */
export function tapSummary(taps: number[], what = 'tap → next screen, all resident taps'): string {
  const p95 = percentile(taps, 95);
  return `  ${`${what} (${taps.length})`.padEnd(56)} p50 ${fmt(percentile(taps, 50))}   p95 ${fmt(p95)}  (target ≤ ${TAP_TARGET_MS} ms: ${p95 <= TAP_TARGET_MS ? 'MET' : 'NOT MET'})`;
}

/** The first run's taps, apart: what loading the route's code, dictionaries and fonts costs once. */
export const coldLine = (cold: Record<string, number[]>, extra = '') =>
  `  cold first run (route code, dictionaries, fonts loading): ${Object.entries(cold)
    .map(([name, values]) => `${name} ${fmt(Math.max(...values))}`)
    .join('; ')}${extra}`;

/** Runs a bench's main; a failure exits non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
