/**
 * Shared step: face comparison with the photo on file (人证比对). The capture travels in the event
 * to the comparison and is never kept: the step's context holds the attempt count and the last
 * result only. Too many misses, a missing camera or an unreachable backend end the step with a reason.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { FaceComparison, GatewayResult } from '../../gateway/types';
import type { KitDeps } from '../deps';
import { journalStep } from '../deps';

/** One comparison of a capture (base64 JPEG) with the reference photos of the person being proven. */
export type FaceComparator = (imageBase64: string) => Promise<Comparison>;

export interface FaceInput {
  deps: KitDeps;
  /** Whose photo on file the capture is compared with (the registry's), unless `compare` says otherwise. */
  idNumber: string;
  /**
   * A service whose person is proven by something else than the registry's photo (e.g. a travel
   * permit: the chip's photo and the exit-entry administration's) brings its own comparison.
   */
  compare?: FaceComparator;
  transactionId?: string;
  maxAttempts: number;
  timeouts: { capture: number; check: number };
}

/** `checking`: the step ended while comparing (the resident saw "checking"), not while capturing. */
export type FaceOutput = { ok: true } | { ok: false; reason: 'faceMismatch' | 'cameraUnavailable' | 'backendUnavailable' | 'timeout'; message: string; checking: boolean };

export type FaceEvent = { type: 'faceCaptured'; imageJpegBase64: string } | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' };

interface FaceContext {
  deps: KitDeps;
  idNumber: string;
  compare?: FaceComparator;
  transactionId?: string;
  maxAttempts: number;
  timeouts: FaceInput['timeouts'];
  attempt: number;
  lastResult?: 'noMatch' | 'badImage';
  result?: FaceOutput;
}

export type Comparison = { kind: 'matched' } | { kind: 'noMatch' } | { kind: 'badImage' } | { kind: 'unreachable'; message: string };

/** One comparison at the backend; the image reaches it through the actor's input and nowhere else. */
const compare = fromPromise<Comparison, { deps: KitDeps; idNumber: string; image: string; compare?: FaceComparator }>(async ({ input }) => {
  if (input.compare) return input.compare(input.image);
  const result: GatewayResult<FaceComparison> = await input.deps.gateway.compareFace({ idNumber: input.idNumber, imageBase64: input.image });
  if (result.ok) return result.value.match ? { kind: 'matched' } : { kind: 'noMatch' };
  if (result.error.code === 'badImage') return { kind: 'badImage' };
  return { kind: 'unreachable', message: `compareFace: ${result.error.kind} ${result.error.message}` };
});

export const faceStep = setup({
  types: {} as { context: FaceContext; events: FaceEvent; input: FaceInput; output: FaceOutput },
  actors: { compare },
  delays: {
    capture: ({ context }) => context.timeouts.capture,
    check: ({ context }) => context.timeouts.check,
  },
  guards: {
    attemptsLeft: ({ context }) => context.attempt < context.maxAttempts,
  },
}).createMachine({
  id: 'face',
  context: ({ input }) => ({
    deps: input.deps,
    idNumber: input.idNumber,
    ...(input.compare ? { compare: input.compare } : {}),
    transactionId: input.transactionId,
    maxAttempts: input.maxAttempts,
    timeouts: input.timeouts,
    attempt: 1,
  }),
  initial: 'capture',
  states: {
    capture: {
      tags: ['waitingForResident'],
      after: { capture: { target: 'ended', actions: assign({ result: { ok: false, reason: 'timeout', message: 'no capture in time', checking: false } }) } },
      on: {
        faceCaptured: 'checking',
        cameraUnavailable: { target: 'ended', actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'cameraUnavailable' as const, message: `camera ${event.reason}`, checking: false } })) },
      },
    },
    checking: {
      invoke: {
        src: 'compare',
        input: ({ context, event }) => ({
          deps: context.deps,
          idNumber: context.idNumber,
          image: event.type === 'faceCaptured' ? event.imageJpegBase64 : '',
          ...(context.compare ? { compare: context.compare } : {}),
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'matched',
            target: 'ended',
            actions: [
              ({ context }) => journalStep(context.deps, context.transactionId, { kind: 'faceMatched', data: { attempt: context.attempt } }),
              assign({ result: { ok: true } }),
            ],
          },
          {
            guard: ({ event }) => event.output.kind === 'unreachable',
            target: 'ended',
            actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'backendUnavailable' as const, message: event.output.kind === 'unreachable' ? event.output.message : '', checking: true } })),
          },
          {
            guard: 'attemptsLeft',
            target: 'capture',
            actions: assign(({ context, event }) => ({ attempt: context.attempt + 1, lastResult: event.output.kind === 'badImage' ? ('badImage' as const) : ('noMatch' as const) })),
          },
          { target: 'ended', actions: assign(({ context }) => ({ result: { ok: false as const, reason: 'faceMismatch' as const, message: `no face match after ${context.maxAttempts} attempts`, checking: true } })) },
        ],
        onError: { target: 'ended', actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'backendUnavailable' as const, message: String(event.error), checking: true } })) },
      },
      after: { check: { target: 'ended', actions: assign({ result: { ok: false, reason: 'backendUnavailable', message: 'the face comparison did not answer in time', checking: true } }) } },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.result ?? { ok: false, reason: 'backendUnavailable', message: 'face step ended without a result', checking: false },
});
