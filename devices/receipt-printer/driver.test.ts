import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair } from '../link/memory-link';
import type { ByteLink } from '../link';
import { receipt } from './escpos';
import { ReceiptPrinter, type ReceiptPrinterEvent } from './driver';
import { ReceiptPrinterSimulator } from './simulator';
import type { ReceiptPrinterStatus } from './status';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until `cond` holds (polling every 5 ms), failing after `ms`. */
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

async function setup(driverOptions: Partial<ConstructorParameters<typeof ReceiptPrinter>[0]> = {}) {
  const pair = createLinkPair();
  const sim = new ReceiptPrinterSimulator(pair.device);
  await sim.start();
  const activeListeners = { data: 0, open: 0, close: 0 };
  const host: ByteLink = {
    get path() {
      return pair.host.path;
    },
    get state() {
      return pair.host.state;
    },
    open: () => pair.host.open(),
    close: () => pair.host.close(),
    write: (b) => pair.host.write(b),
    on(name, listener) {
      activeListeners[name]++;
      const off = pair.host.on(name, listener);
      return () => {
        activeListeners[name]--;
        off();
      };
    },
  };
  const printer = new ReceiptPrinter({
    link: host,
    pollIntervalMs: 0,
    postJobSettleMs: 0,
    statusTimeoutMs: 200,
    ...driverOptions,
  });
  const statuses: ReceiptPrinterStatus[] = [];
  const events: ReceiptPrinterEvent[] = [];
  printer.on('status', (s) => statuses.push(s));
  printer.on('event', (e) => events.push(e));
  stops.push(
    () => sim.dispose(),
    () => printer.stop(),
  );
  await printer.start();
  return { pair, sim, printer, statuses, events, activeListeners };
}

const job = (title = '临时身份证 受理回执') =>
  receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line(title)
    .size({ width: 1, height: 1 })
    .bold(false)
    .align('left')
    .line('受理编号 TID-000123')
    .line('应缴费用 10.00 元')
    .qr('https://kiosk.example/q?id=TID-000123', { moduleSize: 6 })
    .feed(3)
    .cut('partial')
    .build();

describe('ReceiptPrinter driver ↔ simulator', () => {
  it('prints a job and reports success; the simulator has the receipt', async () => {
    const { sim, printer } = await setup();
    expect(printer.status()).toEqual({
      kind: 'receiptPrinter',
      device: 'online',
      paper: 'full',
      cover: 'closed',
      cutter: 'ok',
    });
    const result = await printer.print(job());
    expect(result).toEqual({ ok: true, value: undefined });
    expect(sim.receipts()).toHaveLength(1);
    expect(sim.receipts().at(-1)?.lines[0]).toMatchObject({
      align: 'center',
      runs: [{ text: '临时身份证 受理回执', bold: true, width: 2, height: 2 }],
    });
  });

  it('refuses a job when the paper is out before it starts, and prints nothing', async () => {
    const { sim, printer } = await setup();
    sim.setPaper('out');
    const result = await printer.print(job());
    expect(result).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'paperOut' } });
    expect(sim.receipts()).toEqual([]);
    expect(printer.status()).toMatchObject({ paper: 'out', device: 'userError' });
  });

  it('reports a job that ran out of paper mid-way as failed, with how far it got, and does not retry', async () => {
    const { sim, printer, events } = await setup();
    sim.setPaper({ remainingLines: 3 });
    const doc = job();
    const result = await printer.print(doc, { jobId: 'receipt-42' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'paperOut' } });
    expect(!result.ok && result.error.message).toContain(`${doc.length} of ${doc.length} bytes`);
    expect(events.find((e) => e.name === 'jobInterrupted')).toMatchObject({
      solicited: true,
      data: { jobId: 'receipt-42', cause: 'paperOut', totalBytes: doc.length },
    });
    expect(sim.receipts()).toHaveLength(1);
    expect(sim.receipts().at(-1)?.interrupted).toBe('paperOut');
    sim.reload();
    await sleep(20); // nothing is resent by the driver
    expect(sim.receipts()).toHaveLength(1); // never printed twice
  });

  it('refuses with coverOpen when the cover is open', async () => {
    const { sim, printer } = await setup();
    sim.openCover();
    expect(await printer.print(job())).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'coverOpen' },
    });
    sim.closeCover();
    expect(await printer.print(job())).toMatchObject({ ok: true });
  });

  it('reports a cutter error that happens at the end of the job', async () => {
    const { sim, printer } = await setup();
    sim.setCutterError('nextCut');
    expect(await printer.print(job())).toMatchObject({
      ok: false,
      error: { code: 'hardwareError', error: 'cutterError' },
    });
    expect(printer.status()).toMatchObject({ cutter: 'error', device: 'hardwareError' });
    expect(await printer.print(job())).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'cutterError' },
    });
  });

  it('never interleaves two jobs', async () => {
    const { sim, printer } = await setup({ chunkSize: 7 });
    const [a, b] = await Promise.all([printer.print(job('第一张 FIRST')), printer.print(job('第二张 SECOND'))]);
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    const titles = sim.receipts().map((r) => r.lines[0]?.kind === 'text' && r.lines[0].runs[0]?.text);
    expect(titles).toEqual(['第一张 FIRST', '第二张 SECOND']);
  });

  it('polls while idle and emits status and unsolicited events only on change', async () => {
    const { sim, printer, statuses, events } = await setup({ pollIntervalMs: 15 });
    const before = statuses.length;
    await sleep(80);
    expect(statuses.length).toBe(before); // nothing changed: nothing emitted
    sim.setPaper('low');
    await until(() => printer.status().paper === 'low');
    sim.openCover();
    await until(() => printer.status().cover === 'open');
    sim.closeCover();
    await until(() => printer.status().cover === 'closed');
    await sleep(60); // a few more polls: still nothing new
    expect(statuses.slice(before).map((s) => [s.paper, s.cover])).toEqual([
      ['low', 'closed'],
      ['low', 'open'],
      ['low', 'closed'],
    ]);
    const unsolicited = events.filter((e) => !e.solicited).map((e) => `${e.name}:${JSON.stringify(e.data)}`);
    expect(unsolicited).toContain('paperThreshold:{"paper":"low"}');
    expect(unsolicited.filter((e) => e.startsWith('coverChanged'))).toEqual([
      'coverChanged:{"cover":"open"}',
      'coverChanged:{"cover":"closed"}',
    ]);
  });

  it('times out when the printer is silent, one query at a time, without leaking listeners', async () => {
    const { sim, printer, activeListeners } = await setup();
    sim.setPowered(false);
    const t0 = Date.now();
    const results = await Promise.all([printer.print(job()), printer.print(job()), printer.refreshStatus()]);
    expect(results.map((r) => (r.ok ? 'success' : r.error.code))).toEqual(['timeOut', 'timeOut', 'timeOut']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3 * 190); // serialized: three timeouts in a row
    expect(printer.status()).toMatchObject({ device: 'offline', paper: 'unknown' });
    expect(activeListeners.data).toBe(1); // the driver's single data listener, not one per query
    sim.setPowered(true);
    expect(await printer.print(job())).toMatchObject({ ok: true });
    expect(printer.status().device).toBe('online');
  });

  it('goes offline when the link is lost and recovers when it comes back', async () => {
    const { pair, printer, statuses } = await setup();
    pair.unplug();
    await until(() => printer.status().device === 'offline');
    expect(printer.status()).toMatchObject({ device: 'offline' });
    expect(await printer.print(job())).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'offline' },
    });
    pair.replug();
    await until(() => printer.status().device === 'online');
    expect(printer.status()).toMatchObject({ device: 'online', paper: 'full' });
    expect(statuses.map((s) => s.device)).toEqual(['online', 'offline', 'online']);
    expect(await printer.print(job())).toMatchObject({ ok: true });
  });

  it('cancels a job through its signal and completes pending work with canceled on stop', async () => {
    const { sim, printer } = await setup();
    const controller = new AbortController();
    controller.abort();
    expect(await printer.print(job(), { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { code: 'canceled' },
    });
    sim.setPowered(false);
    const pending = printer.print(job());
    await sleep(20);
    await printer.stop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'canceled' } });
  });
});
