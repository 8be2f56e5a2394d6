/**
 * The staff session: one at a time (the kiosk has one screen), owned by the connection that signed
 * in, ended after `idleMs` without a touch (each staff call and each `staff.touch` counts), on sign
 * out, when a resident screen returns, when its screen disconnects and when the core stops.
 */
import { randomBytes } from 'node:crypto';
import type { StaffRole, StaffSessionEndReason, StaffSessionInfo } from '../../contract/staff';

export interface StaffSession {
  readonly staffSessionId: string;
  readonly staffId: string;
  readonly alias: string;
  readonly role: StaffRole;
  readonly owner: string | undefined;
  readonly startedAt: string;
  lastTouch: number;
}

export class StaffSessions {
  private current: StaffSession | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    private readonly onEnded: (session: StaffSession, reason: StaffSessionEndReason) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get active(): StaffSession | undefined {
    return this.current;
  }

  /** The session owned by `connectionId`, if it is the active one. */
  ownedBy(connectionId: string | undefined): StaffSession | undefined {
    return this.current && this.current.owner === connectionId ? this.current : undefined;
  }

  start(member: { staffId: string; alias: string; role: StaffRole }, owner: string | undefined): StaffSession {
    if (this.current) this.end('signedOut');
    const at = this.now();
    this.current = {
      staffSessionId: randomBytes(16).toString('hex'),
      ...member,
      owner,
      startedAt: at.toISOString(),
      lastTouch: at.getTime(),
    };
    this.arm();
    return this.current;
  }

  /** A touch or a call: the idle time starts again. */
  touch(session: StaffSession): void {
    session.lastTouch = this.now().getTime();
    this.arm();
  }

  info(session: StaffSession): StaffSessionInfo {
    return {
      staffSessionId: session.staffSessionId,
      staffId: session.staffId,
      alias: session.alias,
      role: session.role,
      startedAt: session.startedAt,
      idleSeconds: Math.round(this.idleMs / 1000),
      expiresAt: new Date(session.lastTouch + this.idleMs).toISOString(),
    };
  }

  /** Ends the active session; false when there was none. */
  end(reason: StaffSessionEndReason): boolean {
    const session = this.current;
    if (!session) return false;
    this.current = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.onEnded(session, reason);
    return true;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const session = this.current;
    if (!session) return;
    const left = session.lastTouch + this.idleMs - this.now().getTime();
    this.timer = setTimeout(
      () => {
        if (this.current !== session) return;
        // A touch may have landed after the timer was set with a clock that moved: check again.
        if (this.now().getTime() - session.lastTouch >= this.idleMs) this.end('idle');
        else this.arm();
      },
      Math.max(0, left),
    );
    this.timer.unref?.();
  }
}
