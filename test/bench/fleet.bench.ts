/**
 * `npm run bench:fleet`: 1,000 simulated kiosks (test/bench/fleet-load.ts, one MQTT connection each,
 * loopback only) publish state changes, events and heartbeats through a private Mosquitto for 60 s
 * while the fleet console runs in headless Chromium, connected over MQTT-over-WebSocket like a real
 * one. Printed: messages per second sustained (acknowledged by the broker, and delivered to a second
 * console-side subscriber), the console's time from a kiosk's state change to the tile showing the
 * new colour (measured in the page: a MutationObserver on the tiles, stamped at the next animation
 * frame, against the publisher's clock on the same machine) p50/p95, and the console's memory (JS
 * heap, and the resident memory of its renderer process). Targets: p95 ≤ 1 s, memory ≤ 300 MB.
 *
 *   npm run bench:fleet                          1,000 kiosks, 60 s, a state change per kiosk every 10 s
 *   npm run bench:fleet -- --kiosks 200 --seconds 20 --state-every 5
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { startFleetConsoleServer } from '../../scripts/fleet-console';
import { CHROMIUM_FLAGS, LANDSCAPE } from '../e2e/harness';
import { startMosquitto } from '../fleet/mosquitto-rig';
import { createLoadGenerator, fleetRoster, rosterAccounts, type Publication } from './fleet-load';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const KIOSKS = arg('kiosks', 1000);
const SECONDS = arg('seconds', 60);
const STATE_EVERY = arg('state-every', 10);
const HEARTBEAT = arg('heartbeat', 10);
const CONSOLE = { username: 'bench-console', password: 'bench-console-secret' };
const MARKER = `--fleet-bench-${process.pid}`;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/**
 * Memory of the console's renderer process (MB): RSS (shared libraries counted in full) and PSS
 * (shared pages divided among the processes using them). Chromium keeps a spare renderer beside the
 * page's; the console's is the larger of the page renderers of the browser started with MARKER.
 */
function rendererMemoryMb(): { rss: number; pss: number } {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rss: Number(m[3]), args: m[4]! }));
  const root = rows.find((row) => row.args.includes(MARKER) && !row.args.includes('--type='));
  if (!root) return { rss: NaN, pss: NaN };
  const family = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows)
      if (!family.has(row.pid) && family.has(row.ppid)) {
        family.add(row.pid);
        grew = true;
      }
  }
  const console_ = rows
    .filter((row) => family.has(row.pid) && row.args.includes('--type=renderer') && !/--top-chrome-webui|--extension-process/.test(row.args))
    .sort((a, b) => b.rss - a.rss)[0];
  if (!console_) return { rss: NaN, pss: NaN };
  let pss = NaN;
  try {
    pss = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${console_.pid}/smaps_rollup`, 'utf8'))?.[1]) / 1024;
  } catch {
    // not Linux, or not allowed to read it: RSS alone
  }
  return { rss: console_.rss / 1024, pss };
}

interface Shown {
  kioskId: string;
  colour: string;
  at: number;
}

async function main(): Promise<void> {
  const roster = fleetRoster(KIOSKS);
  console.log(`fleet bench: ${KIOSKS} kiosks, ${SECONDS} s, a state change per kiosk every ~${STATE_EVERY} s, heartbeats every ${HEARTBEAT} s`);
  const broker = await startMosquitto({ accounts: [...rosterAccounts(roster), { role: 'console', ...CONSOLE }], maxConnections: KIOSKS + 100 });
  const server = await startFleetConsoleServer();
  const load = createLoadGenerator(broker.url, roster);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, MARKER] });
  try {
    const connectStart = Date.now();
    await load.connect();
    console.log(`  ${KIOSKS} kiosks connected with their own credentials in ${((Date.now() - connectStart) / 1000).toFixed(1)} s`);

    const page = await (await browser.newContext({ viewport: LANDSCAPE, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}?broker=${encodeURIComponent(broker.wsUrl)}`);
    await page.getByTestId('fleet-username').fill(CONSOLE.username);
    await page.getByTestId('fleet-password').fill(CONSOLE.password);
    await page.getByTestId('fleet-sign-in-submit').click();
    const signedIn = Date.now();
    for (let shownTiles = 0; shownTiles < KIOSKS; ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      shownTiles = await page.evaluate(() => document.querySelectorAll('.tile[data-kiosk]').length);
      if (Date.now() - signedIn > 120_000) throw new Error(`the console shows ${shownTiles} of ${KIOSKS} kiosks after 2 minutes`);
    }
    console.log(`  console shows all ${KIOSKS} kiosks ${((Date.now() - signedIn) / 1000).toFixed(1)} s after signing in (retained states)`);
    await page.evaluate(() => {
      const shown: Shown[] = [];
      (window as unknown as { __shown: Shown[] }).__shown = shown;
      let pending: { kioskId: string; colour: string }[] = [];
      new MutationObserver((records) => {
        for (const record of records) {
          const element = record.target as HTMLElement;
          if (record.attributeName === 'data-colour' && element.dataset.kiosk) pending.push({ kioskId: element.dataset.kiosk, colour: element.dataset.colour ?? '' });
        }
        if (pending.length === 0) return;
        const batch = pending;
        pending = [];
        // Displayed: the frame after the DOM changed.
        requestAnimationFrame(() => {
          const at = Date.now();
          for (const change of batch) shown.push({ ...change, at });
        });
      }).observe(document.querySelector('[data-testid="fleet-grid"]')!, { attributes: true, attributeFilter: ['data-colour'], subtree: true });
    });

    const audit = await mqtt.connectAsync(broker.url, { ...CONSOLE, clientId: 'bench-audit' });
    let delivered = 0;
    audit.on('message', () => delivered++);
    await audit.subscribeAsync('kiosk/v1/#', { qos: 1 });
    const deliveredBefore = delivered;

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapSamples: number[] = [];
    const rssSamples: number[] = [];
    const pssSamples: number[] = [];
    const sampler = setInterval(() => {
      void cdp.send('Performance.getMetrics').then(({ metrics }) => heapSamples.push((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024));
      const memory = rendererMemoryMb();
      rssSamples.push(memory.rss);
      pssSamples.push(memory.pss);
    }, 5000);

    const runStart = Date.now();
    const { published, publications } = await load.run({ seconds: SECONDS, stateEverySeconds: STATE_EVERY, heartbeatSeconds: HEARTBEAT });
    const runSeconds = (Date.now() - runStart) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the last changes reach the screen
    clearInterval(sampler);
    const deliveredCount = delivered - deliveredBefore;

    const shown = await page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);
    const byKiosk = new Map<string, Publication[]>();
    for (const p of publications) byKiosk.set(p.kioskId, [...(byKiosk.get(p.kioskId) ?? []), p]);
    const latencies: number[] = [];
    for (const change of shown) {
      const sent = (byKiosk.get(change.kioskId) ?? []).filter((p) => p.colour === change.colour && p.sentAt <= change.at).at(-1);
      if (sent) latencies.push(change.at - sent.sentAt);
    }
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    const heapNow = metric('JSHeapUsedSize') / 1024 / 1024;

    console.log(`  messages published by the kiosks and acknowledged: ${published} in ${runSeconds.toFixed(1)} s = ${(published / runSeconds).toFixed(0)} msg/s`);
    console.log(`  messages delivered to a console-side subscriber:   ${deliveredCount} = ${(deliveredCount / runSeconds).toFixed(0)} msg/s`);
    console.log(`  state changes published: ${publications.length}; colour changes seen on the console: ${shown.length}; matched: ${latencies.length}`);
    console.log(`  state change → tile shows the new colour (Chromium): p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms   (target p95 ≤ 1000 ms)`);
    console.log(`  console memory: JS heap ${heapNow.toFixed(0)} MB now, max ${Math.max(heapNow, ...heapSamples).toFixed(0)} MB; console renderer process max RSS ${Math.max(...rssSamples).toFixed(0)} MB, PSS ${Math.max(...pssSamples).toFixed(0)} MB   (target ≤ 300 MB)`);
    console.log(`  console page: JS heap committed ${(metric('JSHeapTotalSize') / 1024 / 1024).toFixed(0)} MB, ${metric('Nodes')} DOM nodes, ${metric('LayoutObjects')} layout objects`);
    await audit.endAsync();
  } finally {
    await browser.close();
    await load.close();
    await server.close();
    await broker.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
