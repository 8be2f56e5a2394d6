/** Lock-out timing and the staff session's idle end, with a controlled clock. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../journal/migrations';
import { createLockouts } from './lockouts';
import { StaffSessions } from './staff-sessions';

describe('PIN lock-outs', () => {
  let db: Database.Database;
  let clock = Date.parse('2026-12-01T02:00:00Z');
  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
    clock = Date.parse('2026-12-01T02:00:00Z');
  });
  afterEach(() => db.close());
  const lockouts = () => createLockouts(db, { maxAttempts: 5, lockoutMs: 15 * 60_000, now: () => new Date(clock) });

  it('locks after five wrong PINs in a row for fifteen minutes, then starts afresh', () => {
    const l = lockouts();
    expect([1, 2, 3, 4].map(() => l.wrongPin('A').attemptsLeft)).toEqual([4, 3, 2, 1]);
    expect(l.wrongPin('A')).toEqual({ locked: true, until: '2026-12-01T02:15:00.000Z', attemptsLeft: 0 });
    // Further wrong PINs while locked do not extend the lock-out.
    clock += 10 * 60_000;
    expect(l.wrongPin('A')).toMatchObject({ locked: true, until: '2026-12-01T02:15:00.000Z' });
    clock += 5 * 60_000 - 1;
    expect(l.state('A').locked).toBe(true);
    clock += 1;
    expect(l.state('A')).toEqual({ locked: false, attemptsLeft: 5 });
    expect(l.wrongPin('A').attemptsLeft).toBe(4);
  });

  it('a right PIN clears the count; staff members are counted separately', () => {
    const l = lockouts();
    l.wrongPin('A');
    l.wrongPin('A');
    l.wrongPin('B');
    l.rightPin('A');
    expect(l.state('A').attemptsLeft).toBe(5);
    expect(l.state('B').attemptsLeft).toBe(4);
  });
});

describe('staff sessions', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-12-01T02:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('ends after two minutes without a touch; each touch starts the two minutes again', () => {
    const ended: string[] = [];
    const sessions = new StaffSessions(120_000, (_s, reason) => ended.push(reason));
    const session = sessions.start({ staffId: 'A', alias: 'a', role: 'officer' }, 'c1');
    vi.advanceTimersByTime(119_000);
    sessions.touch(session);
    vi.advanceTimersByTime(119_000);
    expect(ended).toEqual([]);
    expect(sessions.info(session).expiresAt).toBe(new Date(Date.now() + 1_000).toISOString());
    vi.advanceTimersByTime(1_000);
    expect(ended).toEqual(['idle']);
    expect(sessions.active).toBeUndefined();
  });

  it('belongs to one connection; a new sign-in replaces the old session', () => {
    const ended: string[] = [];
    const sessions = new StaffSessions(120_000, (s, reason) => ended.push(`${s.staffId}:${reason}`));
    sessions.start({ staffId: 'A', alias: 'a', role: 'officer' }, 'c1');
    expect(sessions.ownedBy('c1')?.staffId).toBe('A');
    expect(sessions.ownedBy('c2')).toBeUndefined();
    expect(sessions.ownedBy(undefined)).toBeUndefined();
    sessions.start({ staffId: 'B', alias: 'b', role: 'technician' }, 'c2');
    expect(ended).toEqual(['A:signedOut']);
    expect(sessions.end('signedOut')).toBe(true);
    expect(sessions.end('signedOut')).toBe(false);
  });
});
