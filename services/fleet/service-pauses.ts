/**
 * Services paused by a signed fleet command. Kept in the journal's database, so a kiosk that
 * restarts stays paused until a resume command; the kiosk core reads it through `StaffPauses`
 * (services/core/readiness.ts): the tile shows "paused", `flow.start` refuses, and a running flow
 * stops before it asks for money.
 */
import type Database from 'better-sqlite3';
import type { StaffPause } from '../../contract/api';
import type { ServiceId } from '../../contract/flow';
import type { StaffPauses } from '../core/readiness';

export interface ServicePauseStore extends StaffPauses {
  /** False when it was already paused. */
  pause(service: ServiceId, by: { staffId: string; commandId: string }, at: Date): boolean;
  /** False when it was not paused. */
  resume(service: ServiceId): boolean;
}

export function createServicePauseStore(db: Database.Database): ServicePauseStore {
  const all = db.prepare<[], { service: string; since: string }>(`SELECT service, since FROM fleet_service_pauses`);
  const insert = db.prepare<[string, string, string, string]>(
    `INSERT INTO fleet_service_pauses (service, since, staff_id, command_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const remove = db.prepare<[string]>(`DELETE FROM fleet_service_pauses WHERE service = ?`);
  // Read on every availability check (each device change): kept in memory, written through.
  const paused = new Map(all.all().map((row) => [row.service, row.since]));
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };

  return {
    pauseOf(service): StaffPause | undefined {
      const since = paused.get(service);
      return since === undefined ? undefined : { problem: 'pausedByStaff', since };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pause(service, by, at) {
      if (insert.run(service, at.toISOString(), by.staffId, by.commandId).changes === 0) return false;
      paused.set(service, at.toISOString());
      changed();
      return true;
    },
    resume(service) {
      if (remove.run(service).changes === 0) return false;
      paused.delete(service);
      changed();
      return true;
    },
  };
}
