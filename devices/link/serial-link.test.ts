import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, SerialLink } from './serial-link';

describe('backoffDelay', () => {
  const options = { initialMs: 200, maxMs: 5000, jitter: 0.2 };
  it('doubles from the initial delay and caps at the maximum', () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, options, mid))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
  });
  it('applies bounded jitter', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(160);
    expect(backoffDelay(0, options, () => 1)).toBe(240);
    expect(backoffDelay(8, options, () => 1)).toBe(5000);
  });
});

describe('SerialLink on a missing port', () => {
  let link: SerialLink | undefined;
  afterEach(async () => {
    await link?.close();
  });

  it('does not throw, keeps retrying, rejects writes, and stops when closed', async () => {
    link = new SerialLink({
      path: '/tmp/kiosk-no-such-port-' + process.pid,
      backoff: { initialMs: 10, maxMs: 20, jitter: 0 },
    });
    const opened: unknown[] = [];
    link.on('open', () => opened.push(1));
    await link.open();
    expect(link.state).toBe('opening');
    expect(link.lastError?.message).toMatch(/ENOENT|No such file/);
    await expect(link.write(Uint8Array.of(1))).rejects.toThrow(/not open/);
    await new Promise((r) => setTimeout(r, 80));
    expect(link.state).toBe('opening');
    await link.close();
    expect(link.state).toBe('closed');
    expect(opened).toEqual([]);
  });
});
