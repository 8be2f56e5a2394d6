/**
 * PIN lock-outs: after `maxAttempts` wrong PINs in a row a staff member is locked out for
 * `lockoutMs`; a right PIN clears the count. Kept in the journal's database so a restart does not
 * hand out fresh attempts.
 */
import type Database from 'better-sqlite3';

export interface LockoutState {
  locked: boolean;
  /** ISO instant the lock-out ends (when locked). */
  until?: string;
  attemptsLeft: number;
}

export interface Lockouts {
  state(staffId: string): LockoutState;
  /** Counts a wrong PIN; the answer says whether that locked the staff member out. */
  wrongPin(staffId: string): LockoutState;
  rightPin(staffId: string): void;
}

export function createLockouts(
  db: Database.Database,
  options: { maxAttempts: number; lockoutMs: number; now?: () => Date },
): Lockouts {
  const now = options.now ?? (() => new Date());
  const get = db.prepare<[string], { failures: number; locked_until: string | null }>(
    `SELECT failures, locked_until FROM staff_lockouts WHERE staff_id = ?`,
  );
  const upsert = db.prepare(`INSERT INTO staff_lockouts (staff_id, failures, locked_until) VALUES (?, ?, ?)
                             ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`);
  const clear = db.prepare(`DELETE FROM staff_lockouts WHERE staff_id = ?`);

  const state = (staffId: string): LockoutState => {
    const row = get.get(staffId);
    if (!row) return { locked: false, attemptsLeft: options.maxAttempts };
    if (row.locked_until !== null) {
      if (Date.parse(row.locked_until) > now().getTime())
        return { locked: true, until: row.locked_until, attemptsLeft: 0 };
      return { locked: false, attemptsLeft: options.maxAttempts }; // the lock-out is over: a fresh start
    }
    return { locked: false, attemptsLeft: Math.max(0, options.maxAttempts - row.failures) };
  };

  const wrongPin = db.transaction((staffId: string): LockoutState => {
    const current = state(staffId);
    if (current.locked) return current;
    const row = get.get(staffId);
    const failures = (row && row.locked_until === null ? row.failures : 0) + 1;
    if (failures >= options.maxAttempts) {
      const until = new Date(now().getTime() + options.lockoutMs).toISOString();
      upsert.run(staffId, failures, until);
      return { locked: true, until, attemptsLeft: 0 };
    }
    upsert.run(staffId, failures, null);
    return { locked: false, attemptsLeft: options.maxAttempts - failures };
  });

  return { state, wrongPin, rightPin: (staffId) => void clear.run(staffId) };
}
