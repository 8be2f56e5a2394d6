import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../contract/device';
import { createDevTools } from '../../services/host/dev-tools';
import { DeviceManager } from '../manager';
import { testPdf } from './test-support';

let manager: DeviceManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

function healthBecomes(m: DeviceManager, predicate: (health: DeviceHealth) => boolean, timeoutMs = 5000): Promise<DeviceHealth> {
  return new Promise((resolve, reject) => {
    if (predicate(m.health())) return resolve(m.health());
    const timer = setTimeout(() => reject(new Error(`health did not match: ${JSON.stringify(m.health())}`)), timeoutMs);
    const off = m.onChange((health) => {
      if (!predicate(health)) return;
      clearTimeout(timer);
      off();
      resolve(health);
    });
  });
}

const a4 = (h: DeviceHealth) => h.devices.find((d) => d.identity.kind === 'documentPrinter');

describe('the A4 printer in the device manager and the dev dock', () => {
  it('runs the IPP simulator in-process, shows the printer reasons in health, and prints what the dock shows', async () => {
    manager = new DeviceManager({ documentPrinter: { kind: 'documentPrinter', driver: 'simulated' } }, { pollIntervalMs: { printers: 50 }, a4PageMs: 20 });
    await manager.start();
    const dev = createDevTools(manager);
    expect((await healthBecomes(manager, (h) => h.level === 'ok')).devices[0]).toMatchObject({ healthy: true, identity: { driver: 'ipp', port: 'in-process IPP simulator' } });

    dev.act('documentPrinter', { type: 'toner', percent: 5 });
    const degraded = await healthBecomes(manager, (h) => h.level === 'degraded');
    expect(a4(degraded)?.status).toMatchObject({ toner: 'low', reasons: ['toner-low-report'] });

    dev.act('documentPrinter', { type: 'sheets', count: 0 });
    const down = await healthBecomes(manager, (h) => h.level === 'down');
    expect(a4(down)).toMatchObject({ healthy: false, status: { device: 'userError', paper: 'out' } });
    expect(a4(down)?.status.detail).toMatch(/out of paper: load A4 paper/);

    dev.act('documentPrinter', { type: 'sheets', count: 100 });
    dev.act('documentPrinter', { type: 'toner', percent: 100 });
    await healthBecomes(manager, (h) => h.level === 'ok');
    const printed = await manager.documentPrinter()!.print(await testPdf(1), { jobId: 'TX-M/doc' });
    expect(printed.ok).toBe(true);
    const shown = (await dev.printed()).a4;
    expect(shown?.count).toBe(1);
    expect(shown?.dataUrl).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(dev.state().devices[0]).toMatchObject({ kind: 'documentPrinter', simulated: true, summary: expect.stringMatching(/paper 99 sheets/) });

    dev.act('documentPrinter', { type: 'cable', plugged: false });
    expect(a4(await healthBecomes(manager, (h) => a4(h)?.status.device === 'offline'))?.status).toMatchObject({ kind: 'documentPrinter', paper: 'unknown' });
    dev.act('documentPrinter', { type: 'cable', plugged: true });
    await healthBecomes(manager, (h) => h.level === 'ok');
    expect(() => dev.act('documentPrinter', { type: 'placeCard', fixture: 'normalResident' })).toThrow(/does not apply/);
  });

  it('builds an IPP driver for a configured printer URI and refuses an IPP device without one', () => {
    manager = new DeviceManager({ a4: { kind: 'documentPrinter', driver: 'ipp', uri: 'ipp://127.0.0.1:631/printers/kiosk-a4' } });
    expect(manager.documentPrinter()?.identity).toMatchObject({ id: 'a4', driver: 'ipp', port: 'ipp://127.0.0.1:631/printers/kiosk-a4' });
    expect(() => new DeviceManager({ a4: { kind: 'documentPrinter', driver: 'ipp' } })).toThrow(/devices\.a4\.uri/);
    expect(() => new DeviceManager({ a4: { kind: 'documentPrinter', driver: 'serial', port: '/dev/ttyS0' } })).toThrow(/devices\.a4\.driver/);
  });
});
