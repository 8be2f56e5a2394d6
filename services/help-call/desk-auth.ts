/**
 * Signing in at the duty desk: the officer's staff code and PIN, checked against the same staff list
 * as the kiosk's staff console (argon2id PIN hashes, `staff.members`), with the same lock-out
 * counter (five wrong PINs lock that staff member out on the kiosk and the desk alike) and the same
 * audit trail. The desk PC has no ID card reader for this kiosk, so the typed code stands in for the
 * card; officers only — technicians keep the kiosk's own console. A successful sign-in gives a desk
 * session token (random, memory only, for the officer's shift) so a page reload does not ask again.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DeskRefusalReason } from '../../contract/help-desk';
import { err, ok, type Result } from '../../contract/result';
import type { StaffConfig, StaffMember } from '../config/staff-schema';
import { createAudit, type Audit } from '../staff/audit';
import { hashPin, verifyPin } from '../staff/credentials';
import { createLockouts, type Lockouts } from '../staff/lockouts';

export interface DeskSessionRecord {
  token: string;
  staffId: string;
  alias: string;
  expiresAt: Date;
}

/** Why a sign-in was refused, in words for the log and the page. */
export interface DeskSignInRefusal {
  reason: DeskRefusalReason;
  message: string;
  lockedUntil?: string;
}

export type DeskSignIn = Result<DeskSessionRecord, DeskSignInRefusal>;

export interface DeskAuthOptions {
  staff: StaffConfig;
  db: Database.Database;
  sessionHours: number;
  now?: () => Date;
}

/** Desk sessions kept at once (a post has a handful of desks; the oldest goes first). */
const MAX_SESSIONS = 64;

export class DeskAuth {
  private readonly sessions = new Map<string, DeskSessionRecord>();
  private readonly lockouts: Lockouts;
  private readonly audit: Audit;
  private readonly now: () => Date;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly options: DeskAuthOptions) {
    this.now = options.now ?? (() => new Date());
    this.audit = createAudit(options.db, this.now);
    this.lockouts = createLockouts(options.db, {
      maxAttempts: options.staff.maxPinAttempts,
      lockoutMs: options.staff.lockoutMinutes * 60_000,
      now: this.now,
    });
  }

  async signIn(staffId: string, pin: string): Promise<DeskSignIn> {
    const { staff } = this.options;
    if (staff.members.length === 0) return err({ reason: 'noStaffConfigured', message: 'no staff are configured for this kiosk (staff.members)' });
    const member = staff.members.find((candidate) => candidate.staffId === staffId);
    if (!member) {
      // The same time as a real check, so the answer's timing does not tell which codes exist.
      this.dummyHash ??= hashPin('0000000000');
      await verifyPin(await this.dummyHash, pin);
      this.record(null, null, 'wrongCredentials', staffId);
      return err({ reason: 'wrongCredentials', message: 'that staff code and PIN do not match' });
    }
    const before = this.lockouts.state(member.staffId);
    if (before.locked) {
      this.record(member.staffId, member.role, 'lockedOut');
      return err({ reason: 'lockedOut', message: `locked out after too many wrong PINs until ${before.until}`, lockedUntil: before.until! });
    }
    if (!(await verifyPin(member.pinHash, pin))) {
      const after = this.lockouts.wrongPin(member.staffId);
      this.record(member.staffId, member.role, after.locked ? 'lockedOut' : 'wrongCredentials');
      return after.locked
        ? err({ reason: 'lockedOut', message: `too many wrong PINs: locked out until ${after.until}`, lockedUntil: after.until! })
        : err({ reason: 'wrongCredentials', message: 'that staff code and PIN do not match' });
    }
    this.lockouts.rightPin(member.staffId);
    // The role is told only to someone who knows the PIN.
    if (member.role !== 'officer') {
      this.record(member.staffId, member.role, 'notAnOfficer');
      return err({ reason: 'notAnOfficer', message: 'only officers answer residents’ calls at the desk' });
    }
    this.record(member.staffId, member.role, 'ok');
    return ok(this.open(member));
  }

  /** The session behind a token, while it lasts. */
  resume(token: string): DeskSessionRecord | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAt.getTime() <= this.now().getTime()) {
      this.sessions.delete(token);
      return undefined;
    }
    // Staff removed from the list since the sign-in are out.
    const member = this.options.staff.members.find((candidate) => candidate.staffId === session.staffId);
    if (!member || member.role !== 'officer') {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  signOut(token: string, reason: 'signedOut' | 'expired' = 'signedOut'): void {
    const session = this.sessions.get(token);
    if (!session) return;
    this.sessions.delete(token);
    this.audit.record({ staffId: session.staffId, role: 'officer', action: 'desk.signOut', outcome: 'ok', detail: reason });
  }

  private open(member: StaffMember): DeskSessionRecord {
    const session = {
      token: randomBytes(32).toString('base64url'),
      staffId: member.staffId,
      alias: member.alias,
      expiresAt: new Date(this.now().getTime() + this.options.sessionHours * 3_600_000),
    };
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(session.token, session);
    return session;
  }

  private record(staffId: string | null, role: string | null, outcome: string, target?: string): void {
    this.audit.record({ staffId, role, action: 'desk.signIn', outcome, ...(target !== undefined ? { target } : {}) });
  }
}
