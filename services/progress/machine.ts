/**
 * The progress query on the service kit (contract/flows/progress.ts): choose → [number] → identity
 * (kit) → [lookup → face (kit), for a typed ID number] → querying → results → done. A tip-off's
 * tracking number goes straight to the query. Read-only: no journal transaction, no money.
 *
 * The clear ID number and the results live in the context only; they are wiped on every ending
 * and when the resident asks for another query.
 */
import { assign, sendTo, setup } from 'xstate';
import { isTrackingNo } from '../../contract/applications';
import type { ProgressEntry, ProgressReason } from '../../contract/flows/progress';
import { logEvent, type FlowEnding } from '../kit/deps';
import { faceStep } from '../kit/steps/face';
import { identityStep } from '../kit/steps/identity';
import { acceptedNumber, lookUpResident, queryProgress, type ProgressDeps } from './work';
import { CANCELLED_ENDING, endingOutput, failedEnding } from '../kit/endings';

/** The public state the resident sees (for the view of an ending: where it ended). */
export type VisibleState = 'choose' | 'number' | 'identity' | 'lookup' | 'face' | 'faceCheck' | 'querying' | 'results' | 'done';

export interface ProgressContext {
  deps: ProgressDeps;
  at: VisibleState;
  numberAttempts: number;
  numberProblem?: 'badFormat';
  applicationNo?: string;
  identity?: { idNumber: string; source: 'card' | 'typed' };
  results?: ProgressEntry[];
  failure?: { code: ProgressReason; message: string };
  ending?: FlowEnding;
}

export type ProgressEvent =
  | { type: 'byIdentity' }
  | { type: 'byNumber' }
  | { type: 'numberEntered'; applicationNo: string }
  | { type: 'back' }
  | { type: 'again' }
  | { type: 'finish' }
  | { type: 'cancel' }
  | { type: 'idNumberEntered'; idNumber: string }
  | { type: 'faceCaptured'; imageJpegBase64: string }
  | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' };

const fail = (code: ProgressReason, message: string) => ({ failure: { code, message } });
/** Everything personal, dropped on another query and on every ending. */
const forgotten = { identity: undefined, results: undefined, applicationNo: undefined, numberProblem: undefined, numberAttempts: 0 };

export const progressMachine = setup({
  types: {} as { context: ProgressContext; events: ProgressEvent; input: { deps: ProgressDeps }; output: FlowEnding },
  actors: { identityStep, faceStep, lookUpResident, queryProgress },
  delays: {
    choose: ({ context }) => context.deps.settings.timeouts.choose,
    number: ({ context }) => context.deps.settings.timeouts.number,
    identity: ({ context }) => context.deps.settings.timeouts.identity + 5_000,
    lookup: ({ context }) => context.deps.settings.timeouts.lookup,
    face: ({ context }) => (context.deps.settings.timeouts.face + context.deps.settings.timeouts.faceCheck) * context.deps.settings.maxFaceAttempts + 5_000,
    querying: ({ context }) => context.deps.settings.timeouts.querying,
    results: ({ context }) => context.deps.settings.timeouts.results,
  },
  guards: {
    enabled: ({ context }) => context.deps.settings.enabled,
  },
  actions: {
    wipe: assign(forgotten),
    logEnd: ({ context }, params: { status: FlowEnding['status'] }) => logEvent(context.deps.kit, 'progress-query-ended', { status: params.status, code: context.failure?.code }),
  },
}).createMachine({
  id: 'progress',
  context: ({ input }) => ({ deps: input.deps, at: 'choose', numberAttempts: 0 }),
  initial: 'choose',
  states: {
    choose: {
      entry: assign({ at: 'choose' }),
      tags: ['waitingForResident'],
      after: { choose: { target: 'failed', actions: assign(fail('timeout', 'no choice in time')) } },
      on: {
        byIdentity: [{ guard: 'enabled', target: 'identity' }, { target: 'failed', actions: assign(fail('serviceDisabled', 'the service is switched off')) }],
        byNumber: [{ guard: 'enabled', target: 'number' }, { target: 'failed', actions: assign(fail('serviceDisabled', 'the service is switched off')) }],
        cancel: 'cancelled',
      },
    },
    number: {
      entry: assign({ at: 'number' }),
      tags: ['waitingForResident'],
      after: { number: { target: 'failed', actions: assign(fail('timeout', 'no number in time')) } },
      on: {
        numberEntered: [
          {
            // A tracking number is its own key (unguessable, no personal data in the answer).
            guard: ({ context, event }) => isTrackingNo(acceptedNumber(event.applicationNo, context.deps.settings.prefixes) ?? ''),
            target: 'querying',
            actions: assign(({ context, event }) => ({ applicationNo: acceptedNumber(event.applicationNo, context.deps.settings.prefixes), numberProblem: undefined })),
          },
          {
            guard: ({ context, event }) => acceptedNumber(event.applicationNo, context.deps.settings.prefixes) !== undefined,
            target: 'identity',
            actions: assign(({ context, event }) => ({ applicationNo: acceptedNumber(event.applicationNo, context.deps.settings.prefixes), numberProblem: undefined })),
          },
          { actions: assign(({ context }) => ({ numberProblem: 'badFormat' as const, numberAttempts: context.numberAttempts + 1 })) },
        ],
        back: { target: 'choose', actions: 'wipe' },
        cancel: 'cancelled',
      },
    },
    identity: {
      entry: assign({ at: 'identity' }),
      invoke: {
        id: 'identity',
        src: 'identityStep',
        input: ({ context }) => ({ deps: context.deps.kit, timeoutMs: context.deps.settings.timeouts.identity }),
        onDone: [
          // The card on the reader is proof enough for a status query; a typed number is not.
          { guard: ({ event }) => event.output.ok && event.output.source === 'card', target: 'querying', actions: assign(({ event }) => ({ identity: event.output.ok ? { idNumber: event.output.idNumber, source: 'card' as const } : undefined })) },
          { guard: ({ event }) => event.output.ok, target: 'lookup', actions: assign(({ event }) => ({ identity: event.output.ok ? { idNumber: event.output.idNumber, source: 'typed' as const } : undefined })) },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason as ProgressReason, event.output.message))) },
        ],
      },
      after: { identity: { target: 'failed', actions: assign(fail('timeout', 'identity timed out')) } },
      on: { idNumberEntered: { actions: sendTo('identity', ({ event }) => event) }, cancel: 'cancelled' },
    },
    lookup: {
      entry: assign({ at: 'lookup' }),
      invoke: {
        src: 'lookUpResident',
        input: ({ context }) => ({ deps: context.deps, idNumber: context.identity!.idNumber }),
        onDone: [{ guard: ({ event }) => event.output.ok, target: 'face' }, { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason, event.output.message))) }],
      },
      after: { lookup: { target: 'failed', actions: assign(fail('backendUnavailable', 'registry lookup timed out')) } },
      on: { cancel: 'cancelled' },
    },
    face: {
      entry: assign({ at: 'face' }),
      invoke: {
        id: 'face',
        src: 'faceStep',
        input: ({ context }) => ({
          deps: context.deps.kit,
          idNumber: context.identity!.idNumber,
          maxAttempts: context.deps.settings.maxFaceAttempts,
          timeouts: { capture: context.deps.settings.timeouts.face, check: context.deps.settings.timeouts.faceCheck },
        }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'querying' },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : { at: event.output.checking ? ('faceCheck' as const) : ('face' as const), ...fail(event.output.reason, event.output.message) })) },
        ],
      },
      after: { face: { target: 'failed', actions: assign(fail('timeout', 'face step timed out')) } },
      on: {
        faceCaptured: { actions: sendTo('face', ({ event }) => event) },
        cameraUnavailable: { actions: sendTo('face', ({ event }) => event) },
        cancel: 'cancelled',
      },
    },
    querying: {
      entry: assign({ at: 'querying' }),
      invoke: {
        src: 'queryProgress',
        input: ({ context }) => ({ deps: context.deps, ...(context.identity ? { idNumber: context.identity.idNumber } : {}), ...(context.applicationNo ? { applicationNo: context.applicationNo } : {}) }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'results', actions: assign(({ event }) => ({ results: event.output.ok ? event.output.applications : [] })) },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason, event.output.message))) },
        ],
      },
      after: { querying: { target: 'failed', actions: assign(fail('backendUnavailable', 'the query timed out')) } },
      on: { cancel: 'cancelled' },
    },
    results: {
      entry: [assign({ at: 'results' }), ({ context }) => logEvent(context.deps.kit, 'progress-shown', { applications: context.results?.length ?? 0, by: context.identity ? context.identity.source : 'trackingNo' })],
      tags: ['waitingForResident'],
      after: { results: { target: 'done' } },
      on: { again: { target: 'choose', actions: 'wipe' }, finish: 'done', cancel: 'done' },
    },
    done: {
      type: 'final',
      entry: [assign({ at: 'done' as const, ending: { status: 'done' as const } }), { type: 'logEnd', params: { status: 'done' } }, 'wipe'],
    },
    failed: {
      type: 'final',
      entry: [
        assign(({ context }) => failedEnding(context.failure)),
        { type: 'logEnd', params: { status: 'failed' } },
        'wipe',
      ],
    },
    cancelled: {
      type: 'final',
      entry: [
        assign(CANCELLED_ENDING),
        { type: 'logEnd', params: { status: 'cancelled' } },
        'wipe',
      ],
    },
  },
  output: endingOutput,
});
