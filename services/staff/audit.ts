/**
 * The staff audit trail, in the journal's database: who did what, when, and how it ended — every
 * staff action, refusals included (a card not on the list is recorded without any trace of the
 * card). Targets are ticket numbers, transaction numbers and device ids; never personal data.
 */
import type Database from 'better-sqlite3';
import { containsUnmaskedIdNumber, redactIdNumbers } from '../journal/personalData';

export interface AuditEntry {
  staffId: string | null;
  role: string | null;
  action: string;
  target?: string;
  /** `ok`, or the refusal reason / error code. */
  outcome: string;
  detail?: string;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
}

export interface Audit {
  record(entry: AuditEntry): void;
  /** Newest first. */
  recent(limit?: number): AuditRecord[];
}

const clip = (text: string | undefined, max: number): string | null => {
  if (text === undefined) return null;
  const safe = containsUnmaskedIdNumber(text) ? redactIdNumbers(text) : text;
  return safe.slice(0, max);
};

export function createAudit(db: Database.Database, now: () => Date = () => new Date()): Audit {
  const insert = db.prepare(
    `INSERT INTO staff_audit (at, staff_id, role, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const recent = db.prepare<
    [number],
    {
      id: number;
      at: string;
      staff_id: string | null;
      role: string | null;
      action: string;
      target: string | null;
      outcome: string;
      detail: string | null;
    }
  >(`SELECT * FROM staff_audit ORDER BY id DESC LIMIT ?`);
  return {
    record(entry) {
      insert.run(
        now().toISOString(),
        entry.staffId,
        entry.role,
        entry.action.slice(0, 64),
        clip(entry.target, 80),
        entry.outcome.slice(0, 64),
        clip(entry.detail, 300),
      );
    },
    recent: (limit = 50) =>
      recent.all(limit).map((row) => ({
        id: row.id,
        at: row.at,
        staffId: row.staff_id,
        role: row.role,
        action: row.action,
        outcome: row.outcome,
        ...(row.target !== null ? { target: row.target } : {}),
        ...(row.detail !== null ? { detail: row.detail } : {}),
      })),
  };
}
