import { describe, expect, it } from 'vitest';
import type { FourColour } from '../../contract/four-colour';
import type { KioskStateMessage } from '../../contract/fleet/messages';
import { displayColour, groupFleet, offlineWhy, openTickets, type KioskEntry } from './model';

const NOW = Date.parse('2026-05-01T08:00:00Z');
function entry(kioskId: string, colour: FourColour, where: { district?: string; post?: string } = {}, over: Partial<KioskEntry> = {}): KioskEntry {
  const address = { district: where.district ?? 'dc', post: where.post ?? 'p1', kioskId };
  const state = { kioskId, colour, heartbeatSeconds: 30, postName: `${address.post} 警务室`, tickets: { counts: { red: 0, orange: 0, yellow: 0, green: 0 }, open: [] } } as unknown as KioskStateMessage;
  return { address, state, status: { v: 1, kioskId, state: 'online', connectedAt: '' }, lastSeen: NOW - 1000, ...over };
}

describe('fleet console model', () => {
  it('offline: the last will, a goodbye, three missed heartbeats, or no state yet', () => {
    expect(offlineWhy(entry('a', 'green'), NOW)).toBeUndefined();
    expect(offlineWhy(entry('a', 'green', {}, { status: { v: 1, kioskId: 'a', state: 'offline', reason: 'connectionLost', connectedAt: '' } }), NOW)).toBe('connectionLost');
    expect(offlineWhy(entry('a', 'green', {}, { status: { v: 1, kioskId: 'a', state: 'offline', reason: 'stopped', connectedAt: '' } }), NOW)).toBe('stopped');
    expect(offlineWhy(entry('a', 'green', {}, { lastSeen: NOW - 89_000 }), NOW)).toBeUndefined();
    expect(offlineWhy(entry('a', 'green', {}, { lastSeen: NOW - 91_000 }), NOW)).toBe('silent');
    expect(displayColour({ address: { district: 'dc', post: 'p', kioskId: 'x' }, lastSeen: NOW }, NOW)).toBe('offline');
  });

  it('groups by district and post, worst first at every level (red, then offline, orange, yellow, green)', () => {
    const groups = groupFleet(
      [
        entry('K3', 'green', { district: 'aa', post: 'p1' }),
        entry('K1', 'yellow', { district: 'aa', post: 'p2' }),
        entry('K2', 'green', { district: 'aa', post: 'p2' }),
        entry('K9', 'green', { district: 'zz', post: 'p1' }),
        entry('K8', 'green', { district: 'zz', post: 'p1' }, { status: { v: 1, kioskId: 'K8', state: 'offline', reason: 'connectionLost', connectedAt: '' } }),
        entry('K7', 'red', { district: 'zz', post: 'p1' }),
      ],
      NOW,
    );
    expect(groups.map((g) => [g.district, g.worst])).toEqual([['zz', 'red'], ['aa', 'yellow']]);
    expect(groups[0]!.posts[0]!.kiosks.map((k) => [k.kioskId, k.colour])).toEqual([['K7', 'red'], ['K8', 'offline'], ['K9', 'green']]);
    expect(groups[1]!.posts.map((p) => p.post)).toEqual(['p2', 'p1']);
    expect(groups[0]!.counts).toEqual({ red: 1, offline: 1, orange: 0, yellow: 0, green: 1 });
  });

  it('lists the open tickets of every kiosk, oldest first, with their age now', () => {
    const withTickets = (kioskId: string, created: string[]) => {
      const e = entry(kioskId, 'yellow');
      e.state = { ...e.state!, tickets: { counts: { red: 0, orange: 0, yellow: created.length, green: 0 }, open: created.map((createdAt, i) => ({ number: `${kioskId}-${i}`, kind: 'receiptPending', service: 'tempIdCard', state: 'open', colour: 'yellow', createdAt, ageMinutes: 0, heldFen: 1000, transactionId: 'T' })) } };
      return e;
    };
    const rows = openTickets([withTickets('A', ['2026-05-01T07:50:00Z']), withTickets('B', ['2026-05-01T05:00:00Z', '2026-05-01T07:59:00Z'])], NOW);
    expect(rows.map((r) => [r.number, r.ageNow])).toEqual([['B-0', 180], ['A-0', 10], ['B-1', 1]]);
  });
});
