import { afterEach, describe, expect, it } from 'vitest';
import { statusBecomes } from '../../devices/id-reader/test-helpers';
import { startIdReaderRig, type PtyRig } from './id-reader-rig';
import { fixtureCard } from '../../devices/id-reader/fixtures';

let rig: PtyRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

describe('ID reader over a pty: reader stops answering', () => {
  it('completes commands with timeOut, shows offline, and recovers when the reader answers', async () => {
    const r = (rig = await startIdReaderRig('idr-silent'));
    await statusBecomes(r.reader, (s) => s.device === 'online', 5000);
    r.sim.setSilent(true);
    r.sim.placeCard(fixtureCard('normalResident'));
    const started = performance.now();
    const result = await r.reader.readCard({ timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'timeOut', error: 'timeOut' } });
    expect(performance.now() - started).toBeLessThan(1500);
    const offline = await statusBecomes(r.reader, (s) => s.device === 'offline', 3000);
    expect(offline.detail).toMatch(/not answering/);
    expect(r.events).toEqual([]);

    r.sim.setSilent(false);
    await statusBecomes(r.reader, (s) => s.device === 'online', 3000);
    const again = await r.reader.readCard({ timeoutMs: 3000 });
    expect(again.ok).toBe(true);
  });
});
