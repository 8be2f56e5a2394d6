import { describe, expect, it } from 'vitest';
import { developmentConfig, parseConfig } from '../config/load';

const minimal = { kiosk: { id: 'K-1', postName: '岗' } };

describe('configuration services.noCriminalRecord', () => {
  it('has its defaults written once: off, 18th birthday to today, 3 months, every purpose, a statement after 3 a year', () => {
    expect(parseConfig(minimal).services.noCriminalRecord).toEqual({
      enabled: false,
      periodRule: 'fromAge18',
      validityMonths: 3,
      purposes: ['employment', 'study', 'visaEmigration', 'adoption', 'other'],
      purposeTextMaxLength: 20,
      statementAfterCertificates: 3,
      statementMinLength: 4,
      maxFaceAttempts: 3,
    });
    expect(parseConfig({ ...minimal, services: { noCriminalRecord: { enabled: true, periodRule: 'fromBirth' } } }).services.noCriminalRecord).toMatchObject({ enabled: true, periodRule: 'fromBirth', validityMonths: 3 });
  });

  it('is on in the development default, not in production without an issuer key', () => {
    expect(developmentConfig().services.noCriminalRecord.enabled).toBe(true);
    expect(developmentConfig({ kiosk: { id: 'P-1', postName: '岗', mode: 'production' }, devices: {}, backend: { mode: 'http', url: 'http://127.0.0.1:9' } }).services.noCriminalRecord.enabled).toBe(false);
    expect(() => parseConfig({ kiosk: { id: 'P-1', postName: '岗', mode: 'production' }, devices: {}, backend: { mode: 'http', url: 'http://127.0.0.1:9' }, services: { noCriminalRecord: { enabled: true } } })).toThrow(/documents\.issuerKeys/);
  });

  it('refuses unknown keys and wrong values with their path', () => {
    expect(() => parseConfig({ ...minimal, services: { noCriminalRecord: { enabld: true } } })).toThrow(/services\.noCriminalRecord\.enabld: unknown setting/);
    expect(() => parseConfig({ ...minimal, services: { noCriminalRecord: { periodRule: 'fromAge16' } } })).toThrow(/services\.noCriminalRecord\.periodRule/);
    expect(() => parseConfig({ ...minimal, services: { noCriminalRecord: { purposes: ['employment', 'employment'] } } })).toThrow(/each purpose at most once/);
    expect(() => parseConfig({ ...minimal, services: { noCriminalRecord: { validityMonths: 0 } } })).toThrow(/validityMonths/);
  });
});
