/**
 * Serial-port discovery that never throws.
 *
 * SerialPort.list() spawns `udevadm` on Linux; where udev is absent (containers, minimal images)
 * it rejects or hangs. Discovery wraps it in a timeout and falls back to scanning /dev: the stable
 * /dev/serial/by-id names first, then ttyUSB*, ttyACM* and ttyS*.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export interface DiscoveredPort {
  path: string;
  /** Where it was found: the udev listing, /dev/serial/by-id, or a /dev name scan. */
  source: 'udev' | 'byId' | 'devScan';
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

export interface DiscoveryOptions {
  timeoutMs?: number;
  /** Injected for tests; defaults to SerialPort.list. */
  list?: () => Promise<
    Array<{ path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string }>
  >;
  /** Root of the device tree to scan on fallback; defaults to /dev. */
  devDir?: string;
}

const devNamePattern = /^tty(USB|ACM|S)\d+$/;

/** Lists serial ports: udev listing when it works within the timeout, otherwise a /dev scan. Never throws. */
export async function discoverSerialPorts(options: DiscoveryOptions = {}): Promise<DiscoveredPort[]> {
  const listed = await listWithTimeout(options.list ?? (() => SerialPort.list()), options.timeoutMs ?? 2000);
  if (listed) {
    return listed.map((p) => ({
      path: p.path,
      source: 'udev' as const,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId } : {}),
      ...(p.productId ? { productId: p.productId } : {}),
    }));
  }
  return scanDevDirectory(options.devDir ?? '/dev');
}

async function listWithTimeout<T>(list: () => Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    // list() may throw synchronously, reject, or never settle: all three mean "fall back".
    const listing = Promise.resolve()
      .then(list)
      .catch(() => undefined);
    return await Promise.race([listing, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fallback scan: /dev/serial/by-id links first, then tty device names, sorted. */
export async function scanDevDirectory(devDir: string): Promise<DiscoveredPort[]> {
  const byIdDir = join(devDir, 'serial', 'by-id');
  const byId = (await readdir(byIdDir).catch(() => [] as string[]))
    .sort()
    .map((name) => ({ path: join(byIdDir, name), source: 'byId' as const }));
  const ttys = (await readdir(devDir).catch(() => [] as string[]))
    .filter((name) => devNamePattern.test(name))
    .sort(compareTtyNames)
    .map((name) => ({ path: join(devDir, name), source: 'devScan' as const }));
  return [...byId, ...ttys];
}

function compareTtyNames(a: string, b: string): number {
  const [, pa = '', na = '0'] = /^tty([A-Z]+)(\d+)$/.exec(a) ?? [];
  const [, pb = '', nb = '0'] = /^tty([A-Z]+)(\d+)$/.exec(b) ?? [];
  const order = ['USB', 'ACM', 'S'];
  return order.indexOf(pa) - order.indexOf(pb) || Number(na) - Number(nb);
}
