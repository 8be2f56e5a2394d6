import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, developmentConfig, ensureDataDir, loadConfigFile, parseConfig } from './load';

const minimal = { kiosk: { id: 'BJ-0101', postName: '东华门24小时智慧警务室' } };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('kiosk configuration', () => {
  it('fills defaults for a minimal file: development, every device simulated, embedded backend', () => {
    const config = parseConfig(minimal);
    expect(config.kiosk.mode).toBe('development');
    expect(config.timeouts).toEqual({ idleSeconds: 60, idleCountdownSeconds: 20 });
    expect(config.services.tempIdCard).toMatchObject({ enabled: true, feeFen: 1000, validityMonths: 3 });
    expect(Object.values(config.devices).every((d) => d.driver === 'simulated')).toBe(true);
    expect(config.backend.mode).toBe('embedded');
  });

  it('names every offending field', () => {
    const problems = problemsOf(() =>
      parseConfig({
        kiosk: { id: 'has spaces', postName: '' },
        timeouts: { idleSeconds: -5 },
        devices: { idReader: { kind: 'idCardReader', driver: 'serial' }, printer: { kind: 'laser', driver: 'simulated' } },
        backend: { mode: 'http' },
      }),
    );
    const fields = problems.map((p) => p.split(':')[0]);
    expect(fields).toEqual(expect.arrayContaining(['kiosk.id', 'kiosk.postName', 'timeouts.idleSeconds', 'devices.printer.kind']));
  });

  it('refuses serial devices without a port and http backends without a url', () => {
    const problems = problemsOf(() => parseConfig({ ...minimal, devices: { idReader: { kind: 'idCardReader', driver: 'serial' } }, backend: { mode: 'http' } }));
    expect(problems).toEqual(['devices.idReader.port: a serial device needs a port', 'backend.url: an http backend needs a url']);
  });

  it('refuses simulators and the embedded backend in production', () => {
    const problems = problemsOf(() => parseConfig({ kiosk: { ...minimal.kiosk, mode: 'production' } }));
    expect(problems).toContain('devices.idReader.driver: simulated devices are refused in production');
    expect(problems).toContain('backend.mode: the embedded backend simulator is refused in production');
  });

  it('reports an unreadable file and bad JSON as configuration errors naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
    expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(/missing\.json[\s\S]*cannot read the file \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.json'), '{ "kiosk": ');
    expect(() => loadConfigFile(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
    writeFileSync(join(dir, 'good.json'), JSON.stringify(minimal));
    expect(loadConfigFile(join(dir, 'good.json')).kiosk.id).toBe('BJ-0101');
  });

  it('has a working development default', () => {
    expect(developmentConfig().kiosk.postNameEn).toBe('Donghuamen 24h Police Post');
  });

  it('refuses a misspelt or misplaced key, naming it, instead of silently using the default', () => {
    expect(problemsOf(() => parseConfig({ kiosk: { ...minimal.kiosk, Mode: 'production' } }))).toEqual(['kiosk.Mode: unknown setting (check its spelling and place)']);
    expect(problemsOf(() => parseConfig({ ...minimal, services: { tempIdCard: { feeFenn: 500 } } }))).toEqual(['services.tempIdCard.feeFenn: unknown setting (check its spelling and place)']);
    expect(problemsOf(() => parseConfig({ ...minimal, journal: { retentionDays: 30, retention: 1 } }))).toEqual(['journal.retention: unknown setting (check its spelling and place)']);
    expect(problemsOf(() => parseConfig({ ...minimal, extra: true }))).toEqual(['extra: unknown setting (check its spelling and place)']);
  });

  it('refuses two devices on one port', () => {
    const devices = {
      idReader: { kind: 'idCardReader', driver: 'serial', port: '/dev/ttyUSB0' },
      scanner: { kind: 'qrScanner', driver: 'serial', port: '/dev/ttyUSB0' },
    };
    expect(problemsOf(() => parseConfig({ ...minimal, devices }))).toEqual(['devices.scanner.port: /dev/ttyUSB0 is already used by devices.idReader']);
  });

  it('checks the time zone and defaults it to Asia/Shanghai', () => {
    expect(parseConfig(minimal).kiosk.timeZone).toBe('Asia/Shanghai');
    expect(problemsOf(() => parseConfig({ kiosk: { ...minimal.kiosk, timeZone: 'Mars/Olympus' } }))).toEqual(['kiosk.timeZone: an IANA time zone such as Asia/Shanghai']);
  });

  it('names an unusable data directory instead of hanging or failing deeper', () => {
    expect(() => ensureDataDir('/proc/1/nope')).toThrow(/dataDir: cannot create or write \/proc\/1\/nope/);
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
    writeFileSync(join(dir, 'file'), '');
    expect(() => ensureDataDir(join(dir, 'file', 'sub'))).toThrow(/dataDir: cannot create or write/);
    expect(ensureDataDir(join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b'));
  });
});

describe('configuration of the A4 printer and document issuers', () => {
  const base = { kiosk: { id: 'K-1', postName: '东华门' } };
  it('has a simulated A4 printer in the development device map', () => {
    expect(developmentConfig().devices.documentPrinter).toEqual({ kind: 'documentPrinter', driver: 'simulated' });
  });
  it('names the field when an IPP printer has no uri, a bad uri, or the wrong driver', () => {
    const fields = (devices: unknown) => {
      try {
        parseConfig({ ...base, devices });
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
      }
    };
    expect(fields({ a4: { kind: 'documentPrinter', driver: 'ipp' } })).toEqual([expect.stringMatching(/^devices\.a4\.uri: an IPP printer needs a uri/)]);
    expect(fields({ a4: { kind: 'documentPrinter', driver: 'ipp', uri: 'lpd://x' } })).toEqual([expect.stringMatching(/^devices\.a4\.uri: an ipp:\/\//)]);
    expect(fields({ a4: { kind: 'documentPrinter', driver: 'serial', port: '/dev/ttyS0' } })).toEqual([expect.stringMatching(/^devices\.a4\.driver: the A4 printer is driven over IPP/)]);
    expect(fields({ a4: { kind: 'documentPrinter', driver: 'ipp', uri: 'ipp://127.0.0.1:631/printers/kiosk-a4' } })).toEqual([]);
  });
  it('checks issuer public keys and asks for one in production when documents are printed', () => {
    expect(() => parseConfig({ ...base, documents: { issuerKeys: [{ name: '北京市公安局', publicKey: '04abcd' }] } })).toThrow(/documents\.issuerKeys\.0\.publicKey: not an SM2 public key/);
    const production = {
      kiosk: { ...base.kiosk, mode: 'production' },
      backend: { mode: 'http', url: 'https://gateway.example/' },
      services: { noCriminalRecord: { enabled: true } },
      devices: { a4: { kind: 'documentPrinter', driver: 'ipp', uri: 'ipp://127.0.0.1:631/printers/kiosk-a4' } },
    };
    expect(() => parseConfig(production)).toThrow(/documents\.issuerKeys: a kiosk that prints documents needs the issuer's public key/);
  });
});
