/** The contactless reader as the device manager builds it in web mode: driver + in-memory link + chip simulator. */
import { afterEach, describe, expect, it } from 'vitest';
import { readPermit } from '../icao9303/read-permit';
import { DeviceManager } from '../manager';
import { testPki } from '../travel-permit-sim/pki';

describe('simulated contactless reader (device manager)', () => {
  let manager: DeviceManager | undefined;
  afterEach(async () => manager?.stop());

  it('reports the permit placed and removed, reads it, and goes offline when its cable is pulled', async () => {
    manager = new DeviceManager(
      { permitReader: { kind: 'contactlessReader', driver: 'simulated' } },
      { pacedSimulators: false },
    );
    await manager.start();
    const reader = manager.contactlessReader()!;
    const sim = manager.get('permitReader')!.simulated!;
    if (sim.kind !== 'contactlessReader') throw new Error('wrong simulator');
    expect(reader.status()).toMatchObject({ device: 'online', media: 'notPresent' });
    const events: string[] = [];
    reader.on('event', (e) => events.push(e.name));
    const chip = sim.simulator.place('taiwan');
    expect(reader.status().media).toBe('present');
    const result = await readPermit({
      channel: reader,
      ocrLine: chip.card.printedOcrLine,
      trustAnchors: [testPki().csca],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(result.ok && result.value.permit.documentCode).toBe('CD');
    sim.simulator.remove();
    expect(events).toEqual(['cardInserted', 'cardRemoved']);
    sim.unplug();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.status().device).toBe('offline');
    expect(manager.health().level).toBe('down');
    sim.replug();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.status().device).toBe('online');
  });
});
