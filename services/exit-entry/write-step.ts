/**
 * The write step, after payment: the administration approves the endorsement (the effect journalled
 * before the call, with its compensation, so a lost answer is withdrawn by its kiosk reference), the
 * approval is saved in the journal and the chip's access key sealed for a restart, then the
 * endorsement is written to the chip and read back.
 *
 * A card taken away during the write leaves the outcome unknown: the resident is asked to place it
 * again, the chip is read back — written: done; not written: written again (once more); the card
 * never comes back: the step ends `writeNotConfirmed` and the flow refunds and withdraws. The step
 * never decides about money: it says what the chip holds.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import type { EndorsementDestination, EndorsementTrips, EndorsementType, EndorsementValidity } from '../../contract/flows/exit-entry';
import { maskPermitNumber } from '../../contract/permit-ocr';
import type { EndorsementRecord } from '../../devices/icao9303/endorsement';
import { recordEffect, settleRefusedEffect } from '../gateway/compensation';
import { isNetwork, logEvent, withGatewayRetries } from '../kit/deps';
import { MONEY_TAG } from '../kit/resident-timers';
import { confirmOnChip, writeAndVerify, type ApprovedEndorsement, type ChipWriteOutcome } from './chip';
import { ACCESS_KEY, SAVED_APPROVAL, type ExitEntryDeps } from './deps';

export interface WriteStepInput {
  deps: ExitEntryDeps;
  transactionId: string;
  orderId: string;
  documentNumber: string;
  /** The permit's OCR line: the chip's access key. */
  accessKey: string;
  choice: { type: EndorsementType; destination: EndorsementDestination; validityMonths: EndorsementValidity; trips: EndorsementTrips };
  feeFen: number;
}

export type WriteStepOutput =
  | { ok: true; approved: ApprovedEndorsement }
  | { ok: false; reason: 'approvalRefused' | 'backendUnavailable' | 'writeRefused' | 'writeNotConfirmed'; message: string };

type Approval = { ok: true; approved: ApprovedEndorsement } | { ok: false; reason: 'approvalRefused' | 'backendUnavailable'; message: string };

export type WriteStepEvent = { type: 'card.present'; present: boolean };

interface WriteStepContext extends WriteStepInput {
  approved?: ApprovedEndorsement;
  /** Writes tried so far (a card placed again that does not hold it is written once more). */
  writes: number;
  /** Read-backs that did not answer, with the card in the field. */
  readBacks: number;
  cardPresent: boolean;
  problem?: 'otherCard' | 'unreadable';
  result?: WriteStepOutput;
}

/** The journal's record of an approval: the chip record and authorisation (no personal data), the masked permit number. */
export function savedApproval(approved: ApprovedEndorsement, documentNumber: string): Record<string, unknown> {
  return { record: { ...approved.record }, authorisation: Buffer.from(approved.authorisation).toString('base64'), maskedNumber: maskPermitNumber(documentNumber) };
}

const approve = fromPromise<Approval, WriteStepInput>(async ({ input }) => {
  const { deps, transactionId } = input;
  const { kit } = deps;
  const effect = { operation: 'approveEndorsement' as const, reference: transactionId, compensation: { operation: 'withdrawEndorsement' as const, request: { kioskReference: transactionId } } };
  // Recorded before the call: an answer lost on the way is withdrawn by its reference.
  recordEffect(kit.journal, transactionId, effect);
  const answer = await withGatewayRetries(
    () =>
      kit.gateway.approveEndorsement({
        idempotencyKey: `${transactionId}/approve`,
        kioskReference: transactionId,
        documentNumber: input.documentNumber,
        ...input.choice,
        feeFen: input.feeFen,
        paymentOrderId: input.orderId,
        jurisdictionCode: deps.settings.jurisdictionCode,
      }),
    3,
  );
  if (!answer.ok) {
    if (isNetwork(answer.error)) return { ok: false, reason: 'backendUnavailable', message: `approveEndorsement: ${answer.error.kind}` };
    settleRefusedEffect(kit.journal, transactionId, effect, answer.error.code ?? answer.error.kind);
    return { ok: false, reason: 'approvalRefused', message: `approveEndorsement refused: ${answer.error.code ?? answer.error.kind} ${answer.error.reason ?? ''}`.trim() };
  }
  const approved: ApprovedEndorsement = { record: answer.value.record as EndorsementRecord, authorisation: new Uint8Array(Buffer.from(answer.value.authorisation, 'base64')) };
  const saved = kit.journal.saveReceipt(transactionId, SAVED_APPROVAL, savedApproval(approved, input.documentNumber));
  if (!saved.ok) logEvent(kit, 'approval-not-saved', { tx: transactionId, code: saved.error.code });
  // Sealed until the write is settled: after a restart, recovery reads the chip back with it.
  if (!deps.scratch.put(transactionId, ACCESS_KEY, input.accessKey)) logEvent(kit, 'access-key-not-sealed', { tx: transactionId });
  return { ok: true, approved };
});

const chipOptions = (deps: ExitEntryDeps, signal: AbortSignal) => ({ apduTimeoutMs: deps.settings.apduTimeoutMs, signal });

const write = fromPromise<ChipWriteOutcome, { deps: ExitEntryDeps; accessKey: string; approved: ApprovedEndorsement }>(async ({ input, signal }) => {
  const reader = input.deps.reader();
  if (!reader) return { kind: 'unknown', detail: 'no permit reader configured' };
  return writeAndVerify(reader, input.accessKey, input.approved, chipOptions(input.deps, signal));
});

const confirm = fromPromise<ChipWriteOutcome, { deps: ExitEntryDeps; accessKey: string; approved: ApprovedEndorsement }>(async ({ input, signal }) => {
  const reader = input.deps.reader();
  if (!reader) return { kind: 'unknown', detail: 'no permit reader configured' };
  return confirmOnChip(reader, input.accessKey, input.approved, chipOptions(input.deps, signal));
});

/** Card events; `initial` also reports a card already in the field (not after another card was refused: that one must go first). */
const watchReader = fromCallback<WriteStepEvent, { deps: ExitEntryDeps; initial: boolean }>(({ input, sendBack }) => {
  const reader = input.deps.reader();
  if (!reader) return undefined;
  if (input.initial) sendBack({ type: 'card.present', present: reader.status().media === 'present' });
  return reader.on('event', (event) => sendBack({ type: 'card.present', present: event.name === 'cardInserted' }));
});

const MAX_WRITES = 2;
const MAX_READ_BACKS = 3;

export const writeStep = setup({
  types: {} as { context: WriteStepContext; events: WriteStepEvent; input: WriteStepInput; output: WriteStepOutput },
  actors: { approve, write, confirm, watchReader },
  actions: {
    end: assign((_, result: WriteStepOutput) => ({ result })),
  },
  delays: {
    approving: ({ context }) => context.deps.settings.timeouts.approving,
    writing: ({ context }) => context.deps.settings.timeouts.writing,
    replace: ({ context }) => context.deps.settings.replaceMs,
  },
}).createMachine({
  id: 'write',
  context: ({ input }) => ({ ...input, writes: 0, readBacks: 0, cardPresent: true }),
  initial: 'approving',
  states: {
    approving: {
      invoke: {
        src: 'approve',
        input: ({ context }) => context,
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'writing', actions: assign(({ event }) => ({ approved: event.output.ok ? event.output.approved : undefined })) },
          { target: 'ended', actions: assign(({ event }) => ({ result: event.output.ok ? undefined : { ok: false as const, reason: event.output.reason, message: event.output.message } })) },
        ],
        onError: { target: 'ended', actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'backendUnavailable' as const, message: `approval failed: ${String(event.error)}`.slice(0, 300) } })) },
      },
      after: { approving: { target: 'ended', actions: { type: 'end', params: { ok: false, reason: 'backendUnavailable', message: 'the approval did not answer in time' } } } },
    },
    writing: {
      entry: assign(({ context }) => ({ writes: context.writes + 1, problem: undefined })),
      invoke: {
        src: 'write',
        input: ({ context }) => ({ deps: context.deps, accessKey: context.accessKey, approved: context.approved! }),
        onDone: [
          { guard: ({ event }) => event.output.kind === 'verified', target: 'ended', actions: assign(({ context }) => ({ result: { ok: true as const, approved: context.approved! } })) },
          {
            guard: ({ event }) => event.output.kind === 'refused' || event.output.kind === 'mismatch',
            target: 'ended',
            actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'writeRefused' as const, message: `chip: ${'detail' in event.output ? event.output.detail : event.output.kind}`.slice(0, 300) } })),
          },
          { target: 'replace', actions: assign(({ event }) => ({ cardPresent: false, ...(event.output.kind === 'otherCard' ? { problem: 'otherCard' as const } : {}) })) },
        ],
        onError: { target: 'replace', actions: assign({ cardPresent: false }) },
      },
      // A write that hangs is abandoned (its exchange cancelled): what the chip holds is read back.
      after: { writing: { target: 'replace', actions: assign({ cardPresent: false }) } },
    },
    replace: {
      // The fee is taken: waiting for the permit to come back decides a refund, so a help call never holds it.
      tags: ['waitingForResident', MONEY_TAG],
      invoke: { src: 'watchReader', input: ({ context }) => ({ deps: context.deps, initial: context.problem !== 'otherCard' }) },
      always: { guard: ({ context }) => context.cardPresent, target: 'confirming' },
      on: { 'card.present': { actions: assign(({ event }) => ({ cardPresent: event.present })) } },
      after: { replace: { target: 'ended', actions: { type: 'end', params: { ok: false, reason: 'writeNotConfirmed', message: 'the card was not placed again: what the chip holds is not known' } } } },
    },
    confirming: {
      invoke: {
        src: 'confirm',
        input: ({ context }) => ({ deps: context.deps, accessKey: context.accessKey, approved: context.approved! }),
        onDone: [
          { guard: ({ event }) => event.output.kind === 'verified', target: 'ended', actions: assign(({ context }) => ({ result: { ok: true as const, approved: context.approved! } })) },
          { guard: ({ event, context }) => event.output.kind === 'notWritten' && context.writes < MAX_WRITES, target: 'writing' },
          {
            guard: ({ event }) => event.output.kind === 'notWritten' || event.output.kind === 'mismatch',
            target: 'ended',
            actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'writeRefused' as const, message: `read back: ${event.output.kind}` } })),
          },
          {
            guard: ({ context }) => context.readBacks + 1 >= MAX_READ_BACKS,
            target: 'ended',
            actions: assign(({ event }) => ({ result: { ok: false as const, reason: 'writeNotConfirmed' as const, message: `read back: ${'detail' in event.output ? event.output.detail : event.output.kind}`.slice(0, 300) } })),
          },
          {
            target: 'replace',
            actions: assign(({ context, event }) => ({ readBacks: context.readBacks + 1, cardPresent: false, problem: event.output.kind === 'otherCard' ? ('otherCard' as const) : ('unreadable' as const) })),
          },
        ],
        onError: { target: 'replace', actions: assign(({ context }) => ({ readBacks: context.readBacks + 1, cardPresent: false, problem: 'unreadable' as const })) },
      },
      after: { writing: { target: 'replace', actions: assign(({ context }) => ({ readBacks: context.readBacks + 1, cardPresent: false, problem: 'unreadable' as const })) } },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.result ?? { ok: false, reason: 'writeNotConfirmed', message: 'the write step ended without a result' },
});
