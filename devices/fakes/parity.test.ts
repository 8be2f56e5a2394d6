/**
 * The fakes answer as the drivers do: the same scenario, once against a driver talking to its wire
 * simulator and once against the fake, gives the same results, statuses and events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PANEL_BYTES } from '../card-printer/bitmap';
import { CardPrinter, type CardPrinterEvent } from '../card-printer/driver';
import { CardPrinterSimulator } from '../card-printer/simulator';
import { IdCardReader, type IdReaderEvent } from '../id-reader/driver';
import { fixtureCard, type FixtureName } from '../id-reader/fixtures';
import { IdReaderSimulator } from '../id-reader/simulator';
import { nextEvent } from '../id-reader/test-helpers';
import { createLinkPair } from '../link/memory-link';
import { ReceiptPrinter } from '../receipt-printer/driver';
import { ReceiptPrinterSimulator } from '../receipt-printer/simulator';
import { FakeCardPrinter } from './card-printer';
import { FakeIdCardReader } from './id-reader';
import { FakeReceiptPrinter } from './receipt-printer';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const today = () => new Date(2026, 0, 15);
const panel = () => new Uint8Array(PANEL_BYTES);
/** An event without its timestamp. */
const bare = <E extends { at: Date }>(event: E | undefined) => (event ? { ...event, at: undefined } : event);

async function receiptRig() {
  const pair = createLinkPair();
  const sim = new ReceiptPrinterSimulator(pair.device);
  await sim.start();
  const driver = new ReceiptPrinter({ link: pair.host, pollIntervalMs: 0, postJobSettleMs: 0, statusTimeoutMs: 300 });
  await driver.start();
  stops.push(
    () => sim.dispose(),
    () => driver.stop(),
  );
  return { sim, driver, fake: new FakeReceiptPrinter() };
}

async function cardRig() {
  const pair = createLinkPair();
  const sim = new CardPrinterSimulator(pair.device, { cards: 3 });
  await sim.start();
  const driver = new CardPrinter({
    link: pair.host,
    pollIntervalMs: 0,
    commandTimeoutMs: 200,
    printStepTimeoutMs: 500,
  });
  await driver.start();
  stops.push(
    () => sim.dispose(),
    () => driver.stop(),
  );
  const fake = new FakeCardPrinter({ cards: 3 });
  const events = { driver: [] as CardPrinterEvent[], fake: [] as CardPrinterEvent[] };
  driver.on('event', (e) => events.driver.push(e));
  fake.on('event', (e) => events.fake.push(e));
  return { sim, driver, fake, events };
}

describe('fakes answer as the drivers do', () => {
  it('receipt printer: a print, then a refusal for paper out', async () => {
    const { sim, driver, fake } = await receiptRig();
    expect(fake.status()).toEqual(driver.status());
    expect(await fake.print(Uint8Array.of(0x1b, 0x40), { jobId: 'a' })).toEqual(
      await driver.print(Uint8Array.of(0x1b, 0x40), { jobId: 'a' }),
    );
    sim.setPaper('out');
    fake.setPaper('out');
    const fromDriver = await driver.print(Uint8Array.of(0x1b, 0x40), { jobId: 'b' });
    expect(await fake.print(Uint8Array.of(0x1b, 0x40), { jobId: 'b' })).toEqual(fromDriver);
    expect(fromDriver).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'paperOut' } });
    expect(fake.status()).toEqual(driver.status());
  });

  it('card printer: a card, a jam with its event and status, and an empty feeder', async () => {
    const { sim, driver, fake, events } = await cardRig();
    expect(fake.status()).toEqual(driver.status());
    expect(await fake.printCard({ front: panel() }, { jobId: 'c1' })).toEqual(
      await driver.printCard({ front: panel() }, { jobId: 'c1' }),
    );
    sim.jamNextCard();
    fake.jamNextCard();
    const jammed = await driver.printCard({ front: panel() }, { jobId: 'c2' });
    expect(await fake.printCard({ front: panel() }, { jobId: 'c2' })).toEqual(jammed);
    expect(jammed).toMatchObject({ ok: false, error: { code: 'hardwareError', error: 'cardJam' } });
    expect(fake.status()).toEqual(driver.status());
    const failed = (list: CardPrinterEvent[]) => bare(list.find((e) => e.name === 'cardFailed'));
    expect(failed(events.fake)).toEqual(failed(events.driver));
    sim.clearJam();
    fake.clearJam();
    sim.setCards(0);
    fake.setCards(0);
    await driver.refreshStatus();
    expect(fake.status()).toEqual(driver.status());
    expect(await fake.printCard({ front: panel() }, { jobId: 'c3' })).toEqual(
      await driver.printCard({ front: panel() }, { jobId: 'c3' }),
    );
  });

  it("card printer: the back of the resident's own card from the manual slot, with the feeder empty", async () => {
    const { sim, driver, fake, events } = await cardRig();
    sim.setCards(0);
    fake.setCards(0);
    await driver.refreshStatus();
    const printed = await driver.printCard({ back: panel() }, { jobId: 'm1', source: 'manual' });
    expect(printed).toEqual({ ok: true, value: undefined });
    expect(await fake.printCard({ back: panel() }, { jobId: 'm1', source: 'manual' })).toEqual(printed);
    expect(sim.cardsPrinted().at(-1)).toMatchObject({ source: 'manual', front: undefined });
    expect(fake.cardsPrinted().at(-1)).toMatchObject({ source: 'manual', jobId: 'm1' });
    const done = (list: CardPrinterEvent[]) => bare(list.find((e) => e.name === 'cardPrinted'));
    expect(done(events.fake)).toEqual(done(events.driver));
    // A card with no side at all is refused by both before the printer is touched.
    expect(await fake.printCard({ back: undefined } as never)).toEqual(await driver.printCard({ back: undefined } as never));
  });

  it.each<FixtureName>(['normalResident', 'residencePermit', 'unreadable'])('ID reader: %s', async (name) => {
    const pair = createLinkPair();
    const sim = new IdReaderSimulator(pair.device, { paced: false });
    const driver = new IdCardReader(pair.host, { pollIntervalMs: 10, today, samRetryMs: 50 });
    await sim.start();
    await driver.start();
    stops.push(
      () => sim.stop(),
      () => driver.stop(),
    );
    const fake = new FakeIdCardReader({ today });
    const fromFake: IdReaderEvent[] = [];
    fake.on('event', (e) => fromFake.push(e));
    const expected = name === 'unreadable' ? 'readFailed' : 'cardRead';
    const fromDriver = nextEvent(driver, expected);
    sim.placeCard(fixtureCard(name));
    fake.placeCard(name);
    expect(bare(fromFake[0])).toEqual(bare(await fromDriver));
    expect(fake.status()).toEqual(driver.status());
  });
});
