import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair } from '../link/memory-link';
import { decodePng, isDark } from '../render/png';
import { DESIGN_HEIGHT, DESIGN_WIDTH, PANEL_BYTES, inkCoverage, panelBytesToDesign } from './bitmap';
import { composeCardSide, syntheticPortrait } from './compose';
import { CardPrinter, type CardPrinterEvent, type CardPrinterStatus } from './driver';
import { CardPrinterSimulator, renderCardPng } from './simulator';

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

async function setup(
  simOptions: ConstructorParameters<typeof CardPrinterSimulator>[1] = {},
  driverOptions: Partial<ConstructorParameters<typeof CardPrinter>[0]> = {},
) {
  const pair = createLinkPair();
  const sim = new CardPrinterSimulator(pair.device, simOptions);
  await sim.start();
  const printer = new CardPrinter({
    link: pair.host,
    pollIntervalMs: 0,
    commandTimeoutMs: 200,
    printStepTimeoutMs: 500,
    ...driverOptions,
  });
  const statuses: CardPrinterStatus[] = [];
  const events: CardPrinterEvent[] = [];
  printer.on('status', (s) => statuses.push(s));
  printer.on('event', (e) => events.push(e));
  stops.push(
    () => sim.dispose(),
    () => printer.stop(),
  );
  await printer.start();
  return { pair, sim, printer, statuses, events };
}

const front = (() => {
  const r = composeCardSide({
    border: true,
    texts: [
      { text: '临时居民身份证', x: 508, y: 40, size: 56, bold: true, align: 'center' },
      { text: '姓名  张三', x: 330, y: 160, size: 40 },
      { text: '公民身份号码  110105********002X', x: 330, y: 460, size: 36 },
    ],
    photo: {
      area: { x: 60, y: 150, width: 204, height: 252 },
      pixels: syntheticPortrait(),
      width: 204,
      height: 252,
      channels: 1,
    },
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();
const back = (() => {
  const r = composeCardSide({ texts: [{ text: '签发机关  北京市公安局东城分局', x: 60, y: 300, size: 40 }] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();

describe('CardPrinter driver ↔ simulator', () => {
  it('prints front and back; the simulator holds the exact panels and renders them', async () => {
    const { sim, printer } = await setup({ cards: 20, ribbon: 300 });
    expect(printer.status()).toEqual({
      kind: 'cardPrinter',
      device: 'online',
      cardStock: 'full',
      ribbon: 'full',
      cover: 'closed',
      media: 'ok',
    });
    expect(await printer.printCard({ front: front.panel, back: back.panel })).toEqual({ ok: true, value: undefined });
    const [card] = sim.cardsPrinted();
    expect(card?.defect).toBeUndefined();
    expect(card?.front && Buffer.compare(card.front, front.panel)).toBe(0);
    expect(card?.back && Buffer.compare(card.back, back.panel)).toBe(0);
    expect(sim.supplies()).toEqual({ cards: 19, ribbon: 298 });

    const png = decodePng(renderCardPng(card!));
    expect([png.width, png.height]).toEqual([DESIGN_WIDTH * 2 + 24, DESIGN_HEIGHT]);
    const darkIn = (x0: number, x1: number) => {
      let n = 0;
      for (let y = 0; y < png.height; y += 2) for (let x = x0; x < x1; x += 2) if (isDark(png, x, y)) n++;
      return n;
    };
    expect(darkIn(0, DESIGN_WIDTH)).toBeGreaterThan(5000); // front: border, text, dithered photo
    expect(darkIn(DESIGN_WIDTH + 24, png.width)).toBeGreaterThan(500); // back: one text line
    // the photo area is dithered (a mix), the top-left corner outside the border is blank
    expect(
      inkCoverage({ width: 204, height: 252, bits: crop(panelBytesToDesign(card!.front!).bits, 60, 150, 204, 252) }),
    ).toBeGreaterThan(0.2);
    expect(isDark(png, 3, 3)).toBe(false);
  });

  it('refuses when the feeder is empty, without starting a sequence', async () => {
    const { sim, printer } = await setup({ cards: 0 });
    expect(printer.status()).toMatchObject({ cardStock: 'out', device: 'userError' });
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'feederEmpty' },
    });
    expect(sim.cardsPrinted()).toEqual([]);
  });

  it('refuses when the ribbon is out, and reports a ribbon that runs out between the sides', async () => {
    const { sim, printer, events } = await setup({ ribbon: 0 });
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'ribbonOut' },
    });
    sim.setRibbon(1);
    const result = await printer.printCard({ front: front.panel, back: back.panel }, { jobId: 'card-7' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'ribbonOut' } });
    expect(!result.ok && result.error.message).toContain('failed at print and eject');
    expect(sim.cardsPrinted().at(-1)?.defect).toBe('ribbonOut');
    expect(events.find((e) => e.name === 'cardFailed')).toMatchObject({
      data: { jobId: 'card-7', cause: 'ribbonOut' },
    });
    expect(printer.status().ribbon).toBe('out');
  });

  it('refuses with coverOpen when the cover is open', async () => {
    const { sim, printer } = await setup();
    sim.openCover();
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'coverOpen' },
    });
  });

  it('reports a jam mid-sequence as cardJam, then refuses until cleared', async () => {
    const { sim, printer, events } = await setup({ cards: 5 });
    sim.jamNextCard();
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'hardwareError', error: 'cardJam' },
    });
    expect(printer.status()).toMatchObject({ media: 'jammed', device: 'hardwareError' });
    expect(events.filter((e) => e.name === 'mediaChanged').map((e) => e.data)).toEqual([{ media: 'jammed' }]);
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'cardJam' },
    });
    sim.clearJam();
    expect(await printer.printCard({ front: front.panel })).toMatchObject({ ok: true });
    expect(sim.supplies().cards).toBe(3); // the jammed card is used up, never reprinted silently
  });

  it('rejects a panel of the wrong size as invalidData without touching the printer', async () => {
    const { sim, printer } = await setup();
    expect(await printer.printCard({ front: new Uint8Array(PANEL_BYTES - 1) })).toMatchObject({
      ok: false,
      error: { code: 'invalidData' },
    });
    expect(sim.supplies().cards).toBe(100);
  });

  it('polls and emits status and threshold events only on change', async () => {
    const { sim, printer, statuses, events } = await setup(
      { cards: 12, feederNearEmpty: 10, ribbon: 60, ribbonLow: 50 },
      { pollIntervalMs: 15, ribbonLowCount: 50 },
    );
    const before = statuses.length;
    await sleep(60);
    expect(statuses.length).toBe(before);
    sim.setCards(3);
    await until(() => printer.status().cardStock === 'low');
    sim.setRibbon(20);
    await until(() => printer.status().ribbon === 'low');
    sim.openCover();
    await until(() => printer.status().cover === 'open');
    await sleep(50);
    expect(statuses.slice(before).map((s) => [s.cardStock, s.ribbon, s.cover])).toEqual([
      ['low', 'full', 'closed'],
      ['low', 'low', 'closed'],
      ['low', 'low', 'open'],
    ]);
    expect(events.filter((e) => !e.solicited && e.name !== 'deviceChanged').map((e) => e.name)).toEqual([
      'cardStockThreshold',
      'ribbonThreshold',
      'coverChanged',
    ]);
  });

  it('times out when the printer is silent and recovers when it answers again', async () => {
    const { sim, printer } = await setup();
    sim.setPowered(false);
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'timeOut', error: 'timeOut' },
    });
    expect(printer.status().device).toBe('offline');
    sim.setPowered(true);
    expect(await printer.printCard({ front: front.panel })).toMatchObject({ ok: true });
    expect(printer.status().device).toBe('online');
  });

  it('goes offline on link loss and back online after replug', async () => {
    const { pair, printer, statuses } = await setup();
    pair.unplug();
    await until(() => printer.status().device === 'offline');
    expect(printer.status().device).toBe('offline');
    expect(await printer.printCard({ front: front.panel })).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'offline' },
    });
    pair.replug();
    await until(() => printer.status().device === 'online');
    expect(statuses.map((s) => s.device)).toEqual(['online', 'offline', 'online']);
  });

  it('cancels through the signal', async () => {
    const { printer, sim } = await setup();
    const c = new AbortController();
    c.abort();
    expect(await printer.printCard({ front: front.panel }, { signal: c.signal })).toMatchObject({
      ok: false,
      error: { code: 'canceled' },
    });
    expect(sim.cardsPrinted()).toEqual([]);
  });
});

function crop(bits: Uint8Array, x0: number, y0: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = bits[(y0 + y) * DESIGN_WIDTH + x0 + x] ?? 0;
  return out;
}
