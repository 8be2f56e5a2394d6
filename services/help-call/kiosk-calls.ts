/**
 * This kiosk's side of help calls: places a call for the resident's screen (inside their session),
 * tells that screen how it goes, relays its signalling, and keeps the journal — a transaction of
 * service `help` per call with who answered, when, how long and why it ended; never any media. A
 * call nobody answered opens a staff ticket (the resident is shown the duty phone and 110).
 */
import type { CallEndReason, CallSignal, HelpRefusalReason, KioskCallView, MediaEndReason } from '../../contract/help-call';
import type { CoreEventListener } from '../core/kiosk-core';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import type { HelpConfig } from './config';
import type { CallSnapshot, KioskCallHandle, KioskPort } from './hub';

/** The ticket reason's opening words (services/staff/ticket-kinds.ts recognises them). */
export const UNANSWERED_TICKET_PREFIX = 'help call not answered';

export interface KioskCallsDeps {
  config: HelpConfig;
  journal: Journal;
  port: KioskPort;
  log: Logger;
  /** How many desks would ring now (journalled with the call). */
  desksOnline: () => number;
}

export type StartAnswer =
  | { ok: true; call: KioskCallView; media: { connectSeconds: number; lossSeconds: number } }
  | { ok: false; reason: HelpRefusalReason; message: string };

interface ActiveCall {
  owner: string | undefined;
  sessionId: string;
  transactionId?: string;
  handle?: KioskCallHandle;
  callId?: string;
  answered: boolean;
  view?: KioskCallView;
}

/** A session's resident started (true) or finished (false) a call: ringing counts, the resident is waiting on the officer. */
export type CallActivity = (sessionId: string, active: boolean) => void;

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export class KioskCalls {
  private active: ActiveCall | undefined;
  private emit: CoreEventListener = () => {};
  private inCall: CallActivity = () => {};

  constructor(private readonly deps: KioskCallsDeps) {}

  /** Where the screen's events go (the kiosk core's event feed), and who hears that a session's resident is in a call. */
  connect(emit: CoreEventListener, inCall?: CallActivity): void {
    this.emit = emit;
    if (inCall) this.inCall = inCall;
  }

  get current(): KioskCallView | undefined {
    return this.active?.view;
  }

  start(sessionId: string, owner: string | undefined, urgent: boolean): StartAnswer {
    const { config, journal, log } = this.deps;
    if (!config.enabled) return { ok: false, reason: 'helpOff', message: 'video help is switched off at this kiosk' };
    if (this.active) return { ok: false, reason: 'callInProgress', message: 'a call is already in progress at this kiosk' };

    const call: ActiveCall = { owner, sessionId, answered: false };
    // Help first, paperwork second: a journal that refuses the record does not stop the call.
    const begun = journal.begin({ service: 'help', amountFen: 0 });
    if (begun.ok) call.transactionId = begun.value.id;
    else log.error('help-journal-failed', { step: 'begin', error: begun.error.message });
    this.record(call, 'callPlaced', { urgent, desksOnline: this.deps.desksOnline() });

    this.active = call;
    // Before placing: a call that ends at once (no desk) says "finished" after this, never before.
    this.tellInCall(call.sessionId, true);
    const placed = this.deps.port.placeCall({
      urgent,
      onState: (snapshot) => this.onState(call, snapshot),
      onSignal: (signal) => {
        if (call.callId) this.emit('help.call.signal', { callId: call.callId, signal }, call.owner);
      },
    });
    if (!placed.ok) {
      if (this.active === call) this.active = undefined;
      this.tellInCall(call.sessionId, false);
      if (call.transactionId) journal.fail(call.transactionId, `not placed: ${placed.error}`);
      return { ok: false, reason: 'callInProgress', message: `the call could not be placed (${placed.error})` };
    }
    call.handle = placed.value;
    return {
      ok: true,
      call: call.view ?? this.view(call, placed.value.snapshot()),
      media: { connectSeconds: config.connectSeconds, lossSeconds: config.lossSeconds },
    };
  }

  /** An offer, answer or candidate from the screen that placed the call. */
  signal(owner: string | undefined, callId: string, signal: CallSignal): boolean {
    const call = this.owned(owner, callId);
    return call?.handle?.signal(signal) ?? false;
  }

  /** The resident hung up, or the screen found the media lost or never connected. */
  end(owner: string | undefined, callId: string, reason: 'kioskHungUp' | MediaEndReason): boolean {
    const call = this.owned(owner, callId);
    return call?.handle?.end(reason) ?? false;
  }

  /** The resident's session ended (walked away, went home, screen closed): the call ends with it. */
  sessionEnded(sessionId: string): void {
    if (this.active?.sessionId === sessionId) this.active.handle?.end('residentLeft');
  }

  /** The core is stopping. */
  stop(): void {
    this.active?.handle?.end('kioskLeft');
  }

  private tellInCall(sessionId: string, active: boolean): void {
    try {
      this.inCall(sessionId, active);
    } catch (error) {
      this.deps.log.error('help-call-listener-failed', { error: (error as Error).message });
    }
  }

  private owned(owner: string | undefined, callId: string): ActiveCall | undefined {
    const call = this.active;
    return call && call.owner === owner && call.callId === callId ? call : undefined;
  }

  private onState(call: ActiveCall, snapshot: CallSnapshot): void {
    call.callId = snapshot.callId;
    if (snapshot.phase !== 'ringing' && snapshot.answeredAt && snapshot.answeredBy && !call.answered) {
      call.answered = true;
      this.record(call, 'callAnswered', { staffId: snapshot.answeredBy.staffId, ringSeconds: seconds(snapshot.placedAt, snapshot.answeredAt) });
    }
    let ticketNumber: string | undefined;
    if (snapshot.phase === 'ended' && snapshot.ended) {
      ticketNumber = this.finish(call, snapshot, snapshot.ended.reason);
      if (this.active === call) this.active = undefined;
      this.tellInCall(call.sessionId, false);
    }
    call.view = this.view(call, snapshot, ticketNumber);
    this.emit('help.call.state', call.view, call.owner);
  }

  /** Journals the end; returns the ticket number when nobody answered. */
  private finish(call: ActiveCall, snapshot: CallSnapshot, reason: CallEndReason): string | undefined {
    const { journal, log } = this.deps;
    const end = snapshot.ended!.at;
    // Answered but the video never connected: the two never saw or heard each other, so no talk time.
    const neverConnected = reason === 'mediaNotConnected';
    const talkSeconds = snapshot.answeredAt && !neverConnected ? seconds(snapshot.answeredAt, end) : 0;
    const ringSeconds = seconds(snapshot.placedAt, snapshot.answeredAt ?? end);
    this.record(call, 'callEnded', { reason, ringSeconds, talkSeconds, answered: call.answered, videoConnected: call.answered && !neverConnected });
    const id = call.transactionId;
    if (!id) return undefined;
    if (neverConnected) {
      journal.finish(id, 'failed', 'answered, but the video never connected; the resident was shown the duty phone and 110');
      return undefined;
    }
    if (call.answered) {
      journal.finish(id, 'done', `call ended: ${reason}`);
      return undefined;
    }
    if (reason !== 'unanswered' && reason !== 'noDesk') {
      journal.finish(id, 'failed', `call ended before an answer: ${reason}`);
      return undefined;
    }
    const why = reason === 'noDesk' ? 'no duty desk was signed in' : `rang ${ringSeconds} s`;
    const ticketReason = `${UNANSWERED_TICKET_PREFIX} (${why})${snapshot.urgent ? ', urgent' : ''}; the resident was shown the duty phone and 110`;
    journal.finish(id, 'handedToStaff', ticketReason);
    const ticket = journal.openTicket(id, ticketReason);
    if (!ticket.ok) {
      log.error('help-journal-failed', { step: 'ticket', error: ticket.error.message });
      return undefined;
    }
    return ticket.value.number;
  }

  private record(call: ActiveCall, kind: 'callPlaced' | 'callAnswered' | 'callEnded', data: Record<string, unknown>): void {
    if (!call.transactionId) return;
    const recorded = this.deps.journal.recordStep(call.transactionId, { kind, data });
    if (!recorded.ok) this.deps.log.error('help-journal-failed', { step: kind, error: recorded.error.message });
  }

  private view(call: ActiveCall, snapshot: CallSnapshot, ticketNumber?: string): KioskCallView {
    return {
      callId: snapshot.callId,
      urgent: snapshot.urgent,
      phase: snapshot.phase,
      placedAt: snapshot.placedAt.toISOString(),
      ringSeconds: snapshot.ringSeconds,
      ...(snapshot.answeredAt ? { answeredAt: snapshot.answeredAt.toISOString() } : {}),
      ...(snapshot.answeredBy ? { officer: { alias: snapshot.answeredBy.alias } } : {}),
      ...(snapshot.ended
        ? { ended: { reason: snapshot.ended.reason, at: snapshot.ended.at.toISOString(), answered: call.answered, ...(ticketNumber ? { ticketNumber } : {}) } }
        : {}),
    };
  }
}
