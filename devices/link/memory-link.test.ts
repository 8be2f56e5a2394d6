import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair, type LinkPair } from './memory-link';

const next = <T>(subscribe: (resolve: (v: T) => void) => void) => new Promise<T>((r) => subscribe(r));

describe('createLinkPair', () => {
  let pair: LinkPair | undefined;
  afterEach(async () => {
    await pair?.host.close();
    await pair?.device.close();
  });

  it('delivers bytes asynchronously and in order', async () => {
    pair = createLinkPair();
    await pair.host.open();
    await pair.device.open();
    const received: number[] = [];
    let inWrite = false;
    pair.device.on('data', (chunk) => {
      expect(inWrite).toBe(false);
      received.push(...chunk);
    });
    inWrite = true;
    const written = pair.host.write(Uint8Array.of(1, 2));
    await pair.host.write(Uint8Array.of(3));
    inWrite = false;
    await written;
    expect(received).toEqual([]);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([1, 2, 3]);
  });

  it('unplug closes both ends and rejects writes; replug reopens', async () => {
    const p = createLinkPair();
    pair = p;
    await p.host.open();
    await p.device.open();
    await next<void>((r) => p.host.on('open', r));
    const hostClosed = next<Error | undefined>((r) => p.host.on('close', r));
    const deviceClosed = next<Error | undefined>((r) => p.device.on('close', r));
    p.unplug();
    expect((await hostClosed)?.message).toMatch(/unplugged/);
    await deviceClosed;
    await expect(p.host.write(Uint8Array.of(1))).rejects.toThrow(/not open/);
    const reopened = next<void>((r) => p.device.on('open', r));
    p.replug();
    await reopened;
    expect(p.host.state).toBe('open');
    const got = next<Buffer>((r) => p.host.on('data', r));
    await p.device.write(Uint8Array.of(9));
    expect([...(await got)]).toEqual([9]);
  });

  it('drops bytes sent to an end that is not open', async () => {
    pair = createLinkPair();
    await pair.host.open();
    let got = 0;
    pair.device.on('data', () => got++);
    await pair.host.write(Uint8Array.of(1));
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toBe(0);
  });
});
