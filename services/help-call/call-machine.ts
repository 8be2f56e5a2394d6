/**
 * One help call's life: it rings until a desk answers or the ring time runs out, then it is in
 * progress until either side ends it (or it reaches its maximum length). Who may end it and why is
 * decided by the hub; this machine only keeps the order of things and the time-outs, so a call can
 * never be answered after it ended or end twice.
 */
import { assign, setup } from 'xstate';
import type { CallEndReason } from '../../contract/help-call';

export interface Answerer {
  deskId: string;
  staffId: string;
  alias: string;
}

export interface CallInput {
  callId: string;
  kioskId: string;
  urgent: boolean;
  ringMs: number;
  maxCallMs: number;
  now: () => Date;
}

export interface CallContext extends Omit<CallInput, 'now'> {
  now: () => Date;
  placedAt: Date;
  answeredAt?: Date;
  answeredBy?: Answerer;
  ended?: { reason: CallEndReason; at: Date };
}

export type CallEvent = { type: 'answer'; desk: Answerer } | { type: 'end'; reason: CallEndReason };

/** Ends that only make sense once someone answered (the media, the officer, the length). */
const AFTER_ANSWER_ONLY: ReadonlySet<CallEndReason> = new Set(['deskHungUp', 'mediaFailed', 'mediaNotConnected', 'deskLeft', 'tooLong']);
/** Ends that only make sense while ringing. */
const WHILE_RINGING_ONLY: ReadonlySet<CallEndReason> = new Set(['unanswered', 'noDesk']);

export const callMachine = setup({
  types: {} as { context: CallContext; events: CallEvent; input: CallInput },
  delays: {
    ring: ({ context }) => context.ringMs,
    maxCall: ({ context }) => context.maxCallMs,
  },
  actions: {
    endWith: assign(({ context }, params: { reason: CallEndReason }) => ({ ended: { reason: params.reason, at: context.now() } })),
  },
  guards: {
    endsWhileRinging: ({ event }) => event.type === 'end' && !AFTER_ANSWER_ONLY.has(event.reason),
    endsInCall: ({ event }) => event.type === 'end' && !WHILE_RINGING_ONLY.has(event.reason),
  },
}).createMachine({
  id: 'helpCall',
  context: ({ input }) => ({ ...input, placedAt: input.now() }),
  initial: 'ringing',
  states: {
    ringing: {
      after: { ring: { target: 'ended', actions: { type: 'endWith', params: { reason: 'unanswered' } } } },
      on: {
        answer: {
          target: 'inCall',
          actions: assign(({ context, event }) => ({ answeredBy: event.desk, answeredAt: context.now() })),
        },
        end: {
          guard: 'endsWhileRinging',
          target: 'ended',
          actions: assign(({ context, event }) => ({ ended: { reason: event.reason, at: context.now() } })),
        },
      },
    },
    inCall: {
      after: { maxCall: { target: 'ended', actions: { type: 'endWith', params: { reason: 'tooLong' } } } },
      on: {
        end: {
          guard: 'endsInCall',
          target: 'ended',
          actions: assign(({ context, event }) => ({ ended: { reason: event.reason, at: context.now() } })),
        },
      },
    },
    ended: { type: 'final' },
  },
});
