import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair, type LinkPair } from '../link/memory-link';
import { QrScanner, type Scan } from './driver';
import { ScannerSimulator } from './simulator';

let pair: LinkPair | undefined;
let scanner: QrScanner | undefined;
let sim: ScannerSimulator | undefined;

afterEach(async () => {
  await scanner?.stop();
  await sim?.stop();
  pair = scanner = sim = undefined;
});

function collect(s: QrScanner, count: number, timeoutMs = 2000): Promise<Scan[]> {
  const got: Scan[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} scans`)), timeoutMs);
    s.on('event', (e) => {
      got.push(e.data);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

describe('QrScanner ↔ ScannerSimulator', () => {
  it('emits classified scans at the wire rate, and never logs payment-code text', async () => {
    pair = createLinkPair();
    const logs: string[] = [];
    scanner = new QrScanner(pair.host, { log: (e) => logs.push(JSON.stringify(e)) });
    sim = new ScannerSimulator(pair.device, { baudRate: 9600 });
    await sim.start();
    await scanner.start();
    expect(scanner.status()).toEqual({ kind: 'qrScanner', device: 'online' });
    const scans = collect(scanner, 3);
    const wechat = '134567890123456789';
    const alipay = '28' + '7'.repeat(16);
    const started = performance.now();
    await sim.injectGarbage(Uint8Array.of(0x00, 0x0d));
    await sim.scan(wechat);
    await sim.scan(alipay);
    await sim.scan('APPT-2026-0042');
    expect(await scans).toEqual([
      { text: wechat, kind: 'wechatPay' },
      { text: alipay, kind: 'alipay' },
      { text: 'APPT-2026-0042', kind: 'text' },
    ]);
    // 2 + 19 + 19 + 15 bytes at 9600 baud ≈ 57 ms
    expect(performance.now() - started).toBeGreaterThan(50);
    const joined = logs.join('\n');
    expect(joined).not.toContain(wechat);
    expect(joined).not.toContain(alipay);
    expect(joined).toContain('wechatPay');
  });

  it('goes offline when unplugged and online again on replug', async () => {
    const p = createLinkPair();
    pair = p;
    const s = new QrScanner(p.host);
    scanner = s;
    sim = new ScannerSimulator(p.device, { paced: false });
    await sim.start();
    await s.start();
    const statuses: string[] = [];
    s.on('status', (st) => statuses.push(st.device));
    p.unplug();
    await new Promise((r) => setTimeout(r, 10));
    expect(s.status().device).toBe('offline');
    p.replug();
    await new Promise((r) => setTimeout(r, 10));
    expect(statuses).toEqual(['offline', 'online']);
    const scans = collect(s, 1);
    await sim.scan('after replug');
    expect((await scans)[0]?.text).toBe('after replug');
  });
});
