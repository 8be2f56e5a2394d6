/**
 * A production kiosk whose serial ports do not exist must not take money: /healthz says ok:false,
 * every service that needs a device is paused with the reason, flow.start refuses it, and the core
 * logs each device that fails to open at the default log level.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../services/config/load';
import { createLogger } from '../../services/log/logger';
import { startKioskRuntime, type KioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';

let dir: string;
let runtime: KioskRuntime;
const lines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-prod-'));
  const config = parseConfig({
    kiosk: { id: 'PROD-01', postName: '测试警务室', mode: 'production' },
    backend: { mode: 'http', url: 'http://127.0.0.1:9/', credentials: { clientId: 'PROD-01', secret: 'x' }, timeoutMs: 500 },
    devices: {
      idReader: { kind: 'idCardReader', driver: 'serial', port: join(dir, 'ttyREADER') },
      scanner: { kind: 'qrScanner', driver: 'serial', port: join(dir, 'ttySCAN') },
      receiptPrinter: { kind: 'receiptPrinter', driver: 'serial', port: join(dir, 'ttyRECEIPT') },
      cardPrinter: { kind: 'cardPrinter', driver: 'serial', port: join(dir, 'ttyCARD') },
    },
    speech: { engines: ['espeak-ng'] },
    dataDir: join(dir, 'data'),
  });
  runtime = await startKioskRuntime({ config, log: createLogger({ sink: (line) => lines.push(line), level: 'info' }), modules: SERVICE_MODULES, version: 't' });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, params: unknown) => runtime.core.dispatch({ type: 'request', id: 1, method, params }, { via: 'test' });

describe('production with every device missing', () => {
  it('reports not ready and pauses the service', async () => {
    const status = runtime.core.status();
    expect(status).toMatchObject({ servicesReady: false, devices: 'down' });
    expect(status.paused).toContainEqual({ service: 'tempIdCard', device: 'cardPrinter', problem: 'offline' });
    const services = await call('services.list', {});
    expect(services).toMatchObject({ ok: true, result: expect.arrayContaining([{ id: 'tempIdCard', available: false, state: 'paused', pause: { device: 'cardPrinter', problem: 'offline' } }]) });
  });

  it('cannot start the service, so nothing is charged', async () => {
    const session = await call('session.start', { locale: 'zh-CN' });
    const sessionId = session.ok ? (session.result as { sessionId: string }).sessionId : '';
    expect(await call('flow.start', { sessionId, service: 'tempIdCard' })).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringContaining('paused') } });
  });

  it('logs each device that failed to open at the default level', () => {
    for (const device of ['idReader', 'scanner', 'receiptPrinter', 'cardPrinter']) {
      expect(lines.some((line) => line.includes('"event":"device-open-failed"') && line.includes(`"device":"${device}"`)), device).toBe(true);
    }
  });
});
