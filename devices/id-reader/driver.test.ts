import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair, type LinkPair } from '../link/memory-link';
import { IdCardReader, type IdReaderEvent } from './driver';
import { encodeTextBlock, type ResidentRecord } from './text-block';
import { cardFromRecord, fixtureCard } from './fixtures';
import { IdReaderSimulator } from './simulator';
import { nextEvent, statusBecomes } from './test-helpers';
import type { StatusOf } from '../types';

const today = new Date(2026, 0, 15);

interface Rig {
  pair: LinkPair;
  reader: IdCardReader;
  sim: IdReaderSimulator;
  events: IdReaderEvent[];
  statuses: StatusOf<'idCardReader'>[];
  logs: string[];
}

let rig: Rig | undefined;

async function setup(options: ConstructorParameters<typeof IdCardReader>[1] = {}, chipReadMs = 0): Promise<Rig> {
  const pair = createLinkPair();
  const sim = new IdReaderSimulator(pair.device, { paced: false, chipReadMs });
  const logs: string[] = [];
  const reader = new IdCardReader(pair.host, {
    pollIntervalMs: 10,
    today: () => today,
    log: (e) => logs.push(JSON.stringify(e)),
    samRetryMs: 50,
    ...options,
  });
  const events: IdReaderEvent[] = [];
  const statuses: StatusOf<'idCardReader'>[] = [];
  reader.on('event', (e) => events.push(e));
  reader.on('status', (s) => statuses.push(s));
  await sim.start();
  await reader.start();
  rig = { pair, reader, sim, events, statuses, logs };
  return rig;
}

afterEach(async () => {
  await rig?.reader.stop();
  await rig?.sim.stop();
  rig = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdCardReader ↔ IdReaderSimulator over an in-memory link', () => {
  it('comes online, reads the SAM id and reports no card', async () => {
    const { reader, statuses } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online' && s.media === 'notPresent');
    expect(statuses[0]).toMatchObject({ device: 'starting' });
    expect(reader.identity.serialNumber).toBe('05.01-20110202-0012345678-1234567890');
  });

  it('reads a placed card once, then reports its removal', async () => {
    const { reader, sim, events, logs } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online');
    const card = fixtureCard('normalResident');
    const read = nextEvent(reader, 'cardRead');
    sim.placeCard(card);
    const event = await read;
    expect(event.data.record).toEqual(card.record);
    expect(Buffer.from(event.data.photo).equals(card.photo)).toBe(true);
    expect(reader.status().media).toBe('present');
    await sleep(100); // many more polls with the card still there
    expect(events.filter((e) => e.name === 'cardRead')).toHaveLength(1);
    expect(sim.received.readTextAndPhoto).toBe(1);
    const removed = nextEvent(reader, 'cardRemoved');
    sim.removeCard();
    await removed;
    expect(reader.status().media).toBe('notPresent');
    // Personal data never reaches the log: no name, no full ID number.
    const joined = logs.join('\n');
    expect(joined).not.toContain('张伟');
    expect(joined).not.toContain((card.record as ResidentRecord).idNumber);
    expect(joined).toContain('110101********');
    // A second insertion is read again.
    const again = nextEvent(reader, 'cardRead');
    sim.placeCard(fixtureCard('rareCharacterName'));
    expect((await again).data.record).toMatchObject({ name: '王䶮' });
  });

  it('reports one readFailed per insertion for an unreadable card, with bounded retries', async () => {
    const { reader, sim, events } = await setup({ maxReadAttempts: 2 });
    await statusBecomes(reader, (s) => s.device === 'online');
    const failed = nextEvent(reader, 'readFailed');
    sim.placeCard(fixtureCard('unreadable'));
    expect((await failed).data).toMatchObject({ code: 'userError', error: 'readFailed' });
    await sleep(150);
    expect(events.filter((e) => e.name === 'readFailed')).toHaveLength(1);
    expect(sim.received.readTextAndPhoto).toBe(2);
    expect(events.some((e) => e.name === 'cardRead')).toBe(false);
  });

  it('rejects a card whose text does not validate (invalidData), never emitting a wrong record', async () => {
    const { reader, sim, events } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online');
    const card = fixtureCard('normalResident');
    const broken = encodeTextBlock(card.record);
    broken.write('0', 122 + 17 * 2, 'utf16le'); // change the check character
    const failed = nextEvent(reader, 'readFailed');
    sim.placeCard({ ...card, textBlock: broken });
    expect((await failed).data).toMatchObject({ code: 'invalidData', error: 'invalidMedia' });
    expect(events.some((e) => e.name === 'cardRead')).toBe(false);
  });

  it('decodes the variant cards by their flag', async () => {
    const { reader, sim } = await setup();
    for (const name of ['residencePermit', 'foreignPermanentOld', 'foreignPermanent2023'] as const) {
      const read = nextEvent(reader, 'cardRead');
      sim.placeCard(fixtureCard(name));
      expect((await read).data.record).toEqual(fixtureCard(name).record);
      const removed = nextEvent(reader, 'cardRemoved');
      sim.removeCard();
      await removed;
    }
  });

  it('times out against a silent reader, goes offline, and recovers', async () => {
    const { reader, sim } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online');
    sim.setSilent(true);
    const result = await reader.readCard({ timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, error: { code: 'timeOut', error: 'timeOut' } });
    await statusBecomes(reader, (s) => s.device === 'offline' && /timeOut/.test(s.detail ?? ''));
    sim.setSilent(false);
    await statusBecomes(reader, (s) => s.device === 'online');
  });

  it('maps a SAM fault to hardwareError and heals when the SAM answers again', async () => {
    const { reader, sim, events } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online');
    sim.setSamFault(0x60);
    sim.placeCard(fixtureCard('normalResident'));
    await statusBecomes(reader, (s) => s.device === 'hardwareError' && /self-test/.test(s.detail ?? ''));
    expect(await reader.readCard()).toMatchObject({ ok: false, error: { code: 'hardwareError', error: 'samError' } });
    const read = nextEvent(reader, 'cardRead');
    sim.setSamFault(undefined);
    await statusBecomes(reader, (s) => s.device === 'online');
    await read;
    expect(events.filter((e) => e.name === 'cardRead')).toHaveLength(1);
  });

  it('goes offline on unplug and resumes reading after replug without a restart', async () => {
    const { reader, sim, pair } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online');
    pair.unplug();
    await statusBecomes(reader, (s) => s.device === 'offline' && s.media === 'unknown');
    sim.placeCard(fixtureCard('longTerm'));
    const read = nextEvent(reader, 'cardRead');
    pair.replug();
    await statusBecomes(reader, (s) => s.device === 'online');
    expect((await read).data.record).toMatchObject({ validTo: 'longTerm' });
  });

  it('reads through line noise', async () => {
    const { reader, sim } = await setup();
    await statusBecomes(reader, (s) => s.device === 'online');
    await sim.injectGarbage(Buffer.from('AAAA9669ff00aaaaaa96690500deadbeef', 'hex'));
    const read = nextEvent(reader, 'cardRead');
    sim.placeCard(fixtureCard('expired'));
    await sim.injectGarbage(Uint8Array.of(0x00, 0x13, 0xaa));
    expect((await read).data.record).toMatchObject({ validTo: '2015-03-05' });
  });

  it('readCard reads explicitly, reports noMedia, and honours cancellation', async () => {
    const { reader, sim, events } = await setup({ pollIntervalMs: 1000 });
    await statusBecomes(reader, (s) => s.device === 'online');
    expect(await reader.readCard()).toMatchObject({ ok: false, error: { code: 'userError', error: 'noMedia' } });
    sim.placeCard(fixtureCard('under16'));
    const result = await reader.readCard();
    expect(result.ok && result.value.record).toEqual(fixtureCard('under16').record);
    const controller = new AbortController();
    const pending = reader.readCard({ signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'canceled' } });
    await sleep(50);
    expect(events.some((e) => e.name === 'cardRead')).toBe(false); // the explicit read owns this insertion
  });

  it('reports a card removed during the chip read as a failure, not a record', async () => {
    const { reader, sim, events } = await setup({}, 150);
    await statusBecomes(reader, (s) => s.device === 'online');
    sim.placeCard(fixtureCard('normalResident'));
    await statusBecomes(reader, (s) => s.media === 'present');
    await sleep(30);
    const failed = nextEvent(reader, 'readFailed');
    const removed = nextEvent(reader, 'cardRemoved');
    sim.removeCard();
    expect((await failed).data.error).toMatch(/readFailed|noMedia/);
    await removed;
    expect(events.some((e) => e.name === 'cardRead')).toBe(false);
  });

  it('stays noDevice while the link never opens, and stop() cancels cleanly', async () => {
    const pair = createLinkPair();
    pair.unplug();
    const reader = new IdCardReader(pair.host, { pollIntervalMs: 10 });
    await reader.start();
    await sleep(30);
    expect(reader.status()).toEqual({ kind: 'idCardReader', device: 'noDevice', media: 'unknown' });
    expect(await reader.readCard()).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'offline' } });
    await reader.stop();
    expect(reader.status().device).toBe('offline');
  });

  it('accepts a record directly', async () => {
    const { reader, sim } = await setup();
    const record = fixtureCard('privateUseName').record;
    const read = nextEvent(reader, 'cardRead');
    sim.placeCard(cardFromRecord(record));
    expect((await read).data.record).toMatchObject({ needsStaffReview: true, reviewReasons: ['rareCharacter'] });
  });
});
