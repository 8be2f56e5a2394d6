/**
 * The no-criminal-record certificate flow on the service kit (contract/flows/no-criminal-record.ts):
 * notice → identity (kit) → lookup → face (kit) → purpose → checking ⇄ statement → printing
 * (issuing → printing) → done. Free: no payment, but one journal transaction (amount 0) so that
 * issue → print is recoverable and an issued certificate that is never printed is voided.
 *
 * When the certificate is not printed:
 *  - the printer failed (paper, jam, door…): the certificate is valid and signed, so it is KEPT —
 *    the journal keeps its number (not its fields), a staff ticket asks for a reprint, and the
 *    transaction is handed to staff; the resident is told to show the ticket at the counter;
 *  - its signature did not verify, or it cannot be printed faithfully (glyph, layout), or the issue
 *    failed half-way (answer lost): it is VOIDED at the backend (`voiding`), with a staff ticket
 *    where staff must act. Nothing unverified is ever printed.
 *
 * Personal data (the clear number, the certificate) lives in the context only and is wiped on every
 * ending; the purpose text and the statement are free text and never logged or journalled.
 */
import { assign, setup } from 'xstate';
import type { A4PrinterProblem } from '../../contract/flows/common';
import type { CertificatePurpose, NoCriminalRecordReason } from '../../contract/flows/no-criminal-record';
import { maskIdNumber } from '../../contract/id-number';
import type { NoCriminalRecordCertificate } from '../gateway/types';
import { closeUnpaid, logEvent, type FlowEnding } from '../kit/deps';
import { printDocument } from '../kit/steps/document';
import { chainDelays, faceState, identityState, type ChainPatch } from '../kit/identity-chain';
import { faceStep } from '../kit/steps/face';
import { identityStep } from '../kit/steps/identity';
import { undoEffects } from '../kit/steps/undo';
import { choosePurpose, giveStatement, savedForStaff } from './decisions';
import { checkRecord, issueCertificate, lookUpResident, type NoCriminalRecordDeps } from './work';
import { CANCELLED_ENDING, endingOutput, endingStates, failedEnding } from '../kit/endings';

/** The public state the resident sees (for the view of an ending: where it ended). */
export type VisibleState = 'notice' | 'identity' | 'lookup' | 'face' | 'faceCheck' | 'purpose' | 'checking' | 'statement' | 'printing' | 'done';

export interface NoCriminalRecordContext {
  deps: NoCriminalRecordDeps;
  at: VisibleState;
  identity?: { idNumber: string; source: 'card' | 'typed' };
  transactionId?: string;
  period?: { from: string; to: string };
  purpose?: { kind: CertificatePurpose; printed: string };
  purposeProblem?: 'textRequired' | 'textTooLong';
  certificatesThisYear: number;
  statement?: string;
  statementProblem?: 'empty' | 'tooShort' | 'tooLong';
  certificate?: NoCriminalRecordCertificate;
  phase: 'issuing' | 'printing';
  printerProblem?: A4PrinterProblem;
  ticketNo?: string;
  failure?: { code: NoCriminalRecordReason; message: string };
  /** Words for the staff ticket when the certificate is voided. */
  undo?: { why: string; ticket?: string };
  /** What the done screen shows: masked and non-personal, kept after the wipe. */
  doneView?: { certificateNo: string; maskedIdNumber: string; validUntil: string };
  ending?: FlowEnding;
}

export type NoCriminalRecordEvent =
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'cancel' }
  | { type: 'idNumberEntered'; idNumber: string }
  | { type: 'faceCaptured'; imageJpegBase64: string }
  | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' }
  | { type: 'purposeChosen'; purpose: CertificatePurpose; text?: string }
  | { type: 'statementGiven'; text: string };

const fail = (code: NoCriminalRecordReason, message: string) => ({ failure: { code, message } });
/** How the identity chain (kit) ends and writes here. */
const chain = { failed: 'failed', cancelled: 'cancelled', into: (patch: ChainPatch): Partial<NoCriminalRecordContext> => patch };

export const noCriminalRecordMachine = setup({
  types: {} as { context: NoCriminalRecordContext; events: NoCriminalRecordEvent; input: { deps: NoCriminalRecordDeps }; output: FlowEnding },
  actors: { identityStep, faceStep, lookUpResident, checkRecord, issueCertificate, printDocument, undoEffects },
  delays: {
    notice: ({ context }) => context.deps.settings.timeouts.notice,
    // A step's own time-outs decide; the parent's is the backstop if a step ever hangs.
    ...chainDelays,
    purpose: ({ context }) => context.deps.settings.timeouts.purpose,
    checking: ({ context }) => context.deps.settings.timeouts.checking,
    statement: ({ context }) => context.deps.settings.timeouts.statement,
    issuing: ({ context }) => context.deps.settings.timeouts.issuing,
    printing: ({ context }) => context.deps.settings.timeouts.printing,
    undo: ({ context }) => context.deps.settings.timeouts.undo,
    printingHard: ({ context }) => context.deps.settings.timeouts.issuing + context.deps.settings.timeouts.printing + context.deps.settings.timeouts.undo + 5_000,
  },
  guards: {
    enabled: ({ context }) => context.deps.settings.enabled,
  },
  actions: {
    endFailed: assign(({ context }) => failedEnding(context.failure)),
    endCancelled: assign(CANCELLED_ENDING),
    /** Drops every personal datum from the context (on every ending). */
    wipe: assign({ identity: undefined, certificate: undefined, purpose: undefined, statement: undefined }),
    closeUnpaid: ({ context }) => closeUnpaid(context.deps.kit, context.transactionId, context.failure?.code ?? 'cancelled'),
    logEnd: ({ context }, params: { status: FlowEnding['status'] }) =>
      logEvent(context.deps.kit, 'no-criminal-record-ended', { tx: context.transactionId, status: params.status, code: context.failure?.code }),
  },
}).createMachine({
  id: 'noCriminalRecord',
  context: ({ input }) => ({ deps: input.deps, at: 'notice', phase: 'issuing', certificatesThisYear: 0 }),
  initial: 'notice',
  states: {
    notice: {
      tags: ['waitingForResident'],
      after: { notice: { target: 'failed', actions: assign(fail('timeout', 'notice timed out')) } },
      on: {
        accept: [{ guard: 'enabled', target: 'identity' }, { target: 'failed', actions: assign(fail('serviceDisabled', 'the service is switched off')) }],
        decline: 'cancelled',
        cancel: 'cancelled',
      },
    },
    identity: identityState<NoCriminalRecordContext, NoCriminalRecordEvent>({ ...chain, next: 'lookup', identityFailed: (reason, message) => fail(reason as NoCriminalRecordReason, message) }),
    lookup: {
      entry: assign({ at: 'lookup' }),
      invoke: {
        src: 'lookUpResident',
        input: ({ context }) => ({ deps: context.deps, idNumber: context.identity!.idNumber, source: context.identity!.source }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'face', actions: assign(({ event }) => (event.output.ok ? { transactionId: event.output.transactionId, period: event.output.period } : {})) },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason, event.output.message))) },
        ],
      },
      after: { lookup: { target: 'failed', actions: assign(fail('backendUnavailable', 'registry lookup timed out')) } },
      on: { cancel: 'cancelled' },
    },
    face: faceState<NoCriminalRecordContext, NoCriminalRecordEvent>({ ...chain, next: 'purpose', person: (context) => ({ idNumber: context.identity!.idNumber, transactionId: context.transactionId }) }),
    purpose: {
      entry: assign({ at: 'purpose' }),
      tags: ['waitingForResident'],
      after: { purpose: { target: 'failed', actions: assign(fail('timeout', 'purpose timed out')) } },
      on: {
        purposeChosen: [
          { guard: ({ context, event }) => choosePurpose(context.deps.settings, event).ok, target: 'checking', actions: assign(({ context, event }) => ({ purpose: choosePurpose(context.deps.settings, event).purpose, purposeProblem: undefined })) },
          { actions: assign(({ context, event }) => ({ purposeProblem: choosePurpose(context.deps.settings, event).problem })) },
        ],
        cancel: 'cancelled',
      },
    },
    checking: {
      entry: assign({ at: 'checking' }),
      invoke: {
        src: 'checkRecord',
        input: ({ context }) => ({ deps: context.deps, idNumber: context.identity!.idNumber }),
        onDone: [
          { guard: ({ event }) => event.output.ok && event.output.statementNeeded, target: 'statement', actions: assign(({ event }) => ({ certificatesThisYear: event.output.ok ? event.output.certificatesThisYear : 0 })) },
          { guard: ({ event }) => event.output.ok, target: 'printing' },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason, event.output.message))) },
        ],
      },
      after: { checking: { target: 'failed', actions: assign(fail('backendUnavailable', 'the check timed out')) } },
      on: { cancel: 'cancelled' },
    },
    statement: {
      entry: assign({ at: 'statement' }),
      tags: ['waitingForResident'],
      after: { statement: { target: 'failed', actions: assign(fail('timeout', 'statement timed out')) } },
      on: {
        statementGiven: [
          { guard: ({ context, event }) => giveStatement(context.deps.settings, event.text).ok, target: 'printing', actions: assign(({ event }) => ({ statement: event.text.trim(), statementProblem: undefined })) },
          { actions: assign(({ context, event }) => ({ statementProblem: giveStatement(context.deps.settings, event.text).problem })) },
        ],
        cancel: 'cancelled',
      },
    },
    printing: {
      entry: assign({ at: 'printing' }),
      initial: 'issuing',
      // Once the backend is asked to issue, leaving is not possible: it is printed, kept or voided.
      on: { cancel: {} },
      // Each part has its own time-out; this is the backstop if one ever hangs (the leftovers settle it).
      // It goes to staff (the certificate's number is in the journal), as a printer failure would.
      after: { printingHard: { target: 'failed', actions: assign(({ context }) => ({ ...fail('internalError', 'printing did not end'), ticketNo: savedForStaff(context) })) } },
      states: {
        issuing: {
          entry: assign({ phase: 'issuing' }),
          invoke: {
            src: 'issueCertificate',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, idNumber: context.identity!.idNumber, purpose: context.purpose!.printed, statement: context.statement }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: 'printing', actions: assign(({ event }) => ({ certificate: event.output.ok ? event.output.certificate : undefined })) },
              // The backend's own yearly rule asks for a statement the kiosk's rule did not: ask for it.
              { guard: ({ context, event }) => !event.output.ok && event.output.reason === 'statementNeeded' && !context.statement, target: '#noCriminalRecord.statement' },
              { guard: ({ event }) => !event.output.ok && (event.output.reason === 'notIssuableHere' || event.output.reason === 'journalUnavailable'), target: '#noCriminalRecord.failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason as NoCriminalRecordReason, event.output.message))) },
              {
                target: 'voiding',
                actions: assign(({ event }) => {
                  const reason = event.output.ok || event.output.reason === 'statementNeeded' ? 'internalError' : event.output.reason;
                  return { ...fail(reason as NoCriminalRecordReason, event.output.ok ? '' : event.output.message), undo: { why: `issue did not complete (${reason})` } };
                }),
              },
            ],
          },
          after: { issuing: { target: 'voiding', actions: assign({ ...fail('backendUnavailable', 'the issue timed out'), undo: { why: 'issue timed out' } }) } },
        },
        printing: {
          entry: assign({ phase: 'printing' }),
          invoke: {
            src: 'printDocument',
            input: ({ context }) => ({
              deps: context.deps.kit,
              printer: context.deps.documentPrinter(),
              transactionId: context.transactionId!,
              document: { kind: 'NCR' as const, data: context.certificate!.document, code: context.certificate!.verificationCode },
              trustedKeys: context.deps.trustedKeys,
              timeoutMs: context.deps.settings.printTimeoutMs,
            }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#noCriminalRecord.done' },
              {
                guard: ({ event }) => !event.output.ok && event.output.stage === 'printer',
                target: 'keepingForStaff',
                actions: assign(({ event }) => ({ printerProblem: !event.output.ok && event.output.stage === 'printer' ? event.output.problem : 'other', ...fail('printerFailed', 'the A4 printer did not print the certificate') })),
              },
              {
                target: 'voiding',
                actions: assign(({ context, event }) => {
                  const refusal = !event.output.ok && event.output.stage === 'refused' ? event.output.refusal : undefined;
                  const notGenuine = refusal?.reason === 'notVerified' || refusal?.reason === 'fieldsMismatch';
                  const what = `certificate ${context.certificate?.certificateNo ?? ''}: ${refusal?.reason ?? 'refused'}${refusal && 'verdict' in refusal ? ` (${refusal.verdict})` : ''}`;
                  return {
                    ...fail(notGenuine ? 'certificateNotVerified' : 'certificateNotPrintable', `not printed: ${refusal?.reason ?? 'refused'}`),
                    undo: { why: `not printed: ${refusal?.reason ?? 'refused'}`, ticket: notGenuine ? `${what}; nothing printed, certificate voided; check the issuer keys` : `${what}; voided; issue it at the counter` },
                  };
                }),
              },
            ],
          },
          after: { printing: { target: 'keepingForStaff', actions: assign({ printerProblem: 'timeOut' as const, ...fail('printerFailed', 'printing timed out') }) } },
        },
        keepingForStaff: {
          // Valid and signed: kept for a staff reprint (its number is in the journal), not voided.
          always: { target: '#noCriminalRecord.failed', actions: assign(({ context }) => ({ ticketNo: savedForStaff(context) })) },
        },
        voiding: {
          invoke: {
            src: 'undoEffects',
            input: ({ context }) => ({ deps: context.deps.kit, transactionId: context.transactionId!, why: context.undo?.why ?? 'not delivered', ...(context.undo?.ticket ? { ticket: context.undo.ticket } : {}) }),
            onDone: { target: '#noCriminalRecord.failed', actions: assign(({ event }) => (event.output.ticketNo ? { ticketNo: event.output.ticketNo } : {})) },
            onError: '#noCriminalRecord.failed',
          },
          // The void did not finish: staff make sure the certificate does not stand.
          after: {
            undo: {
              target: '#noCriminalRecord.failed',
              actions: assign(({ context }) => {
                const opened = context.deps.kit.journal.openTicket(context.transactionId!, `${context.undo?.why ?? 'not delivered'}; voiding did not finish: void it at the backend`);
                return opened.ok ? { ticketNo: opened.value.number } : {};
              }),
            },
          },
        },
      },
    },
    done: {
      type: 'final',
      entry: [
        assign(({ context }) => ({
          at: 'done' as const,
          ending: { status: 'done' as const },
          doneView: { certificateNo: context.certificate!.certificateNo, maskedIdNumber: maskIdNumber(context.identity!.idNumber), validUntil: context.certificate!.validUntil },
        })),
        ({ context }) => context.deps.kit.journal.complete(context.transactionId!),
        { type: 'logEnd', params: { status: 'done' } },
        'wipe',
      ],
    },
    ...endingStates<NoCriminalRecordContext, NoCriminalRecordEvent>({ closeUnpaid: true }),
  },
  output: endingOutput,
});
