import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair, type LinkPair } from '../link/memory-link';
import { encodeRequest, isCompleteFrame } from './frame';
import { fixtureCard } from './fixtures';
import { IdReaderSimulator } from './simulator';

let pair: LinkPair | undefined;
let sim: IdReaderSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  await pair?.host.close();
});

/**
 * Sends raw request bytes and collects the raw reply: until one complete frame has arrived (or
 * `maxMs` passed), or, with `quietMs`, for exactly that long (to show that nothing comes back).
 */
async function exchange(hexOrBytes: string | Uint8Array, { maxMs = 3000, quietMs }: { maxMs?: number; quietMs?: number } = {}): Promise<string> {
  const p = pair;
  if (!p) throw new Error('no pair');
  const got: Buffer[] = [];
  let complete: () => void = () => {};
  const done = new Promise<void>((resolve) => (complete = resolve));
  const off = p.host.on('data', (c) => {
    got.push(c);
    if (quietMs === undefined && isCompleteFrame(Buffer.concat(got))) complete();
  });
  await p.host.write(typeof hexOrBytes === 'string' ? Buffer.from(hexOrBytes, 'hex') : hexOrBytes);
  await Promise.race([done, new Promise((r) => setTimeout(r, quietMs ?? maxMs))]);
  off();
  return Buffer.concat(got).toString('hex').toUpperCase();
}

async function setup(options: ConstructorParameters<typeof IdReaderSimulator>[1] = { paced: false }) {
  pair = createLinkPair();
  sim = new IdReaderSimulator(pair.device, options);
  await sim.start();
  await pair.host.open();
  return sim;
}

describe('IdReaderSimulator (raw bytes)', () => {
  it('answers find card per protocol', async () => {
    const s = await setup();
    expect(await exchange('AAAAAA96690003200122')).toBe('AAAAAA9669000400008084');
    s.placeCard(fixtureCard('normalResident'));
    expect(await exchange('AAAAAA96690003200122')).toBe('AAAAAA9669000800009F0000000097');
    expect(s.received.findCard).toBe(2);
  });

  it('requires select before read, then returns text and photo', async () => {
    const s = await setup();
    const card = fixtureCard('normalResident');
    s.placeCard(card);
    expect(await exchange('AAAAAA96690003300132')).toBe('AAAAAA9669000400004145');
    expect(await exchange('AAAAAA96690003200221')).toBe('AAAAAA9669000C000090' + '00'.repeat(8) + '9C');
    const reply = Buffer.from(await exchange('AAAAAA96690003300132'), 'hex');
    expect(reply.length).toBe(7 + 0x0508);
    expect(isCompleteFrame(reply)).toBe(true);
    expect(reply.subarray(14, 270).equals(card.textBlock)).toBe(true);
    expect(reply.subarray(270, 1294).equals(card.photo)).toBe(true);
    const fp = Buffer.from(await exchange('AAAAAA96690003301023'), 'hex');
    expect(fp.readUInt16BE(5)).toBe(0x090a);
    expect(await exchange('AAAAAA96690003300330')).toBe('AAAAAA9669000400009195');
  });

  it('answers a corrupted request with SW3 10 and an unknown command with 21', async () => {
    await setup();
    expect(await exchange('AAAAAA96690003200123')).toBe('AAAAAA9669000400001014');
    expect(await exchange(encodeRequest({ cmd: 0x77, para: 0x01 }))).toBe('AAAAAA9669000400002125');
    expect(sim?.received.checksumError).toBe(1);
    expect(sim?.received.unknown).toBe(1);
  });

  it('fails the read of an unreadable card, and says nothing when silent', async () => {
    const s = await setup();
    s.placeCard(fixtureCard('normalResident'));
    s.setUnreadable(true);
    await exchange('AAAAAA96690003200221');
    expect(await exchange('AAAAAA96690003300132')).toBe('AAAAAA9669000400004145');
    s.setSilent(true);
    expect(await exchange('AAAAAA96690003200122', { quietMs: 100 })).toBe('');
    expect(s.received.findCard).toBe(1);
  });

  it('paces replies at the configured baud rate', async () => {
    const s = await setup({ baudRate: 115200 });
    s.placeCard(fixtureCard('normalResident'));
    await exchange('AAAAAA96690003200221');
    const started = performance.now();
    const reply = await exchange('AAAAAA96690003300132');
    const got = Buffer.from(reply, 'hex').length;
    expect(got).toBe(1295);
    // 1295 bytes × 10 bits / 115200 = 112 ms: the whole reply cannot arrive sooner.
    let firstComplete = 0;
    const p = pair;
    if (!p) throw new Error('no pair');
    const bytes: Buffer[] = [];
    const t0 = performance.now();
    const off = p.host.on('data', (c) => {
      bytes.push(c);
      if (Buffer.concat(bytes).length >= 1295 && !firstComplete) firstComplete = performance.now() - t0;
    });
    await p.host.write(Buffer.from('AAAAAA96690003300132', 'hex'));
    await new Promise((r) => setTimeout(r, 250));
    off();
    // Pacing only ever makes a reply later: the lower bound holds on any machine, however busy.
    expect(firstComplete).toBeGreaterThanOrEqual(110);
    expect(performance.now() - started).toBeGreaterThan(220);
  });
});
