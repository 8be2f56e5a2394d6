import { describe, expect, it } from 'vitest';
import { generateFleetKeyPair } from '../../contract/fleet/signing';
import { type ConfigError, parseConfig } from './load';

const base = { kiosk: { id: 'BJ-DC-0101', postName: '东华门' } };
const problems = (input: object) => {
  try {
    parseConfig(input);
    return [];
  } catch (error) {
    return (error as ConfigError).problems.map((p) => p.field);
  }
};

describe('fleet configuration', () => {
  it('is off by default; on, it needs a broker, district and post', () => {
    expect(parseConfig(base).fleet).toMatchObject({ enabled: false, heartbeatSeconds: 30, outboxMaxEvents: 10_000, commands: { enabled: true, signers: [] } });
    expect(problems({ ...base, fleet: { enabled: true } })).toEqual(['fleet.brokerUrl', 'fleet.district', 'fleet.post']);
    expect(problems({ ...base, fleet: { enabled: true, brokerUrl: 'http://x', district: 'a/b', post: '#' } })).toEqual(['fleet.brokerUrl', 'fleet.district', 'fleet.post']);
    expect(problems({ ...base, fleet: { enabled: true, brokerUrl: 'mqtt://127.0.0.1:1883', district: 'dc', post: 'p', Password: 'x' } })).toEqual(['fleet.Password']);
  });

  it('signers need a valid SM2 public key, once each', () => {
    const { publicKey } = generateFleetKeyPair();
    const fleet = { enabled: true, brokerUrl: 'mqtt://127.0.0.1:1883', district: 'dc', post: 'p' };
    expect(problems({ ...base, fleet: { ...fleet, commands: { signers: [{ staffId: '010123', publicKey: '04abc' }] } } })).toEqual(['fleet.commands.signers.0.publicKey']);
    expect(problems({ ...base, fleet: { ...fleet, commands: { signers: [{ staffId: '010123', publicKey }, { staffId: '010123', publicKey }] } } })).toEqual(['fleet.commands.signers']);
  });

  it('production refuses fleet reporting without the kiosk’s own credentials or without TLS', () => {
    const production = { kiosk: { ...base.kiosk, mode: 'production' }, backend: { mode: 'http', url: 'https://gw.example/' }, devices: {} };
    expect(problems({ ...production, fleet: { enabled: true, brokerUrl: 'mqtt://broker:1883', district: 'dc', post: 'p' } })).toEqual(['fleet.password', 'fleet.brokerUrl']);
    expect(problems({ ...production, fleet: { enabled: true, brokerUrl: 'mqtts://broker:8883', district: 'dc', post: 'p', password: 'secret' } })).toEqual([]);
    expect(problems(production)).toEqual([]);
  });
});
