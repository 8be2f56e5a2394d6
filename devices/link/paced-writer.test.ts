import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair, type LinkPair } from './memory-link';
import { createPacedWriter, wireTimeMs } from './paced-writer';

describe('createPacedWriter', () => {
  let pair: LinkPair | undefined;
  afterEach(async () => {
    await pair?.host.close();
    await pair?.device.close();
  });

  it('computes 8N1 wire time', () => {
    expect(wireTimeMs(1152, 115200)).toBeCloseTo(100);
    expect(wireTimeMs(96, 9600)).toBeCloseTo(100);
  });

  it('takes the wire time to deliver, in order, across back-to-back writes', async () => {
    pair = createLinkPair();
    await pair.host.open();
    await pair.device.open();
    const received: number[] = [];
    pair.host.on('data', (c) => received.push(...c));
    const writer = createPacedWriter(pair.device, { baudRate: 19200 });
    const a = Uint8Array.from({ length: 96 }, (_, i) => i);
    const b = Uint8Array.from({ length: 96 }, (_, i) => 100 + i);
    const started = performance.now();
    const results = await Promise.all([writer.write(a), writer.write(b)]);
    const elapsed = performance.now() - started;
    expect(results).toEqual([true, true]);
    // 192 bytes at 19200 baud = 100 ms on the wire.
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(250);
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([...a, ...b]);
  });

  it('writes at once when pacing is off, and reports a dead link as false', async () => {
    pair = createLinkPair();
    await pair.device.open();
    const writer = createPacedWriter(pair.device, { baudRate: 9600, paced: false });
    const started = performance.now();
    expect(await writer.write(new Uint8Array(960))).toBe(true);
    expect(performance.now() - started).toBeLessThan(50);
    await pair?.device.close();
    expect(await writer.write(Uint8Array.of(1))).toBe(false);
  });

  it('cancel() abandons queued bytes', async () => {
    pair = createLinkPair();
    await pair.host.open();
    await pair.device.open();
    let got = 0;
    pair.host.on('data', (c) => (got += c.length));
    const writer = createPacedWriter(pair.device, { baudRate: 9600 });
    const pending = writer.write(new Uint8Array(960)); // ~1 s on the wire
    await new Promise((r) => setTimeout(r, 30));
    writer.cancel();
    expect(await pending).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(960);
  });
});
