/**
 * The permit step: the resident lays the permit on the reader with its back on the OCR window (or
 * types the back's OCR line); with a card in the field and a valid line, the chip is read — BAC with
 * the line's key, DG1 + DG2 + DG11 + EF.SOD, passive authentication — and the endorsements it holds
 * are listed. A card taken away too soon, a misread line or a chip that does not answer is asked
 * again, up to the allowed attempts; a chip that is not genuine ends the step at once.
 *
 * The face image and the line (the chip's access key) leave the step in its output and nowhere else.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import type { EndorsementSummary, ExitEntryReason, PermitProblem } from '../../contract/flows/exit-entry';
import { parseOcrLine } from '../../contract/permit-ocr';
import type { PermitData, PermitReadFailure } from '../../devices/icao9303/read-permit';
import { readPermitChip, type ChipReadOutcome } from './chip';
import type { ExitEntryDeps } from './deps';

export interface PermitStepInput {
  deps: ExitEntryDeps;
}

export type PermitStepOutput =
  | { ok: true; permit: PermitData; accessKey: string; onChip: EndorsementSummary[] }
  | { ok: false; reason: ExitEntryReason; message: string; staffTicket: boolean; permitExpiry?: string };

export type PermitStepEvent =
  | { type: 'ocrLineTyped'; line: string }
  | { type: 'card.present'; present: boolean }
  | { type: 'ocr.read'; line: string }
  | { type: 'ocr.misread' };

interface PermitStepContext {
  deps: ExitEntryDeps;
  cardPresent: boolean;
  line?: string;
  ocr: 'waiting' | 'read' | 'typed';
  problem?: PermitProblem;
  attempt: number;
  result?: PermitStepOutput;
}

/** The reader's card events (and its state now). */
const watchReader = fromCallback<PermitStepEvent, { deps: ExitEntryDeps }>(({ input, sendBack }) => {
  const reader = input.deps.reader();
  if (!reader) return undefined;
  sendBack({ type: 'card.present', present: reader.status().media === 'present' });
  return reader.on('event', (event) => sendBack({ type: 'card.present', present: event.name === 'cardInserted' }));
});

/** Lines read by the OCR window. */
const watchOcr = fromCallback<PermitStepEvent, { deps: ExitEntryDeps }>(({ input, sendBack }) =>
  input.deps.ocrReader()?.on('event', (event) => sendBack(event.name === 'ocrLine' ? { type: 'ocr.read', line: event.data.text } : { type: 'ocr.misread' })),
);

const readChip = fromPromise<ChipReadOutcome, { deps: ExitEntryDeps; line: string }>(async ({ input, signal }) => {
  const { deps, line } = input;
  const reader = deps.reader();
  if (!reader) return { ok: false, failure: { kind: 'noChip', detail: 'no permit reader configured' } };
  return readPermitChip(reader, line, deps.trustAnchors, deps.kit.now(), {
    apduTimeoutMs: deps.settings.apduTimeoutMs,
    totalTimeoutMs: deps.settings.chipReadTimeoutMs,
    signal,
  });
});

/** How a failed read continues: ask again (with a problem) or end (with a reason). */
export function readVerdict(failure: PermitReadFailure): { retry: PermitProblem; clearLine?: boolean } | { end: ExitEntryReason; staffTicket: boolean } {
  switch (failure.kind) {
    case 'cardRemoved':
    case 'noChip':
    case 'timeOut':
      return { retry: 'cardRemoved' };
    case 'unreadable':
    case 'readFailed':
    case 'smFailed':
      return { retry: 'unreadable' };
    case 'bacFailed':
    case 'badOcrLine':
      return { retry: 'accessDenied', clearLine: true };
    case 'canceled':
      return { end: 'cancelled', staffTicket: false };
    case 'hashMismatch':
      return { end: 'dataTampered', staffTicket: true };
    case 'untrustedSigner':
      return { end: 'untrustedSigner', staffTicket: true };
    case 'badSignature':
    case 'sodMalformed':
      return { end: 'chipNotGenuine', staffTicket: true };
    case 'notAPermit':
      return { end: 'chipUnreadable', staffTicket: true };
    case 'expired':
      return { end: 'permitExpired', staffTicket: false };
  }
}

/** When attempts run out, the last problem names the ending. */
const exhausted = (problem: PermitProblem): ExitEntryReason => (problem === 'accessDenied' ? 'accessKeyMismatch' : 'chipUnreadable');

export const permitStep = setup({
  types: {} as { context: PermitStepContext; events: PermitStepEvent; input: PermitStepInput; output: PermitStepOutput },
  actors: { watchReader, watchOcr, readChip },
  delays: {
    waiting: ({ context }) => context.deps.settings.timeouts.permit,
    reading: ({ context }) => context.deps.settings.timeouts.reading,
  },
  guards: {
    ready: ({ context }) => context.cardPresent && context.line !== undefined,
  },
}).createMachine({
  id: 'permit',
  context: ({ input }) => ({ deps: input.deps, cardPresent: false, ocr: 'waiting', attempt: 1 }),
  invoke: [
    { src: 'watchReader', input: ({ context }) => ({ deps: context.deps }) },
    { src: 'watchOcr', input: ({ context }) => ({ deps: context.deps }) },
  ],
  on: {
    'card.present': { actions: assign(({ event }) => ({ cardPresent: event.present })) },
  },
  initial: 'waiting',
  states: {
    waiting: {
      tags: ['waitingForResident'],
      always: { guard: 'ready', target: 'reading' },
      after: { waiting: { target: 'ended', actions: assign({ result: { ok: false, reason: 'timeout', message: 'no permit placed in time', staffTicket: false } }) } },
      on: {
        'ocr.read': { actions: assign(({ event }) => ({ line: event.line, ocr: 'read' as const, problem: undefined })) },
        'ocr.misread': { actions: assign({ problem: 'ocrMisread' as const }) },
        ocrLineTyped: {
          actions: assign(({ event }) => {
            const parsed = parseOcrLine(event.line);
            return parsed.ok ? { line: parsed.value.text, ocr: 'typed' as const, problem: undefined } : { problem: 'typedLineInvalid' as const };
          }),
        },
      },
    },
    reading: {
      invoke: {
        src: 'readChip',
        input: ({ context }) => ({ deps: context.deps, line: context.line! }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'ended',
            actions: assign(({ context, event }) => (event.output.ok ? { result: { ok: true as const, permit: event.output.permit, accessKey: context.line!, onChip: event.output.onChip } } : {})),
          },
          {
            target: 'judging',
            actions: assign(({ context, event }) => {
              if (event.output.ok) return {};
              const verdict = readVerdict(event.output.failure);
              const failure = event.output.failure;
              if ('end' in verdict) {
                return { result: { ok: false as const, reason: verdict.end, message: `${failure.kind}: ${failure.detail}`.slice(0, 300), staffTicket: verdict.staffTicket, ...(failure.kind === 'expired' ? { permitExpiry: failure.expiry } : {}) } };
              }
              return { problem: verdict.retry, attempt: context.attempt + 1, ...(verdict.clearLine ? { line: undefined, ocr: 'waiting' as const } : {}), ...(verdict.retry === 'cardRemoved' ? { cardPresent: false } : {}) };
            }),
          },
        ],
        onError: { target: 'judging', actions: assign(({ context }) => ({ problem: 'unreadable' as const, attempt: context.attempt + 1 })) },
      },
      after: { reading: { target: 'judging', actions: assign(({ context }) => ({ problem: 'unreadable' as const, attempt: context.attempt + 1 })) } },
    },
    /** After a failed read: end, give up after the allowed attempts, or ask again. */
    judging: {
      always: [
        { guard: ({ context }) => context.result !== undefined, target: 'ended' },
        {
          guard: ({ context }) => context.attempt > context.deps.settings.maxReadAttempts,
          target: 'ended',
          actions: assign(({ context }) => ({
            result: { ok: false as const, reason: exhausted(context.problem ?? 'unreadable'), message: `${context.problem ?? 'unreadable'} after ${context.deps.settings.maxReadAttempts} attempts`, staffTicket: false },
          })),
        },
        // The card is still in the field after a chip that did not answer: read it again once it has been placed again.
        { guard: ({ context }) => context.problem === 'unreadable', target: 'waiting', actions: assign({ cardPresent: false }) },
        { target: 'waiting' },
      ],
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.result ?? { ok: false, reason: 'internalError', message: 'permit step ended without a result', staffTicket: false },
});
