/**
 * The signalling hub between kiosks and duty desks. Kiosks register (this kiosk in-process; the
 * interface is transport-free so another kiosk's link could register the same way) and place calls;
 * desks attach once their officer has signed in. The hub rings every desk, gives a call to the first
 * desk that answers, relays the two peers' offers, answers and candidates between exactly those two,
 * and ends the call when either side hangs up or goes away. It never sees media and keeps nothing.
 *
 * Rules: one call at a time per kiosk; one call at a time per desk; a ringing call with no desk left
 * to answer it ends at once (`noDesk`) so the resident gets the phone numbers without waiting.
 */
import { randomBytes } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import type { Board } from '../../contract/four-colour';
import { err, ok, type Result } from '../../contract/result';
import type { CallEndReason, CallPhase, CallSignal } from '../../contract/help-call';
import type { DeskCallView, DeskKiosk, DeskServerMessage } from '../../contract/help-desk';
import type { Logger } from '../log/logger';
import { callMachine, type Answerer } from './call-machine';

export interface KioskRegistration {
  kioskId: string;
  postName: string;
  postNameEn?: string;
  /** The kiosk's four-colour board now (null when it cannot be computed). */
  board(): Board | null;
}

/** A call as the hub knows it. */
export interface CallSnapshot {
  callId: string;
  kioskId: string;
  urgent: boolean;
  phase: CallPhase;
  placedAt: Date;
  ringSeconds: number;
  answeredAt?: Date;
  answeredBy?: Answerer;
  ended?: { reason: CallEndReason; at: Date };
}

export interface KioskCallListener {
  onState(call: CallSnapshot): void;
  /** An offer, answer or candidate from the desk that answered. */
  onSignal(signal: CallSignal): void;
}

export type KioskEnd = Extract<CallEndReason, 'kioskHungUp' | 'mediaFailed' | 'mediaNotConnected' | 'residentLeft' | 'kioskLeft'>;

export interface KioskCallHandle {
  readonly callId: string;
  snapshot(): CallSnapshot;
  /** Relays to the answering desk; false when the call is not in progress (or sent too much). */
  signal(signal: CallSignal): boolean;
  /** Ends the call; false when it had already ended. */
  end(reason: KioskEnd): boolean;
}

export type PlaceResult = Result<KioskCallHandle, 'callInProgress' | 'unregistered'>;

export interface KioskPort {
  placeCall(options: { urgent: boolean } & KioskCallListener): PlaceResult;
  unregister(): void;
}

/** What a signed-in desk may ask (sign-in itself is the desk host's job). */
export type DeskCommand =
  | { type: 'answer'; callId: string }
  | { type: 'hangUp'; callId: string }
  | { type: 'mediaFailed'; callId: string }
  | { type: 'mediaNotConnected'; callId: string }
  | { type: 'signal'; callId: string; signal: CallSignal };

export interface DeskPort {
  readonly deskId: string;
  receive(command: DeskCommand): void;
  /** The desk went away (signed out, page closed, network dropped): its call ends. */
  detach(): void;
}

export interface HubOptions {
  ringSeconds: number;
  maxCallMinutes: number;
  boardRefreshSeconds: number;
  log: Logger;
  now?: () => Date;
}

/** Offers, answers and candidates one side may send in one call (a call needs a few dozen). */
export const MAX_SIGNALS_PER_SIDE = 400;

interface LiveCall {
  actor: Actor<typeof callMachine>;
  listener: KioskCallListener;
  sent: { toDesk: number; toKiosk: number };
  published: string;
}

interface KioskEntry {
  registration: KioskRegistration;
  call?: LiveCall;
  board: Board | null;
  boardKey: string;
}

interface DeskEntry {
  deskId: string;
  staffId: string;
  alias: string;
  send: (message: DeskServerMessage) => void;
}

export class HelpDeskHub {
  private readonly kiosks = new Map<string, KioskEntry>();
  private readonly desks = new Map<string, DeskEntry>();
  private readonly calls = new Map<string, LiveCall>();
  private readonly now: () => Date;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: HubOptions) {
    this.now = options.now ?? (() => new Date());
    this.timer = setInterval(() => this.refreshBoards(), options.boardRefreshSeconds * 1000);
    this.timer.unref?.();
  }

  get desksOnline(): number {
    return this.desks.size;
  }

  registerKiosk(registration: KioskRegistration): KioskPort {
    if (this.kiosks.has(registration.kioskId)) throw new Error(`kiosk ${registration.kioskId} is already registered`);
    const entry: KioskEntry = { registration, board: null, boardKey: '' };
    this.kiosks.set(registration.kioskId, entry);
    this.readBoard(entry);
    this.broadcastKiosks();
    return {
      placeCall: (options) => this.placeCall(entry, options),
      unregister: () => {
        if (this.kiosks.get(registration.kioskId) !== entry) return;
        if (entry.call) this.endCall(entry.call, 'kioskLeft');
        this.kiosks.delete(registration.kioskId);
        this.broadcastKiosks();
      },
    };
  }

  attachDesk(identity: { staffId: string; alias: string }, send: (message: DeskServerMessage) => void): DeskPort {
    const desk: DeskEntry = { deskId: randomBytes(8).toString('hex'), ...identity, send };
    this.desks.set(desk.deskId, desk);
    this.options.log.info('desk-attached', { staffId: desk.staffId, desks: this.desks.size });
    this.safeSend(desk, { type: 'kiosks', kiosks: this.kioskList(desk) });
    return {
      deskId: desk.deskId,
      receive: (command) => this.fromDesk(desk, command),
      detach: () => this.detachDesk(desk),
    };
  }

  /** Recomputes every kiosk's board and tells the desks when one changed. */
  refreshBoards(): void {
    let changed = false;
    for (const entry of this.kiosks.values()) changed = this.readBoard(entry) || changed;
    if (changed) this.broadcastKiosks();
  }

  /** Ends every call (the core is stopping). */
  stop(): void {
    clearInterval(this.timer);
    for (const call of [...this.calls.values()]) this.endCall(call, 'kioskLeft');
  }

  // ---- kiosks --------------------------------------------------------------------------------

  private placeCall(entry: KioskEntry, options: { urgent: boolean } & KioskCallListener): PlaceResult {
    if (this.kiosks.get(entry.registration.kioskId) !== entry) return err('unregistered');
    if (entry.call) return err('callInProgress');
    const callId = randomBytes(12).toString('hex');
    const actor = createActor(callMachine, {
      input: {
        callId,
        kioskId: entry.registration.kioskId,
        urgent: options.urgent,
        ringMs: this.options.ringSeconds * 1000,
        maxCallMs: this.options.maxCallMinutes * 60_000,
        now: this.now,
      },
    });
    const call: LiveCall = { actor, listener: { onState: options.onState, onSignal: options.onSignal }, sent: { toDesk: 0, toKiosk: 0 }, published: '' };
    entry.call = call;
    this.calls.set(callId, call);
    actor.subscribe(() => this.publish(entry, call));
    actor.start();
    this.publish(entry, call);
    this.options.log.info('help-call-placed', { callId, kioskId: entry.registration.kioskId, urgent: options.urgent, desks: this.desks.size });
    if (this.desks.size === 0) actor.send({ type: 'end', reason: 'noDesk' });

    return ok({
      callId,
      snapshot: () => snapshotOf(call),
      signal: (signal) => {
        const now = snapshotOf(call);
        const desk = now.phase === 'inCall' && now.answeredBy ? this.desks.get(now.answeredBy.deskId) : undefined;
        if (!desk || ++call.sent.toDesk > MAX_SIGNALS_PER_SIDE) return false;
        return this.safeSend(desk, { type: 'signal', callId, signal });
      },
      end: (reason) => this.endCall(call, reason),
    });
  }

  private endCall(call: LiveCall, reason: CallEndReason): boolean {
    if (call.actor.getSnapshot().status !== 'active') return false;
    call.actor.send({ type: 'end', reason });
    return call.actor.getSnapshot().status === 'done';
  }

  /** Tells the kiosk and every desk about a call that changed (once per change). */
  private publish(entry: KioskEntry, call: LiveCall): void {
    const snapshot = snapshotOf(call);
    const key = `${snapshot.phase}|${snapshot.answeredBy?.deskId ?? ''}|${snapshot.ended?.reason ?? ''}`;
    if (key === call.published) return;
    call.published = key;
    if (snapshot.phase === 'ended') {
      if (entry.call === call) delete entry.call;
      this.calls.delete(snapshot.callId);
      call.actor.stop();
      this.options.log.info('help-call-ended', { callId: snapshot.callId, kioskId: snapshot.kioskId, reason: snapshot.ended?.reason, answered: snapshot.answeredAt !== undefined });
    } else if (snapshot.phase === 'inCall') {
      this.options.log.info('help-call-answered', { callId: snapshot.callId, kioskId: snapshot.kioskId, staffId: snapshot.answeredBy?.staffId });
    }
    try {
      call.listener.onState(snapshot);
    } catch (error) {
      this.options.log.error('help-call-listener-failed', { error: (error as Error).message });
    }
    for (const desk of this.desks.values()) this.safeSend(desk, { type: 'call', call: deskView(snapshot, desk.deskId) });
  }

  // ---- desks ---------------------------------------------------------------------------------

  private fromDesk(desk: DeskEntry, command: DeskCommand): void {
    if (!this.desks.has(desk.deskId)) return;
    const call = this.calls.get(command.callId);
    if (!call) return this.deskError(desk, 'noSuchCall', 'that call has ended or never existed');
    const snapshot = snapshotOf(call);
    const mine = snapshot.phase === 'inCall' && snapshot.answeredBy?.deskId === desk.deskId;
    switch (command.type) {
      case 'answer': {
        if (snapshot.phase !== 'ringing') return this.deskError(desk, 'alreadyAnswered', 'that call is no longer ringing');
        const busy = [...this.calls.values()].some((other) => snapshotOf(other).answeredBy?.deskId === desk.deskId);
        if (busy) return this.deskError(desk, 'busy', 'end your current call first');
        call.actor.send({ type: 'answer', desk: { deskId: desk.deskId, staffId: desk.staffId, alias: desk.alias } });
        return;
      }
      case 'hangUp':
      case 'mediaFailed':
      case 'mediaNotConnected':
        if (!mine) return this.deskError(desk, 'notYourCall', 'only the desk that answered can end this call');
        this.endCall(call, command.type === 'hangUp' ? 'deskHungUp' : command.type);
        return;
      case 'signal':
        if (!mine) return this.deskError(desk, 'notYourCall', 'only the desk that answered can talk to this kiosk');
        if (++call.sent.toKiosk > MAX_SIGNALS_PER_SIDE) return this.deskError(desk, 'badMessage', 'too many signalling messages for one call');
        try {
          call.listener.onSignal(command.signal);
        } catch (error) {
          this.options.log.error('help-call-listener-failed', { error: (error as Error).message });
        }
        return;
    }
  }

  private detachDesk(desk: DeskEntry): void {
    if (!this.desks.delete(desk.deskId)) return;
    this.options.log.info('desk-detached', { staffId: desk.staffId, desks: this.desks.size });
    for (const call of [...this.calls.values()]) {
      const snapshot = snapshotOf(call);
      if (snapshot.phase === 'inCall' && snapshot.answeredBy?.deskId === desk.deskId) this.endCall(call, 'deskLeft');
      else if (snapshot.phase === 'ringing' && this.desks.size === 0) this.endCall(call, 'noDesk');
    }
  }

  private deskError(desk: DeskEntry, code: Extract<DeskServerMessage, { type: 'error' }>['code'], message: string): void {
    this.safeSend(desk, { type: 'error', code, message });
  }

  private safeSend(desk: DeskEntry, message: DeskServerMessage): boolean {
    try {
      desk.send(message);
      return true;
    } catch (error) {
      this.options.log.warn('desk-send-failed', { error: (error as Error).message });
      return false;
    }
  }

  // ---- boards --------------------------------------------------------------------------------

  /** True when the board changed (its `at` aside). */
  private readBoard(entry: KioskEntry): boolean {
    let board: Board | null = null;
    try {
      board = entry.registration.board();
    } catch (error) {
      this.options.log.warn('help-board-failed', { kioskId: entry.registration.kioskId, error: (error as Error).message });
    }
    const key = board ? JSON.stringify({ ...board, at: '' }) : 'none';
    if (key === entry.boardKey) return false;
    entry.board = board;
    entry.boardKey = key;
    return true;
  }

  private kioskList(desk: DeskEntry): DeskKiosk[] {
    return [...this.kiosks.values()].map(({ registration, board, call }) => ({
      kioskId: registration.kioskId,
      postName: registration.postName,
      ...(registration.postNameEn ? { postNameEn: registration.postNameEn } : {}),
      board,
      call: call ? deskView(snapshotOf(call), desk.deskId) : null,
    }));
  }

  private broadcastKiosks(): void {
    for (const desk of this.desks.values()) this.safeSend(desk, { type: 'kiosks', kiosks: this.kioskList(desk) });
  }
}

function snapshotOf(call: LiveCall): CallSnapshot {
  const { context, value } = call.actor.getSnapshot();
  return {
    callId: context.callId,
    kioskId: context.kioskId,
    urgent: context.urgent,
    phase: value === 'ringing' ? 'ringing' : value === 'inCall' ? 'inCall' : 'ended',
    placedAt: context.placedAt,
    ringSeconds: Math.round(context.ringMs / 1000),
    ...(context.answeredAt ? { answeredAt: context.answeredAt } : {}),
    ...(context.answeredBy ? { answeredBy: context.answeredBy } : {}),
    ...(context.ended ? { ended: context.ended } : {}),
  };
}

export function deskView(call: CallSnapshot, deskId: string): DeskCallView {
  return {
    callId: call.callId,
    kioskId: call.kioskId,
    urgent: call.urgent,
    phase: call.phase,
    placedAt: call.placedAt.toISOString(),
    ringSeconds: call.ringSeconds,
    ...(call.answeredAt ? { answeredAt: call.answeredAt.toISOString() } : {}),
    ...(call.answeredBy ? { answeredBy: { staffId: call.answeredBy.staffId, alias: call.answeredBy.alias } } : {}),
    mine: call.answeredBy?.deskId === deskId,
    ...(call.ended ? { ended: { reason: call.ended.reason, at: call.ended.at.toISOString() } } : {}),
  };
}
