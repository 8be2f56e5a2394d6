import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverSerialPorts } from './discovery';

describe('discoverSerialPorts', () => {
  let dev: string;
  beforeEach(() => {
    dev = mkdtempSync(join(tmpdir(), 'kiosk-dev-'));
    mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
    for (const name of ['ttyS1', 'ttyS0', 'ttyUSB1', 'ttyUSB0', 'ttyACM0', 'tty1', 'null', 'ttyS10'])
      writeFileSync(join(dev, name), '');
    writeFileSync(join(dev, 'serial', 'by-id', 'usb-Vendor_IDReader-if00-port0'), '');
  });
  afterEach(() => rmSync(dev, { recursive: true, force: true }));

  const fallback = () => [
    { path: join(dev, 'serial', 'by-id', 'usb-Vendor_IDReader-if00-port0'), source: 'byId' },
    { path: join(dev, 'ttyUSB0'), source: 'devScan' },
    { path: join(dev, 'ttyUSB1'), source: 'devScan' },
    { path: join(dev, 'ttyACM0'), source: 'devScan' },
    { path: join(dev, 'ttyS0'), source: 'devScan' },
    { path: join(dev, 'ttyS1'), source: 'devScan' },
    { path: join(dev, 'ttyS10'), source: 'devScan' },
  ];

  it('falls back to a /dev scan when the listing rejects (udevadm missing)', async () => {
    const ports = await discoverSerialPorts({
      devDir: dev,
      list: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    });
    expect(ports).toEqual(fallback());
  });

  it('falls back when the listing throws synchronously', async () => {
    const ports = await discoverSerialPorts({
      devDir: dev,
      list: () => {
        throw new Error('boom');
      },
    });
    expect(ports).toEqual(fallback());
  });

  it('falls back after the timeout when the listing hangs', async () => {
    const started = performance.now();
    const ports = await discoverSerialPorts({ devDir: dev, timeoutMs: 50, list: () => new Promise(() => undefined) });
    expect(performance.now() - started).toBeLessThan(500);
    expect(ports).toEqual(fallback());
  });

  it('uses the listing when it works', async () => {
    const ports = await discoverSerialPorts({
      devDir: dev,
      list: async () => [{ path: '/dev/ttyUSB7', manufacturer: 'Acme', vendorId: '1a86' }],
    });
    expect(ports).toEqual([{ path: '/dev/ttyUSB7', source: 'udev', manufacturer: 'Acme', vendorId: '1a86' }]);
  });

  it('returns an empty list for a missing device directory', async () => {
    expect(
      await discoverSerialPorts({ devDir: join(dev, 'absent'), list: () => Promise.reject(new Error('x')) }),
    ).toEqual([]);
  });
});
