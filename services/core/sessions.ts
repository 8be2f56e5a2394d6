/**
 * One resident at a time. A session owns every piece of personal data the core holds for that
 * resident; ending it (home, idle, done) runs every registered wipe hook, so nothing survives.
 */
import { randomBytes } from 'node:crypto';
import type { SessionEndReason, SessionInfo } from '../../contract/api';

export type WipeHook = (sessionId: string) => void;

export interface OwnedSession extends SessionInfo {
  /** The connection that started it (undefined in Electron, which has one screen). */
  readonly owner: string | undefined;
  /** How much longer the resident may take at every step (2 in elderly mode). */
  readonly timeScale: number;
}

export class SessionRegistry {
  private current: OwnedSession | undefined;
  private readonly wipeHooks = new Set<WipeHook>();

  constructor(private readonly onEnded: (sessionId: string, reason: SessionEndReason, owner: string | undefined) => void) {}

  get active(): OwnedSession | undefined {
    return this.current;
  }

  /** Starts a session; a session still open (a resident walked away mid-way) is ended first. */
  start(owner: string | undefined, options: { timeScale?: number } = {}, now = new Date()): SessionInfo {
    if (this.current) this.end(this.current.sessionId, 'home');
    const session = { sessionId: randomBytes(12).toString('hex'), startedAt: now.toISOString() };
    this.current = { ...session, owner, timeScale: options.timeScale ?? 1 };
    return session;
  }

  /** True when `sessionId` is the active session and `caller` is the connection that owns it. */
  ownedBy(sessionId: string, caller: string | undefined): boolean {
    return this.current?.sessionId === sessionId && this.current.owner === caller;
  }

  /** Ends the session and wipes its data. Returns false when that session is not the active one. */
  end(sessionId: string, reason: SessionEndReason): boolean {
    if (this.current?.sessionId !== sessionId) return false;
    const { owner } = this.current;
    this.current = undefined;
    for (const wipe of this.wipeHooks) wipe(sessionId);
    this.onEnded(sessionId, reason, owner);
    return true;
  }

  /** Registers a store of per-session personal data; it is wiped whenever a session ends. */
  onWipe(hook: WipeHook): () => void {
    this.wipeHooks.add(hook);
    return () => this.wipeHooks.delete(hook);
  }
}
