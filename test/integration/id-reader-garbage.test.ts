import { afterEach, describe, expect, it } from 'vitest';
import { encodeResponse } from '../../devices/id-reader/frame';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import { nextEvent, statusBecomes } from '../../devices/id-reader/test-helpers';
import { startIdReaderRig, type PtyRig } from './id-reader-rig';

let rig: PtyRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

describe('ID reader over a pty: line noise', () => {
  it('resynchronises after garbage, stale replies and corrupt frames, and reads correctly', async () => {
    const r = (rig = await startIdReaderRig('idr-garbage'));
    await statusBecomes(r.reader, (s) => s.device === 'online', 5000);
    const corrupt = encodeResponse(0x9f, new Uint8Array(4));
    corrupt.writeUInt8((corrupt.at(-1) ?? 0) ^ 0xff, corrupt.length - 1);
    const noise = Buffer.concat([
      Buffer.from('0013fe96', 'hex'),
      Buffer.from('aaaaaa9669', 'hex'), // preamble with no frame
      corrupt, // a "card found" with a bad checksum must not count
      Buffer.from('aaaaaa9669ffff', 'hex'), // impossible length
      Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)),
    ]);
    await r.sim.injectGarbage(noise);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.events).toEqual([]);
    expect(r.reader.status()).toMatchObject({ device: 'online', media: 'notPresent' });

    const read = nextEvent(r.reader, 'cardRead', 5000);
    r.sim.placeCard(fixtureCard('rareCharacterName'));
    await r.sim.injectGarbage(Buffer.from('aaaaaa96', 'hex'));
    expect((await read).data.record).toEqual(fixtureCard('rareCharacterName').record);
    // Requests corrupted on the way in are answered with SW3 10 by the simulator (checked in unit tests);
    // here the driver only ever sent clean requests.
    expect(r.sim.received.checksumError).toBe(0);
  });
});
