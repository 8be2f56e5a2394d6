/**
 * A tip-off on the service kit (contract/flows/tip-off.ts): notice → category → place → text →
 * anonymity → [identity (kit) → lookup → face (kit), for a typed number] → confirm → submitting →
 * printing → done. Free; anonymous unless the resident chooses otherwise.
 *
 * The kiosk's rate limit is checked when the flow starts and again just before sending. Once the
 * tip-off is being sent there is no way back (a report cannot be unsent): cancel waits for the slip.
 * The report and the clear ID number live in the context only and are wiped on every ending.
 */
import { assign, setup } from 'xstate';
import type { TipOffCategory } from '../../contract/applications';
import type { TipOffReason } from '../../contract/flows/tip-off';
import { closeUnpaid, logEvent, type FlowEnding } from '../kit/deps';
import { chainDelays, faceState, identityState, lookupState, type ChainPatch } from '../kit/identity-chain';
import { faceStep } from '../kit/steps/face';
import { identityStep } from '../kit/steps/identity';
import { lookUpResident } from '../kit/steps/registry-lookup';
import { overRateLimit, printSlip, sendTipOff, textLength, textProblem, type TextProblem, type TipOffDeps } from './work';
import { CANCELLED_ENDING, endingOutput, endingStates, failedEnding } from '../kit/endings';

/** The public state the resident sees (for the view of an ending: where it ended). */
export type VisibleState = 'notice' | 'category' | 'place' | 'text' | 'anonymity' | 'identity' | 'lookup' | 'face' | 'faceCheck' | 'confirm' | 'submitting' | 'printing' | 'done';

export interface TipOffContext {
  deps: TipOffDeps;
  at: VisibleState;
  category?: TipOffCategory;
  place?: string;
  placeProblem?: 'tooLong';
  text?: string;
  textProblem?: TextProblem;
  anonymous: boolean;
  identity?: { idNumber: string; source: 'card' | 'typed' };
  transactionId?: string;
  sent?: { trackingNo: string; receivedAt: string };
  slipPrinted: boolean;
  failure?: { code: TipOffReason; message: string };
  ending?: FlowEnding;
}

export type TipOffEvent =
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'cancel' }
  | { type: 'back' }
  | { type: 'categoryChosen'; category: TipOffCategory }
  | { type: 'placeGiven'; place: string }
  | { type: 'placeSkipped' }
  | { type: 'textGiven'; text: string }
  | { type: 'anonymous' }
  | { type: 'named' }
  | { type: 'submit' }
  | { type: 'edit' }
  | { type: 'idNumberEntered'; idNumber: string }
  | { type: 'faceCaptured'; imageJpegBase64: string }
  | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' };

const fail = (code: TipOffReason, message: string) => ({ failure: { code, message } });
/** How the identity chain (kit) ends and writes here. */
const chain = { failed: 'failed', cancelled: 'cancelled', into: (patch: ChainPatch): Partial<TipOffContext> => patch };

export const tipOffMachine = setup({
  types: {} as { context: TipOffContext; events: TipOffEvent; input: { deps: TipOffDeps }; output: FlowEnding },
  actors: { identityStep, faceStep, lookUpResident, sendTipOff, printSlip },
  delays: {
    notice: ({ context }) => context.deps.settings.timeouts.notice,
    category: ({ context }) => context.deps.settings.timeouts.category,
    place: ({ context }) => context.deps.settings.timeouts.place,
    text: ({ context }) => context.deps.settings.timeouts.text,
    anonymity: ({ context }) => context.deps.settings.timeouts.anonymity,
    ...chainDelays,
    confirm: ({ context }) => context.deps.settings.timeouts.confirm,
    submitting: ({ context }) => context.deps.settings.timeouts.submitting,
    printing: ({ context }) => context.deps.settings.timeouts.printing,
  },
  guards: {
    enabled: ({ context }) => context.deps.settings.enabled,
    overLimit: ({ context }) => overRateLimit(context.deps),
  },
  actions: {
    endFailed: assign(({ context }) => failedEnding(context.failure)),
    endCancelled: assign(CANCELLED_ENDING),
    wipe: assign({ category: undefined, place: undefined, text: undefined, identity: undefined }),
    closeUnpaid: ({ context }) => closeUnpaid(context.deps.kit, context.transactionId, context.failure?.code ?? 'cancelled'),
    logEnd: ({ context }, params: { status: FlowEnding['status'] }) => logEvent(context.deps.kit, 'tip-off-ended', { tx: context.transactionId, status: params.status, code: context.failure?.code }),
  },
}).createMachine({
  id: 'tipOff',
  context: ({ input }) => ({ deps: input.deps, at: 'notice', anonymous: true, slipPrinted: false }),
  initial: 'notice',
  states: {
    notice: {
      entry: assign({ at: 'notice' }),
      tags: ['waitingForResident'],
      // Over the limit already: say so at once, before anything is typed.
      always: [
        { guard: 'overLimit', target: 'failed', actions: assign(fail('rateLimited', 'the kiosk rate limit is reached')) },
        { guard: ({ context }) => !context.deps.settings.enabled, target: 'failed', actions: assign(fail('serviceDisabled', 'the service is switched off')) },
      ],
      after: { notice: { target: 'failed', actions: assign(fail('timeout', 'notice timed out')) } },
      on: { accept: 'category', decline: 'cancelled', cancel: 'cancelled' },
    },
    category: {
      entry: assign({ at: 'category' }),
      tags: ['waitingForResident'],
      after: { category: { target: 'failed', actions: assign(fail('timeout', 'no category in time')) } },
      on: {
        categoryChosen: { guard: ({ context, event }) => context.deps.settings.categories.includes(event.category), target: 'place', actions: assign(({ event }) => ({ category: event.category })) },
        back: 'notice',
        cancel: 'cancelled',
      },
    },
    place: {
      entry: assign({ at: 'place' }),
      tags: ['waitingForResident'],
      after: { place: { target: 'failed', actions: assign(fail('timeout', 'no place in time')) } },
      on: {
        placeGiven: [
          { guard: ({ event }) => event.place.trim().length === 0, target: 'text', actions: assign({ place: undefined, placeProblem: undefined }) },
          { guard: ({ context, event }) => textLength(event.place.trim()) <= context.deps.settings.placeMaxLength, target: 'text', actions: assign(({ event }) => ({ place: event.place.trim(), placeProblem: undefined })) },
          { actions: assign({ placeProblem: 'tooLong' as const }) },
        ],
        placeSkipped: { target: 'text', actions: assign({ place: undefined, placeProblem: undefined }) },
        back: 'category',
        cancel: 'cancelled',
      },
    },
    text: {
      entry: assign({ at: 'text' }),
      tags: ['waitingForResident'],
      after: { text: { target: 'failed', actions: assign(fail('timeout', 'no text in time')) } },
      on: {
        textGiven: [
          { guard: ({ context, event }) => textProblem(event.text, context.deps.settings) === undefined, target: 'anonymity', actions: assign(({ event }) => ({ text: event.text.trim(), textProblem: undefined })) },
          { actions: assign(({ context, event }) => ({ textProblem: textProblem(event.text, context.deps.settings) })) },
        ],
        back: 'place',
        cancel: 'cancelled',
      },
    },
    anonymity: {
      entry: assign({ at: 'anonymity' }),
      tags: ['waitingForResident'],
      after: { anonymity: { target: 'failed', actions: assign(fail('timeout', 'no choice in time')) } },
      on: {
        anonymous: { target: 'confirm', actions: assign({ anonymous: true, identity: undefined }) },
        named: { target: 'identity', actions: assign({ anonymous: false }) },
        back: 'text',
        cancel: 'cancelled',
      },
    },
    // A card on the reader is proof enough of who reports; a typed number is looked up and faced.
    identity: identityState<TipOffContext, TipOffEvent>({ ...chain, usesName: false, next: { card: 'confirm', typed: 'lookup' }, identityFailed: (reason, message) => fail(reason as TipOffReason, message) }),
    lookup: lookupState<TipOffContext, TipOffEvent>({ ...chain, next: 'face' }),
    face: faceState<TipOffContext, TipOffEvent>({ ...chain, next: 'confirm', person: (context) => ({ idNumber: context.identity!.idNumber }) }),
    confirm: {
      entry: assign({ at: 'confirm' }),
      tags: ['waitingForResident'],
      after: { confirm: { target: 'failed', actions: assign(fail('timeout', 'not confirmed in time')) } },
      on: { submit: 'submitting', edit: 'text', cancel: 'cancelled' },
    },
    submitting: {
      entry: assign({ at: 'submitting' }),
      invoke: {
        src: 'sendTipOff',
        input: ({ context }) => ({
          deps: context.deps,
          report: { category: context.category!, text: context.text!, ...(context.place ? { place: context.place } : {}), ...(context.identity && !context.anonymous ? { reporterIdNumber: context.identity.idNumber } : {}) },
        }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'printing', actions: assign(({ event }) => (event.output.ok ? { transactionId: event.output.transactionId, sent: { trackingNo: event.output.trackingNo, receivedAt: event.output.receivedAt } } : {})) },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : { ...fail(event.output.reason, event.output.message), transactionId: event.output.transactionId })) },
        ],
      },
      // The answer may still come: the idempotency key makes a later retry the same tip-off.
      after: { submitting: { target: 'failed', actions: assign(fail('backendUnavailable', 'sending timed out')) } },
      on: { cancel: {} },
    },
    printing: {
      entry: assign({ at: 'printing' }),
      invoke: {
        src: 'printSlip',
        input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, slip: { trackingNo: context.sent!.trackingNo, receivedAt: context.sent!.receivedAt, postName: context.deps.kit.post.name, timeZone: context.deps.kit.post.timeZone } }),
        onDone: { target: 'done', actions: assign(({ event }) => ({ slipPrinted: event.output.ok })) },
      },
      // Sent is sent: a printer that does not answer leaves the number on the screen.
      after: { printing: 'done' },
      on: { cancel: {} },
    },
    done: {
      type: 'final',
      entry: [
        assign({ at: 'done' as const, ending: { status: 'done' as const } }),
        ({ context }) => context.deps.kit.journal.complete(context.transactionId!),
        { type: 'logEnd', params: { status: 'done' } },
        'wipe',
      ],
    },
    ...endingStates<TipOffContext, TipOffEvent>({ closeUnpaid: true }),
  },
  output: endingOutput,
});
