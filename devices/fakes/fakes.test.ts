import { describe, expect, it } from 'vitest';
import type { DeviceHealthSource } from '../../services/core/kiosk-core';
import type { KitDevices } from '../../services/kit/deps';
import { PANEL_BYTES } from '../card-printer/bitmap';
import type { CardPrinterEvent } from '../card-printer/driver';
import { isHealthy, needsAttention } from '../health';
import type { IdReaderEvent } from '../id-reader/driver';
import { fixtureCard } from '../id-reader/fixtures';
import type { OcrReaderEvent } from '../ocr-reader/driver';
import type { ReceiptPrinterEvent } from '../receipt-printer/driver';
import type { ScannerEvent } from '../scanner/driver';
import { permitFixture } from '../travel-permit-sim/fixtures';
import { createFakeDevices } from './fake-devices';

const today = () => new Date(2026, 0, 15);
const panel = () => new Uint8Array(PANEL_BYTES);

function recorder<E>(device: { on(name: 'event', listener: (event: E) => void): () => void }): E[] {
  const events: E[] = [];
  device.on('event', (event) => events.push(event));
  return events;
}

describe('createFakeDevices', () => {
  it('gives every device online, a flow view and a health source the core accepts', async () => {
    const fakes = createFakeDevices();
    const source: DeviceHealthSource = fakes.health;
    const flowDevices: KitDevices = fakes.devices;
    expect(fakes.devices.cardPrinter()).toBe(fakes.cardPrinter);
    expect(flowDevices.receiptPrinter()).toBe(fakes.receiptPrinter);
    expect(source.health().level).toBe('ok');
    expect(source.health().devices.map((d) => [d.identity.kind, d.status.device, d.healthy])).toEqual([
      ['idCardReader', 'online', true],
      ['qrScanner', 'online', true],
      ['receiptPrinter', 'online', true],
      ['cardPrinter', 'online', true],
      ['contactlessReader', 'online', true],
      ['ocrReader', 'online', true],
    ]);
    const seen: string[] = [];
    source.onChange((health) => seen.push(health.level));
    fakes.cardPrinter.unplug();
    fakes.cardPrinter.replug();
    expect(seen).toEqual(['down', 'ok']);
    await source.stop();
    expect(source.health().devices.every((d) => d.status.device === 'offline')).toBe(true);
    await source.start();
    expect(source.health().level).toBe('ok');
  });

  it('starts offline when asked and comes online on start()', async () => {
    const fakes = createFakeDevices({ scanner: { started: false } });
    expect(fakes.scanner.status()).toMatchObject({ device: 'offline', detail: 'driver stopped' });
    expect(fakes.scanner.scan('x')).toBe(false);
    await fakes.health.start();
    expect(fakes.scanner.status().device).toBe('online');
  });
});

describe('FakeIdCardReader', () => {
  it('reads a placed card once per insertion and reports its removal', () => {
    const { idReader } = createFakeDevices({ idReader: { today } });
    const events = recorder<IdReaderEvent>(idReader);
    idReader.placeCard('normalResident');
    expect(idReader.status()).toMatchObject({ device: 'online', media: 'present' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      name: 'cardRead',
      solicited: false,
      data: { record: fixtureCard('normalResident').record },
    });
    idReader.removeCard();
    expect(events.map((e) => e.name)).toEqual(['cardRead', 'cardRemoved']);
    expect(idReader.status().media).toBe('notPresent');
  });

  it('fails an unreadable card and an armed failure like the driver, and reads again after a replug', () => {
    const { idReader } = createFakeDevices({ idReader: { today } });
    const events = recorder<IdReaderEvent>(idReader);
    idReader.placeCard('unreadable');
    expect(events.at(-1)).toMatchObject({ name: 'readFailed', data: { code: 'userError', error: 'readFailed' } });
    idReader.failNextRead({ code: 'hardwareError', error: 'samError', message: 'SAM self-test failed' });
    idReader.placeCard('normalResident');
    expect(events.at(-1)).toMatchObject({ name: 'readFailed', data: { code: 'hardwareError', error: 'samError' } });
    idReader.unplug();
    expect(idReader.status()).toMatchObject({ device: 'offline', media: 'unknown' });
    expect(isHealthy(idReader.status())).toBe(false);
    idReader.replug();
    expect(events.at(-1)).toMatchObject({ name: 'cardRead' });
    expect(events.filter((e) => e.name === 'cardRemoved')).toHaveLength(1); // the first card's removal only
  });
});

describe('FakeQrScanner and FakeOcrReader', () => {
  it('emit what the drivers emit for the same line', () => {
    const { scanner, ocrReader } = createFakeDevices();
    const scans = recorder<ScannerEvent>(scanner);
    expect(scanner.scan('134567890123456789')).toBe(true);
    expect(scans).toMatchObject([{ name: 'scanned', data: { text: '134567890123456789', kind: 'wechatPay' } }]);
    scanner.unplug();
    expect(scanner.scan('281234567890123456')).toBe(false);
    expect(scans).toHaveLength(1);

    const reads = recorder<OcrReaderEvent>(ocrReader);
    const line = permitFixture('validHongKongMacao').printedOcrLine;
    ocrReader.read(line);
    ocrReader.read(line.slice(0, 5) + (line[5] === '7' ? '1' : '7') + line.slice(6));
    expect(reads.map((e) => e.name)).toEqual(['ocrLine', 'ocrRejected']);
  });
});

describe('FakeReceiptPrinter', () => {
  it('records documents, refuses without paper and reports paper thresholds', async () => {
    const { receiptPrinter } = createFakeDevices();
    const events = recorder<ReceiptPrinterEvent>(receiptPrinter);
    expect(await receiptPrinter.print(Uint8Array.of(1, 2, 3), { jobId: 'r-1' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(receiptPrinter.documents()).toEqual([{ jobId: 'r-1', bytes: Uint8Array.of(1, 2, 3) }]);
    receiptPrinter.setPaper('low');
    expect(needsAttention(receiptPrinter.status())).toBe(true);
    receiptPrinter.setPaper('out');
    expect(receiptPrinter.status()).toMatchObject({ device: 'userError', paper: 'out' });
    expect(isHealthy(receiptPrinter.status())).toBe(false);
    expect(await receiptPrinter.print(Uint8Array.of(4), { jobId: 'r-2' })).toEqual({
      ok: false,
      error: { code: 'deviceNotReady', error: 'paperOut', message: 'r-2 not printed: paper out' },
    });
    expect(receiptPrinter.documents()).toHaveLength(1);
    expect(events.filter((e) => e.name === 'paperThreshold').map((e) => e.data)).toEqual([
      { paper: 'low' },
      { paper: 'out' },
    ]);
  });

  it('fails the next print partway, says how far it got, and stays in that state', async () => {
    const { receiptPrinter } = createFakeDevices();
    const events = recorder<ReceiptPrinterEvent>(receiptPrinter);
    receiptPrinter.failNextPrint('paperOut');
    const result = await receiptPrinter.print(Uint8Array.of(9, 9), { jobId: 'tid-1/receipt' });
    expect(result).toMatchObject({ ok: false, error: { code: 'userError', error: 'paperOut' } });
    expect(!result.ok && result.error.message).toContain('2 of 2 bytes had been sent');
    expect(events.find((e) => e.name === 'jobInterrupted')).toMatchObject({
      solicited: true,
      data: { jobId: 'tid-1/receipt', cause: 'paperOut' },
    });
    expect(receiptPrinter.documents()).toEqual([
      { jobId: 'tid-1/receipt', bytes: Uint8Array.of(9, 9), interrupted: 'paperOut' },
    ]);
    expect(receiptPrinter.status().paper).toBe('out');
    receiptPrinter.setPaper('full');
    expect(await receiptPrinter.print(Uint8Array.of(1))).toMatchObject({ ok: true });
  });

  it('takes time only when asked, and honours the timeout and the cancel', async () => {
    const { receiptPrinter } = createFakeDevices({ receiptPrinter: { printMs: 50 } });
    expect(await receiptPrinter.print(Uint8Array.of(1), { timeoutMs: 10 })).toMatchObject({
      ok: false,
      error: { code: 'timeOut' },
    });
    const controller = new AbortController();
    const pending = receiptPrinter.print(Uint8Array.of(1), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'canceled' } });
    expect(await receiptPrinter.print(Uint8Array.of(1))).toMatchObject({ ok: true });
  });
});

describe('FakeCardPrinter', () => {
  it('records cards and uses supplies; refuses an empty feeder', async () => {
    const { cardPrinter } = createFakeDevices({ cardPrinter: { cards: 2 } });
    const events = recorder<CardPrinterEvent>(cardPrinter);
    expect(cardPrinter.status().cardStock).toBe('low');
    expect(await cardPrinter.printCard({ front: panel(), back: panel() }, { jobId: 'c-1' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await cardPrinter.printCard({ front: panel() }, { jobId: 'c-2' })).toMatchObject({ ok: true });
    expect(cardPrinter.supplies()).toEqual({ cards: 0, ribbon: 497 });
    expect(cardPrinter.cardsPrinted().map((c) => [c.jobId, c.back !== undefined])).toEqual([
      ['c-1', true],
      ['c-2', false],
    ]);
    expect(cardPrinter.status()).toMatchObject({ device: 'userError', cardStock: 'out' });
    expect(await cardPrinter.printCard({ front: panel() }, { jobId: 'c-3' })).toEqual({
      ok: false,
      error: { code: 'deviceNotReady', error: 'feederEmpty', message: 'c-3 not printed: feederEmpty' },
    });
    expect(events.filter((e) => e.name === 'cardStockThreshold').map((e) => e.data)).toEqual([{ cardStock: 'out' }]);
  });

  it('jams the next card, reports it, and refuses until the jam is cleared', async () => {
    const { cardPrinter } = createFakeDevices();
    const events = recorder<CardPrinterEvent>(cardPrinter);
    cardPrinter.jamNextCard();
    expect(await cardPrinter.printCard({ front: panel() }, { jobId: 'tid-9' })).toMatchObject({
      ok: false,
      error: { code: 'hardwareError', error: 'cardJam' },
    });
    expect(events.find((e) => e.name === 'cardFailed')).toMatchObject({
      data: { jobId: 'tid-9', step: 'insert card', cause: 'cardJam' },
    });
    expect(cardPrinter.status()).toMatchObject({ device: 'hardwareError', media: 'jammed' });
    expect(await cardPrinter.printCard({ front: panel() })).toMatchObject({
      ok: false,
      error: { code: 'deviceNotReady', error: 'cardJam' },
    });
    cardPrinter.clearJam();
    expect(await cardPrinter.printCard({ front: panel() })).toMatchObject({ ok: true });
    expect(await cardPrinter.printCard({ front: new Uint8Array(3) })).toMatchObject({
      ok: false,
      error: { code: 'invalidData' },
    });
  });
});
