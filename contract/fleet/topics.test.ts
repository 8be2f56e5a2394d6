import { describe, expect, it } from 'vitest';
import { kioskTopic, parseKioskTopic } from './topics';

describe('fleet topic tree', () => {
  const address = { district: 'dongcheng', post: 'donghuamen', kioskId: 'BJ-DC-0101' };
  it('builds and parses every leaf', () => {
    for (const leaf of ['status', 'state', 'heartbeat', 'event', 'cmd', 'cmd/result'] as const) {
      const topic = kioskTopic(address, leaf);
      expect(topic).toBe(`kiosk/v1/dongcheng/donghuamen/BJ-DC-0101/${leaf}`);
      expect(parseKioskTopic(topic)).toEqual({ address, leaf });
    }
  });
  it('refuses topics outside the tree, unknown leaves and wildcard segments', () => {
    for (const topic of ['kiosk/v2/a/b/c/state', 'kiosk/v1/a/b/state', 'kiosk/v1/a/b/c/other', 'kiosk/v1/+/b/c/state', 'kiosk/v1/a/b/#/state', 'x'])
      expect(parseKioskTopic(topic)).toBeUndefined();
  });
});
