/**
 * The progress query on the service kit (contract/flows/progress.ts): choose → [number] → identity
 * (kit) → [lookup → face (kit), for a typed ID number] → querying → results → done. A tip-off's
 * tracking number goes straight to the query. Read-only: no journal transaction, no money.
 *
 * The clear ID number and the results live in the context only; they are wiped on every ending
 * and when the resident asks for another query.
 */
import { assign, setup } from 'xstate';
import { isTrackingNo } from '../../contract/applications';
import type { ProgressEntry, ProgressReason } from '../../contract/flows/progress';
import { logEvent, type FlowEnding } from '../kit/deps';
import { chainDelays, faceState, identityState, lookupState, type ChainPatch } from '../kit/identity-chain';
import { faceStep } from '../kit/steps/face';
import { identityStep } from '../kit/steps/identity';
import { acceptedNumber, lookUpResident, queryProgress, type ProgressDeps } from './work';
import { CANCELLED_ENDING, endingOutput, endingStates, failedEnding } from '../kit/endings';

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
/** How the identity chain (kit) ends and writes here. */
const chain = { failed: 'failed', cancelled: 'cancelled', into: (patch: ChainPatch): Partial<ProgressContext> => patch };
const forgotten = { identity: undefined, results: undefined, applicationNo: undefined, numberProblem: undefined, numberAttempts: 0 };

export const progressMachine = setup({
  types: {} as { context: ProgressContext; events: ProgressEvent; input: { deps: ProgressDeps }; output: FlowEnding },
  actors: { identityStep, faceStep, lookUpResident, queryProgress },
  delays: {
    choose: ({ context }) => context.deps.settings.timeouts.choose,
    number: ({ context }) => context.deps.settings.timeouts.number,
    ...chainDelays,
    querying: ({ context }) => context.deps.settings.timeouts.querying,
    results: ({ context }) => context.deps.settings.timeouts.results,
  },
  guards: {
    enabled: ({ context }) => context.deps.settings.enabled,
  },
  actions: {
    endFailed: assign(({ context }) => failedEnding(context.failure)),
    endCancelled: assign(CANCELLED_ENDING),
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
    // The card on the reader is proof enough for a status query; a typed number is not.
    identity: identityState<ProgressContext, ProgressEvent>({ ...chain, usesName: false, next: { card: 'querying', typed: 'lookup' }, identityFailed: (reason, message) => fail(reason as ProgressReason, message) }),
    lookup: lookupState<ProgressContext, ProgressEvent>({ ...chain, next: 'face' }),
    face: faceState<ProgressContext, ProgressEvent>({ ...chain, next: 'querying', person: (context) => ({ idNumber: context.identity!.idNumber }) }),
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
    ...endingStates<ProgressContext, ProgressEvent>({ closeUnpaid: false }),
  },
  output: endingOutput,
});
