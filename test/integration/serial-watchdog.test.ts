import { afterEach, describe, expect, it } from 'vitest';
import { SerialLink } from '../../devices/link/serial-link';
import { startPtyPair, uniquePtyName, type PtyPair } from './pty';

let pty: PtyPair | undefined;
const links: SerialLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
  await pty?.stop();
});

function once(link: SerialLink, name: 'open' | 'close'): Promise<void> {
  return new Promise((resolve) => {
    const off = link.on(name, () => {
      off();
      resolve();
    });
  });
}

describe('SerialLink watchdog: the port behind the path is replaced (adapter re-plugged, pty re-made)', () => {
  it('notices, reconnects to the new device node and carries data again', async () => {
    const name = uniquePtyName('watchdog');
    pty = await startPtyPair(name);
    const backoff = { initialMs: 30, maxMs: 100, jitter: 0 };
    const device = new SerialLink({ path: pty.devicePath, backoff, watchdogMs: 100 });
    links.push(device);
    await device.open();
    expect(device.state).toBe('open');

    const closed = once(device, 'close');
    const reopened = closed.then(() => once(device, 'open'));
    await pty.stop();
    pty = await startPtyPair(name);
    await closed;
    await reopened;
    expect(device.state).toBe('open');

    const host = new SerialLink({ path: pty.hostPath, backoff, watchdogMs: 100 });
    links.push(host);
    await host.open();
    const received = new Promise<string>((resolve) => device.on('data', (chunk) => resolve(chunk.toString())));
    await host.write(Buffer.from('ping'));
    expect(await received).toBe('ping');
  });
});
