import { afterEach, describe, expect, it } from 'vitest';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import { nextEvent, statusBecomes } from '../../devices/id-reader/test-helpers';
import { startIdReaderRig, type PtyRig } from './id-reader-rig';

let rig: PtyRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

describe('ID reader over a pty: card removed mid-read', () => {
  it('reports readFailed then cardRemoved, and never a record', async () => {
    const r = (rig = await startIdReaderRig('idr-removed', {}, { chipReadMs: 400 }));
    await statusBecomes(r.reader, (s) => s.device === 'online', 5000);
    const failed = nextEvent(r.reader, 'readFailed', 5000);
    const removed = nextEvent(r.reader, 'cardRemoved', 5000);
    r.sim.placeCard(fixtureCard('normalResident'));
    await statusBecomes(r.reader, (s) => s.media === 'present', 2000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the chip read is under way
    r.sim.removeCard();
    expect((await failed).data).toMatchObject({ code: 'userError' });
    await removed;
    expect(r.reader.status().media).toBe('notPresent');
    expect(r.events.map((e) => e.name)).toEqual(['readFailed', 'cardRemoved']);

    // The next insertion reads normally.
    const read = nextEvent(r.reader, 'cardRead', 5000);
    r.sim.placeCard(fixtureCard('expired'));
    expect((await read).data.record).toEqual(fixtureCard('expired').record);
  });
});
