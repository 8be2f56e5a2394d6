import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../journal/migrations';
import { createOutbox } from './outbox';

const database = () => {
  const db = new Database(':memory:');
  migrate(db);
  return db;
};
const at = new Date('2026-05-01T08:00:00Z');

describe('fleet outbox', () => {
  it('keeps events in order until acknowledged, across a reopen of the database', () => {
    const db = database();
    const outbox = createOutbox(db, { maxEvents: 100 });
    const seqs = [1, 2, 3].map((n) => outbox.add('deviceDown', { deviceId: `d${n}` }, at));
    expect(seqs).toEqual([1, 2, 3]);
    expect(outbox.next(0, 10).map((e) => e.params.deviceId)).toEqual(['d1', 'd2', 'd3']);
    expect(outbox.next(1, 1).map((e) => e.seq)).toEqual([2]);
    outbox.acknowledge(1);
    const again = createOutbox(db, { maxEvents: 100 });
    expect(again.next(0, 10).map((e) => e.seq)).toEqual([2, 3]);
    expect(again.counts()).toEqual({ queued: 2, dropped: 0 });
    // Sequence numbers are never reused, even after everything was acknowledged.
    again.acknowledge(2);
    again.acknowledge(3);
    expect(again.add('deviceBack', {}, at)).toBe(4);
  });

  it('bounded: the oldest are dropped and one eventsDropped event counts them, in their place', () => {
    const outbox = createOutbox(database(), { maxEvents: 10 });
    for (let n = 1; n <= 25; n++) outbox.add('ticketOpened', { number: `W-${n}` }, at);
    const events = outbox.next(0, 100);
    expect(events).toHaveLength(10);
    expect(events[0]).toMatchObject({ kind: 'eventsDropped', params: { count: 16 }, seq: 16 });
    expect(events.slice(1).map((e) => e.params.number)).toEqual(Array.from({ length: 9 }, (_, i) => `W-${i + 17}`));
    expect(outbox.counts()).toEqual({ queued: 10, dropped: 16 });
    // Delivered: the count is settled.
    outbox.acknowledge(16);
    expect(outbox.counts()).toEqual({ queued: 9, dropped: 0 });
  });
});
