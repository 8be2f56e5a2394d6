import { afterEach, describe, expect, it } from 'vitest';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import { nextEvent, statusBecomes } from '../../devices/id-reader/test-helpers';
import { startPtyPair } from './pty';
import { startIdReaderRig, type PtyRig } from './id-reader-rig';

let rig: PtyRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

describe('ID reader over a pty: cable pulled mid-read and plugged back', () => {
  it('goes offline, comes back online by itself and reads again', async () => {
    // A slow chip read keeps the read in progress while the "cable" is pulled.
    const r = (rig = await startIdReaderRig('idr-unplug', {}, { chipReadMs: 300 }));
    await statusBecomes(r.reader, (s) => s.device === 'online', 5000);
    r.sim.placeCard(fixtureCard('normalResident'));
    await statusBecomes(r.reader, (s) => s.media === 'present', 2000);

    await r.pty.stop(); // socat dies: both ptys vanish mid-read
    await statusBecomes(r.reader, (s) => s.device === 'offline', 3000);
    expect(r.events.some((e) => e.name === 'cardRead')).toBe(false);

    const read = nextEvent(r.reader, 'cardRead', 8000);
    r.pty = await startPtyPair(r.name); // same link names, new ptys
    await statusBecomes(r.reader, (s) => s.device === 'online', 5000);
    expect((await read).data.record).toEqual(fixtureCard('normalResident').record);
    expect(r.reader.identity.serialNumber).toMatch(/^\d\d\.\d\d-/);
  });
});
