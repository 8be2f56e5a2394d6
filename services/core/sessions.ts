/**
 * One resident at a time. A session owns every piece of personal data the core holds for that
 * resident; ending it (home, idle, done) runs every registered wipe hook, so nothing survives.
 */
import { randomBytes } from 'node:crypto';
import type { SessionEndReason, SessionInfo } from '../../contract/api';

export type WipeHook = (sessionId: string) => void;

export class SessionRegistry {
  private current: SessionInfo | undefined;
  private readonly wipeHooks = new Set<WipeHook>();

  constructor(private readonly onEnded: (sessionId: string, reason: SessionEndReason) => void) {}

  get active(): SessionInfo | undefined {
    return this.current;
  }

  /** Starts a session; a session still open (a resident walked away mid-way) is ended first. */
  start(now = new Date()): SessionInfo {
    if (this.current) this.end(this.current.sessionId, 'home');
    this.current = { sessionId: randomBytes(12).toString('hex'), startedAt: now.toISOString() };
    return this.current;
  }

  /** Ends the session and wipes its data. Returns false when that session is not the active one. */
  end(sessionId: string, reason: SessionEndReason): boolean {
    if (this.current?.sessionId !== sessionId) return false;
    this.current = undefined;
    for (const wipe of this.wipeHooks) wipe(sessionId);
    this.onEnded(sessionId, reason);
    return true;
  }

  /** Registers a store of per-session personal data; it is wiped whenever a session ends. */
  onWipe(hook: WipeHook): () => void {
    this.wipeHooks.add(hook);
    return () => this.wipeHooks.delete(hook);
  }
}
