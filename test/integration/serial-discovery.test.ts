import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverSerialPorts } from '../../devices/link/discovery';
import { SerialLink } from '../../devices/link/serial-link';
import { startPtyPair, uniquePtyName, type PtyPair } from './pty';

let pty: PtyPair | undefined;
let devDir: string | undefined;
const originalPath = process.env.PATH;

afterEach(async () => {
  process.env.PATH = originalPath;
  await pty?.stop();
  pty = undefined;
  if (devDir) rmSync(devDir, { recursive: true, force: true });
  devDir = undefined;
});

describe('serial port discovery without udev', () => {
  it('survives SerialPort.list() failing because udevadm is missing, and finds ports by id', async () => {
    pty = await startPtyPair(uniquePtyName('disc'));
    devDir = mkdtempSync(join(tmpdir(), 'kiosk-dev-'));
    mkdirSync(join(devDir, 'serial', 'by-id'), { recursive: true });
    const byId = join(devDir, 'serial', 'by-id', 'usb-Kiosk_IDReader_0001-if00-port0');
    symlinkSync(pty.hostPath, byId);

    // No udevadm on PATH: the real listing must fail, discovery must not.
    process.env.PATH = join(devDir, 'empty-bin');
    await expect(SerialPort.list()).rejects.toThrow();
    const ports = await discoverSerialPorts({ devDir, timeoutMs: 2000 });
    expect(ports).toEqual([{ path: byId, source: 'byId' }]);

    // The discovered path is a working port.
    process.env.PATH = originalPath;
    const link = new SerialLink({ path: byId });
    await link.open();
    expect(link.state).toBe('open');
    await link.close();
  });

  it('never throws with the system defaults', async () => {
    const ports = await discoverSerialPorts({ timeoutMs: 2000 });
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) expect(p.path).toMatch(/^\/dev\//);
  });
});
