/**
 * Fleet events wait in the journal's database until the broker has them. Every event is written
 * here first (so an event raised while the broker is away, or just before a crash, is not lost) and
 * deleted when the broker acknowledges it (QoS 1 PUBACK). The outbox is bounded: past `maxEvents`
 * the oldest are dropped, and the newest of the dropped rows becomes an `eventsDropped` event that
 * counts them, so the console learns of the loss in the place where it happened.
 */
import type Database from 'better-sqlite3';
import type { FleetEventKind, FleetEventMessage } from '../../contract/fleet/messages';

export interface OutboxEvent {
  seq: number;
  at: string;
  kind: FleetEventKind;
  params: FleetEventMessage['params'];
}

export interface Outbox {
  /** Writes an event (durably) and drops the oldest beyond the bound; returns its sequence number. */
  add(kind: Exclude<FleetEventKind, 'eventsDropped'>, params: FleetEventMessage['params'], at: Date): number;
  /** The next events to send after `afterSeq`, oldest first. */
  next(afterSeq: number, limit: number): OutboxEvent[];
  /** The broker has it: forget it. */
  acknowledge(seq: number): void;
  /** Events waiting, and how many of the dropped ones are still to be announced. */
  counts(): { queued: number; dropped: number };
}

interface Row {
  seq: number;
  at: string;
  kind: string;
  params: string;
}

const droppedIn = (row: Row): number =>
  row.kind === 'eventsDropped' ? Number((JSON.parse(row.params) as { count?: number }).count ?? 0) : 1;

export function createOutbox(db: Database.Database, options: { maxEvents: number }): Outbox {
  const insert = db.prepare<[string, string, string]>(`INSERT INTO fleet_outbox (at, kind, params) VALUES (?, ?, ?)`);
  const count = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM fleet_outbox`);
  const oldest = db.prepare<[number], Row>(`SELECT seq, at, kind, params FROM fleet_outbox ORDER BY seq LIMIT ?`);
  const deleteUpTo = db.prepare<[number]>(`DELETE FROM fleet_outbox WHERE seq < ?`);
  const toMarker = db.prepare<[string, number]>(`UPDATE fleet_outbox SET kind = 'eventsDropped', params = ? WHERE seq = ?`);
  const deleteOne = db.prepare<[number]>(`DELETE FROM fleet_outbox WHERE seq = ?`);
  const after = db.prepare<[number, number], Row>(`SELECT seq, at, kind, params FROM fleet_outbox WHERE seq > ? ORDER BY seq LIMIT ?`);
  const markers = db.prepare<[], Row>(`SELECT seq, at, kind, params FROM fleet_outbox WHERE kind = 'eventsDropped'`);

  const add = db.transaction((kind: FleetEventKind, params: FleetEventMessage['params'], at: Date): number => {
    const seq = Number(insert.run(at.toISOString(), kind, JSON.stringify(params)).lastInsertRowid);
    const excess = count.get()!.n - options.maxEvents;
    if (excess > 0) {
      // The oldest `excess + 1` rows become one marker (earlier markers' counts carried over).
      const rows = oldest.all(excess + 1);
      const marker = rows.at(-1)!;
      const lost = rows.reduce((sum, row) => sum + droppedIn(row), 0);
      deleteUpTo.run(marker.seq);
      toMarker.run(JSON.stringify({ count: lost }), marker.seq);
    }
    return seq;
  });

  return {
    add: (kind, params, at) => add(kind, params, at),
    next: (afterSeq, limit) =>
      after.all(afterSeq, limit).map((row) => ({
        seq: row.seq,
        at: row.at,
        kind: row.kind as FleetEventKind,
        params: JSON.parse(row.params) as OutboxEvent['params'],
      })),
    acknowledge: (seq) => void deleteOne.run(seq),
    counts: () => ({ queued: count.get()!.n, dropped: markers.all().reduce((sum, row) => sum + droppedIn(row), 0) }),
  };
}
