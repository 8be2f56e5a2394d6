import { describe, expect, it } from 'vitest';
import { type ConfigError, parseConfig } from '../config/load';

const base = { kiosk: { id: 'K-1', postName: '岗' } };
const problems = (help: unknown) => {
  try {
    parseConfig({ ...base, services: { help } });
    return [];
  } catch (error) {
    return (error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
  }
};

describe('services.help configuration', () => {
  it('is off by default, with its defaults written once in its fragment', () => {
    expect(parseConfig(base).services.help).toEqual({
      enabled: false,
      ringSeconds: 45,
      maxCallMinutes: 30,
      connectSeconds: 20,
      lossSeconds: 8,
      desk: { host: '127.0.0.1', port: 5176, hostNames: [], sessionHours: 12, boardRefreshSeconds: 10 },
    });
  });

  it('refuses a desk listener on the LAN without TLS, and accepts it with a certificate', () => {
    expect(problems({ enabled: true, desk: { host: '10.12.0.21' } })).toEqual([expect.stringMatching(/^services\.help\.desk\.tls: a desk listener on the LAN needs tls/)]);
    expect(problems({ enabled: true, desk: { host: '10.12.0.21', tls: { certFile: '/etc/kiosk/desk.crt', keyFile: '/etc/kiosk/desk.key' } } })).toEqual([]);
  });

  it('names wrong and misspelt settings', () => {
    expect(problems({ enabled: true, ringSecond: 30 })).toEqual(['services.help.ringSecond: unknown setting (check its spelling and place)']);
    expect(problems({ desk: { host: 'kiosk.lan' } })).toEqual([expect.stringMatching(/^services\.help\.desk\.host: an IP address/)]);
    expect(problems({ desk: { hostNames: ['bad name'] } })).toEqual([expect.stringMatching(/^services\.help\.desk\.hostNames\.0: a host name/)]);
    expect(problems({ ringSeconds: 0 })).toHaveLength(1);
  });
});
