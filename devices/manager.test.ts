import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../contract/device';
import { DeviceManager, type DeviceSpec } from './manager';

const SPECS: Record<string, DeviceSpec> = {
  idReader: { kind: 'idCardReader', driver: 'simulated' },
  scanner: { kind: 'qrScanner', driver: 'simulated' },
  receiptPrinter: { kind: 'receiptPrinter', driver: 'simulated' },
  cardPrinter: { kind: 'cardPrinter', driver: 'simulated' },
};

let manager: DeviceManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

/** Resolves with the first health report that satisfies `predicate` (the current one counts). */
function healthBecomes(m: DeviceManager, predicate: (health: DeviceHealth) => boolean, timeoutMs = 5000): Promise<DeviceHealth> {
  return new Promise((resolve, reject) => {
    if (predicate(m.health())) return resolve(m.health());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`health did not match within ${timeoutMs} ms: ${JSON.stringify(m.health().devices.map((d) => d.status))}`));
    }, timeoutMs);
    const off = m.onChange((health) => {
      if (!predicate(health)) return;
      clearTimeout(timer);
      off();
      resolve(health);
    });
  });
}

describe('device manager (all simulated)', () => {
  it('starts every configured device and reports ok once all are online', async () => {
    manager = new DeviceManager(SPECS, { pacedSimulators: false, pollIntervalMs: { idReader: 50, printers: 100 } });
    await manager.start();
    const health = await healthBecomes(manager, (h) => h.level === 'ok');
    expect(health.devices.map((d) => [d.identity.id, d.identity.kind, d.healthy])).toEqual([
      ['idReader', 'idCardReader', true],
      ['scanner', 'qrScanner', true],
      ['receiptPrinter', 'receiptPrinter', true],
      ['cardPrinter', 'cardPrinter', true],
    ]);
    expect(manager.idReader()).toBeDefined();
    expect(manager.cardPrinter()?.identity.kind).toBe('cardPrinter');
  });

  it('turns down when a cable is pulled and ok again when it is plugged back, without a restart', async () => {
    manager = new DeviceManager(SPECS, { pacedSimulators: false, pollIntervalMs: { idReader: 50, printers: 100 } });
    await manager.start();
    await healthBecomes(manager, (h) => h.level === 'ok');
    const printer = manager.get('receiptPrinter')!;
    printer.simulated!.unplug();
    const down = await healthBecomes(manager, (h) => h.level === 'down');
    expect(down.devices.find((d) => d.identity.id === 'receiptPrinter')).toMatchObject({ healthy: false, status: { device: 'offline' } });
    expect(printer.simulated!.plugged).toBe(false);
    printer.simulated!.replug();
    await healthBecomes(manager, (h) => h.level === 'ok');
  });

  it('reports a printer out of paper as down, and low paper as degraded', async () => {
    manager = new DeviceManager(SPECS, { pacedSimulators: false, pollIntervalMs: { idReader: 50, printers: 50 } });
    await manager.start();
    await healthBecomes(manager, (h) => h.level === 'ok');
    const sim = manager.get('receiptPrinter')!.simulated!;
    if (sim.kind !== 'receiptPrinter') throw new Error('wrong kind');
    sim.simulator.setPaper('low');
    await healthBecomes(manager, (h) => h.level === 'degraded');
    sim.simulator.setPaper('out');
    await healthBecomes(manager, (h) => h.level === 'down');
  });

  it('a serial device on a missing port is offline or absent but never crashes start-up', async () => {
    manager = new DeviceManager({ idReader: { kind: 'idCardReader', driver: 'serial', port: '/dev/does-not-exist-kiosk' } });
    await manager.start();
    const health = manager.health();
    expect(health.level).toBe('down');
    expect(['noDevice', 'offline', 'starting']).toContain(health.devices[0]!.status.device);
  });
});
