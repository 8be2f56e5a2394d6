/**
 * Staff sign-in: a sign-in attempt belongs to the screen that began it and lasts `signInMs`. While
 * it waits, the next ID card on the reader is hashed (the clear number is used for that one HMAC and
 * dropped) and matched against the staff list; then the PIN is checked with argon2id. Wrong PINs
 * count towards the lock-out of that staff member; a card that is not on the list is refused and
 * audited without any trace of the card. Where configured, a staff code can be typed instead of the
 * card (for a broken reader); its refusals never say whether the code exists.
 */
import { randomBytes } from 'node:crypto';
import type { SignInStage, StaffRefusal } from '../../contract/staff';
import type { IdReaderEvent } from '../../devices/id-reader/driver';
import type { StaffConfig, StaffMember } from '../config/staff-schema';
import type { Audit } from './audit';
import { hashPin, sameDigest, staffIdHash, verifyPin } from './credentials';
import type { Lockouts } from './lockouts';

export interface CardReaderSource {
  on(name: 'event', listener: (event: IdReaderEvent) => void): () => void;
}

export interface SignInDeps {
  staff: StaffConfig;
  lockouts: Lockouts;
  audit: Audit;
  idReader: () => CardReaderSource | undefined;
  progress: (attemptId: string, stage: SignInStage, owner: string | undefined) => void;
  now?: () => Date;
}

interface Attempt {
  attemptId: string;
  owner: string | undefined;
  expiresAt: number;
  member?: StaffMember;
  /** The last card read was not on the staff list. */
  notOnList?: boolean;
  offReader: () => void;
  timer: NodeJS.Timeout;
  /** PIN checks of one attempt run one after another. */
  queue: Promise<unknown>;
}

type Refusal = Omit<StaffRefusal, 'ok'> & { ok: false };
export type SignInResult = { ok: true; member: StaffMember } | Refusal;

const refuse = (reason: StaffRefusal['reason'], message: string, extra: Partial<StaffRefusal> = {}): Refusal => ({
  ok: false,
  reason,
  message,
  ...extra,
});

export class StaffSignIn {
  private attempt: Attempt | undefined;
  private dummyHash: Promise<string> | undefined;
  private readonly now: () => Date;
  private readonly key: Buffer | undefined;

  constructor(private readonly deps: SignInDeps) {
    this.now = deps.now ?? (() => new Date());
    this.key = deps.staff.idHashKey ? Buffer.from(deps.staff.idHashKey, 'hex') : undefined;
  }

  /** Opens a sign-in for `owner`; an attempt still open (anyone's) is replaced: the kiosk has one reader. */
  begin(
    owner: string | undefined,
  ): { ok: true; attemptId: string; allowTypedNumber: boolean; expiresAt: string } | Refusal {
    if (this.deps.staff.members.length === 0)
      return refuse('noStaffConfigured', 'no staff are configured for this kiosk (staff.members)');
    this.cancelCurrent();
    const attemptId = randomBytes(12).toString('hex');
    const expiresAt = this.now().getTime() + this.deps.staff.signInSeconds * 1000;
    const reader = this.deps.idReader();
    const offReader = reader?.on('event', (event) => this.onCard(attemptId, event)) ?? (() => undefined);
    const timer = setTimeout(() => this.cancel(attemptId, owner), this.deps.staff.signInSeconds * 1000);
    timer.unref?.();
    this.attempt = { attemptId, owner, expiresAt, offReader, timer, queue: Promise.resolve() };
    queueMicrotask(() => this.deps.progress(attemptId, 'waitingForCard', owner));
    return {
      ok: true,
      attemptId,
      allowTypedNumber: this.deps.staff.allowTypedNumber,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** The PIN for the card that was read. */
  pin(attemptId: string, owner: string | undefined, pin: string): Promise<SignInResult> {
    return this.serialised(attemptId, owner, async (attempt) => {
      if (attempt.notOnList) return refuse('cardNotOnList', 'that ID card is not on the staff list');
      if (!attempt.member) return refuse('noCardYet', 'place your ID card on the reader first');
      return this.checkPin(attempt, attempt.member, pin, 'card');
    });
  }

  /** A typed staff code with its PIN (only where `allowTypedNumber`). */
  typed(attemptId: string, owner: string | undefined, staffId: string, pin: string): Promise<SignInResult> {
    return this.serialised(attemptId, owner, async (attempt) => {
      if (!this.deps.staff.allowTypedNumber) {
        this.deps.audit.record({
          staffId: null,
          role: null,
          action: 'signIn.typed',
          target: staffId,
          outcome: 'typedNumberNotAllowed',
        });
        return refuse('typedNumberNotAllowed', 'this kiosk accepts staff ID cards only');
      }
      const member = this.deps.staff.members.find((m) => m.staffId === staffId);
      if (!member) {
        // Spend the same time as a real check, so the answer's timing does not tell which codes exist.
        this.dummyHash ??= hashPin('0000000000');
        await verifyPin(await this.dummyHash, pin);
        this.deps.audit.record({
          staffId: null,
          role: null,
          action: 'signIn.typed',
          target: staffId,
          outcome: 'wrongCredentials',
        });
        return refuse('wrongCredentials', 'that staff code and PIN do not match');
      }
      return this.checkPin(attempt, member, pin, 'typed');
    });
  }

  cancel(attemptId: string, owner: string | undefined): boolean {
    if (this.attempt?.attemptId !== attemptId || this.attempt.owner !== owner) return false;
    this.cancelCurrent();
    return true;
  }

  /** The screen went away (or a resident screen returned): its sign-in ends. */
  cancelOwnedBy(owner: string | undefined): void {
    if (this.attempt && this.attempt.owner === owner) this.cancelCurrent();
  }

  cancelCurrent(): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.attempt = undefined;
    clearTimeout(attempt.timer);
    attempt.offReader();
    delete attempt.member;
  }

  private serialised(
    attemptId: string,
    owner: string | undefined,
    work: (attempt: Attempt) => Promise<SignInResult>,
  ): Promise<SignInResult> {
    const attempt = this.attempt;
    if (!attempt || attempt.attemptId !== attemptId || attempt.owner !== owner)
      return Promise.resolve(refuse('noAttempt', 'no sign-in is open on this screen'));
    if (this.now().getTime() >= attempt.expiresAt) {
      this.cancelCurrent();
      return Promise.resolve(refuse('noAttempt', 'the sign-in timed out; start again'));
    }
    const run = attempt.queue.then(() =>
      this.attempt === attempt ? work(attempt) : refuse('noAttempt', 'the sign-in ended'),
    );
    attempt.queue = run.catch(() => undefined);
    return run;
  }

  private async checkPin(
    attempt: Attempt,
    member: StaffMember,
    pin: string,
    via: 'card' | 'typed',
  ): Promise<SignInResult> {
    const action = via === 'card' ? 'signIn' : 'signIn.typed';
    const before = this.deps.lockouts.state(member.staffId);
    if (before.locked) {
      this.deps.audit.record({ staffId: member.staffId, role: member.role, action, outcome: 'lockedOut' });
      return refuse('lockedOut', `locked out after too many wrong PINs until ${before.until}`, {
        lockedUntil: before.until!,
      });
    }
    if (await verifyPin(member.pinHash, pin)) {
      this.deps.lockouts.rightPin(member.staffId);
      this.deps.audit.record({ staffId: member.staffId, role: member.role, action, outcome: 'ok' });
      if (this.attempt === attempt) this.cancelCurrent();
      return { ok: true, member };
    }
    const after = this.deps.lockouts.wrongPin(member.staffId);
    this.deps.audit.record({
      staffId: member.staffId,
      role: member.role,
      action,
      outcome: after.locked ? 'lockedOut' : via === 'card' ? 'wrongPin' : 'wrongCredentials',
    });
    if (after.locked) {
      if (this.attempt === attempt) this.cancelCurrent();
      return refuse('lockedOut', `too many wrong PINs: locked out until ${after.until}`, { lockedUntil: after.until! });
    }
    return via === 'card'
      ? refuse('wrongPin', `wrong PIN; ${after.attemptsLeft} tries left`, { attemptsLeft: after.attemptsLeft })
      : refuse('wrongCredentials', 'that staff code and PIN do not match');
  }

  private onCard(attemptId: string, event: IdReaderEvent): void {
    const attempt = this.attempt;
    if (!attempt || attempt.attemptId !== attemptId) return;
    if (event.name === 'readFailed') {
      this.deps.progress(attemptId, 'cardUnreadable', attempt.owner);
      return;
    }
    if (event.name !== 'cardRead') return;
    const record = event.data.record;
    const hash = this.key && 'idNumber' in record ? staffIdHash(this.key, record.idNumber) : undefined;
    const member = hash ? this.deps.staff.members.find((m) => sameDigest(m.idHash, hash)) : undefined;
    if (!member) {
      delete attempt.member;
      attempt.notOnList = true;
      this.deps.audit.record({ staffId: null, role: null, action: 'signIn.card', outcome: 'cardNotOnList' });
      this.deps.progress(attemptId, 'cardNotOnList', attempt.owner);
      return;
    }
    attempt.member = member;
    attempt.notOnList = false;
    this.deps.progress(attemptId, 'cardRead', attempt.owner);
  }
}
