/**
 * The exit-entry endorsement flow on the service kit (contract/flows/exit-entry.ts):
 * notice → permit (chip read and checked) → face (kit, against the chip's photo and the
 * administration's) → eligibility → choose → confirm → payment (kit) → writing (approval, chip
 * write, read back) → the card's back and the receipt → done.
 *
 * Money: the fee is taken before the write. When the administration refuses, the chip refuses, or
 * the card leaves during the write and does not come back (the outcome unknown), the flow goes
 * through `settling` — the kit's refund, the approval withdrawn (compensation), ticket and slip —
 * so nobody pays without an endorsement. Once the chip holds the endorsement the fee stands: a card
 * printer that fails on the back gets a staff ticket and the resident is told.
 */
import { assign, sendTo, setup } from 'xstate';
import type { ExitEntryReason } from '../../contract/flows/exit-entry';
import { maskIdNumber } from '../../contract/id-number';
import { maskPermitNumber } from '../../contract/permit-ocr';
import { closeUnpaid, journalStep, logEvent, type FlowEnding } from '../kit/deps';
import { chainDelays, faceState, type ChainPatch } from '../kit/identity-chain';
import { faceStep } from '../kit/steps/face';
import { paymentStep } from '../kit/steps/payment';
import { settleStep } from '../kit/steps/settle';
import { summaryOf } from './chip';
import { choiceOf, openTransaction, receiptData, recordRefusal, type ExitEntryContext, type ExitEntryEvent } from './context';
import type { ExitEntryDeps } from './deps';
import { permitStep } from './permit-step';
import { notEndorsedSlip } from './receipt';
import { pickOffer } from './rules';
import { checkEligibility, NOT_ENDORSED_WORDS, permitFaceComparator, printBack, printReceipt } from './work';
import { writeStep } from './write-step';
import { CANCELLED_ENDING, endingOutput, endingStates, failedEnding } from '../kit/endings';

const fail = (code: ExitEntryReason, message: string) => ({ failure: { code, message } });

export const exitEntryMachine = setup({
  types: {} as { context: ExitEntryContext; events: ExitEntryEvent; input: { deps: ExitEntryDeps }; output: FlowEnding },
  actors: { permitStep, faceStep, checkEligibility, paymentStep, writeStep, printBack, printReceipt, settleStep },
  delays: {
    notice: ({ context }) => context.deps.settings.timeouts.notice,
    // A step's own time-outs decide; the parent's is the backstop if a step ever hangs.
    permit: ({ context }) => (context.deps.settings.timeouts.permit + context.deps.settings.timeouts.reading) * context.deps.settings.maxReadAttempts + 5_000,
    face: chainDelays.face,
    eligibility: ({ context }) => context.deps.settings.timeouts.eligibility,
    choose: ({ context }) => context.deps.settings.timeouts.choose,
    confirm: ({ context }) => context.deps.settings.timeouts.confirm,
    payment: ({ context }) => context.deps.settings.timeouts.payment,
    paymentHard: ({ context }) => context.deps.settings.timeouts.payment + 3 * context.deps.settings.timeouts.exchange,
    writingHard: ({ context }) => context.deps.settings.timeouts.approving + 6 * context.deps.settings.timeouts.writing + 3 * context.deps.settings.replaceMs + 5_000,
    printing: ({ context }) => context.deps.settings.timeouts.printing,
    settle: ({ context }) => context.deps.settings.timeouts.settle * 4,
  },
  guards: {
    enabled: ({ context }) => context.deps.settings.enabled,
    devicesNotReady: ({ context }) => context.deps.kit.readiness?.() !== undefined,
    permitOnReader: ({ context }) => context.deps.reader()?.status().media === 'present',
  },
  actions: {
    endFailed: assign(({ context }) => failedEnding(context.failure)),
    endCancelled: assign(CANCELLED_ENDING),
    /** Drops every personal datum from the context (on every ending); the sealed access key goes too. */
    wipe: assign(({ context }) => {
      if (context.transactionId) context.deps.scratch.remove(context.transactionId);
      return { permit: undefined, accessKey: undefined, holder: undefined };
    }),
    closeUnpaid: ({ context }) => closeUnpaid(context.deps.kit, context.transactionId, context.failure?.code ?? 'cancelled'),
    logEnd: ({ context }, params: { status: FlowEnding['status'] }) => logEvent(context.deps.kit, 'exit-entry-ended', { tx: context.transactionId, status: params.status, code: context.failure?.code }),
  },
}).createMachine({
  id: 'exitEntry',
  context: ({ input }) => ({ deps: input.deps, at: 'notice', onChip: [], phase: 'approving', receiptPending: false }),
  initial: 'notice',
  states: {
    notice: {
      tags: ['waitingForResident'],
      after: { notice: { target: 'failed', actions: assign(fail('timeout', 'notice timed out')) } },
      on: {
        accept: [{ guard: 'enabled', target: 'permit' }, { target: 'failed', actions: assign(fail('serviceDisabled', 'the service is switched off')) }],
        decline: 'cancelled',
        cancel: 'cancelled',
      },
    },
    permit: {
      entry: assign({ at: 'permit' }),
      invoke: {
        id: 'permit',
        src: 'permitStep',
        input: ({ context }) => ({ deps: context.deps }),
        onDone: [
          // Taiwan permits (CD) carry other endorsements: the counter issues them.
          { guard: ({ event }) => event.output.ok && event.output.permit.documentCode !== 'CS', target: 'failed', actions: assign(fail('permitNotOffered', 'not a Hong Kong and Macao permit')) },
          { guard: ({ event }) => event.output.ok, target: 'face', actions: assign(({ event }) => (event.output.ok ? { permit: event.output.permit, accessKey: event.output.accessKey, onChip: event.output.onChip } : {})) },
          { guard: ({ event }) => !event.output.ok && event.output.reason === 'cancelled', target: 'cancelled' },
          {
            target: 'failed',
            actions: assign(({ context, event }) => {
              if (event.output.ok) return {};
              const { reason, message, staffTicket } = event.output;
              const ticketNo = staffTicket ? recordRefusal(context, { reason, ticket: `permit chip refused (${reason}): ${message}; check the card` }) : undefined;
              return { ...fail(reason, message), ...(ticketNo ? { ticketNo } : {}), ...(event.output.permitExpiry ? { permitExpiry: event.output.permitExpiry } : {}) };
            }),
          },
        ],
      },
      after: { permit: { target: 'failed', actions: assign(fail('timeout', 'permit step timed out')) } },
      on: { ocrLineTyped: { actions: sendTo('permit', ({ event }) => event) }, cancel: 'cancelled' },
    },
    // Against the chip's photo and the administration's, not the registry's.
    face: faceState<ExitEntryContext, ExitEntryEvent>({
      failed: 'failed',
      cancelled: 'cancelled',
      into: (patch: ChainPatch<'face' | 'faceCheck'>): Partial<ExitEntryContext> => patch,
      next: 'eligibility',
      person: (context) => ({ idNumber: '', compare: permitFaceComparator(context.deps.kit, context.permit!.documentNumber, context.permit!.face.image) }),
    }),
    eligibility: {
      entry: assign({ at: 'eligibility' }),
      invoke: {
        src: 'checkEligibility',
        input: ({ context }) => ({ deps: context.deps, permit: context.permit! }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'choose', actions: assign(({ event }) => (event.output.ok ? { offers: event.output.offers, holder: event.output.holder } : {})) },
          {
            guard: ({ event }) => !event.output.ok && event.output.reason === 'notEligible',
            target: 'failed',
            actions: assign(({ context, event }) => {
              if (event.output.ok || event.output.reason !== 'notEligible') return {};
              recordRefusal(context, { reason: event.output.refusal, ...(event.output.holder ? { idNumber: event.output.holder.idNumber } : {}) });
              return { ...fail('notEligible', event.output.message), refusal: event.output.refusal };
            }),
          },
          { target: 'failed', actions: assign(({ event }) => (event.output.ok ? {} : fail(event.output.reason, event.output.message))) },
        ],
        onError: { target: 'failed', actions: assign(({ event }) => fail('internalError', String(event.error).slice(0, 300))) },
      },
      after: { eligibility: { target: 'failed', actions: assign(fail('backendUnavailable', 'eligibility check timed out')) } },
      on: { cancel: 'cancelled' },
    },
    choose: {
      entry: assign({ at: 'choose' }),
      tags: ['waitingForResident'],
      after: { choose: { target: 'failed', actions: assign(fail('timeout', 'choice timed out')) } },
      on: {
        endorsementChosen: [
          {
            guard: ({ context, event }) => pickOffer(context.offers ?? [], choiceOf(event)) !== undefined,
            target: 'confirm',
            actions: assign(({ context, event }) => {
              const picked = pickOffer(context.offers ?? [], choiceOf(event))!;
              return { choice: { ...choiceOf(event), stayDays: picked.offer.stayDays, feeFen: picked.feeFen }, chooseProblem: undefined };
            }),
          },
          { actions: assign({ chooseProblem: 'notOffered' as const }) },
        ],
        cancel: 'cancelled',
      },
    },
    confirm: {
      entry: assign({ at: 'confirm', confirmProblem: undefined }),
      tags: ['waitingForResident'],
      after: { confirm: { target: 'failed', actions: assign(fail('timeout', 'confirm timed out')) } },
      on: {
        confirm: [
          // The permit must be on the reader before any money is asked for: the write follows the payment.
          { guard: 'permitOnReader', target: 'payment' },
          { actions: assign({ confirmProblem: 'permitRemoved' as const }) },
        ],
        back: { target: 'choose', actions: assign({ choice: undefined }) },
        cancel: 'cancelled',
      },
    },
    payment: {
      entry: assign({ at: 'payment' }),
      initial: 'checkingDevices',
      states: {
        // Never ask for money the kiosk already knows it cannot deliver for.
        checkingDevices: {
          always: [
            { guard: 'devicesNotReady', target: '#exitEntry.failed', actions: assign(fail('deviceNotReady', 'a required device is not ready before payment')) },
            {
              target: 'paying',
              actions: assign(({ context }) => {
                const transactionId = openTransaction(context);
                if (!transactionId) throw new Error('the journal refused to open the transaction');
                return { transactionId };
              }),
            },
          ],
        },
        paying: {
          invoke: {
            id: 'payment',
            src: 'paymentStep',
            input: ({ context }) => ({
              deps: context.deps.kit,
              transactionId: context.transactionId!,
              amountFen: context.choice!.feeFen,
              purpose: 'endorsementFee' as const,
              windowMs: context.deps.settings.paymentTimeoutMs,
              pollMs: context.deps.settings.paymentPollMs,
              exchangeTimeoutMs: context.deps.settings.timeouts.exchange,
            }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#exitEntry.writing', actions: assign(({ event }) => ({ money: event.output.money, orderId: event.output.ok ? event.output.orderId : undefined })) },
              // Cancelled because the payment state timed out: a time-out, not the resident's cancel.
              { guard: ({ context, event }) => !event.output.ok && context.failure?.code === 'timeout', target: '#exitEntry.failed', actions: assign(({ event }) => ({ money: event.output.money })) },
              { guard: ({ event }) => !event.output.ok && event.output.reason === 'cancelled', target: '#exitEntry.cancelled', actions: assign(({ event }) => ({ money: event.output.money })) },
              { target: '#exitEntry.failed', actions: assign(({ event }) => ({ money: event.output.money, ...(event.output.ok ? {} : fail(event.output.reason, event.output.message)) })) },
            ],
          },
          on: { cancelPayment: { actions: sendTo('payment', { type: 'cancel' }) }, cancel: { actions: sendTo('payment', { type: 'cancel' }) } },
        },
      },
      after: {
        // The resident walked away with the QR on screen: cancel the order, refunding anything that lands.
        payment: { actions: [assign(fail('timeout', 'payment timed out')), sendTo('payment', { type: 'cancel' })] },
        paymentHard: { target: 'failed', actions: assign(fail('internalError', 'payment step did not end')) },
      },
    },
    writing: {
      entry: assign({ at: 'writing', phase: 'approving' }),
      // Once paid, leaving is not possible: the endorsement is written or the money goes back.
      on: { cancel: {} },
      invoke: {
        id: 'write',
        src: 'writeStep',
        input: ({ context }) => ({
          deps: context.deps,
          transactionId: context.transactionId!,
          orderId: context.orderId!,
          documentNumber: context.permit!.documentNumber,
          accessKey: context.accessKey!,
          choice: { type: context.choice!.type, destination: context.choice!.destination, validityMonths: context.choice!.validityMonths, trips: context.choice!.trips },
          feeFen: context.choice!.feeFen,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'printing',
            actions: [
              assign(({ event }) => ({ approved: event.output.ok ? event.output.approved : undefined })),
              // On the chip: delivered. The fee stands from here, whatever the printers do.
              ({ context }) => journalStep(context.deps.kit, context.transactionId, { kind: 'printed', idempotencyKey: 'chip', data: { document: 'endorsementChip', serial: context.approved!.record.serial } }),
              ({ context }) => context.deps.scratch.remove(context.transactionId!),
            ],
          },
          {
            target: 'settling',
            actions: assign(({ event }) => {
              if (event.output.ok) return {};
              return { ...fail(event.output.reason, event.output.message), settle: { why: `${event.output.reason}: ${event.output.message}`.slice(0, 200), what: NOT_ENDORSED_WORDS[event.output.reason] } };
            }),
          },
        ],
        onError: { target: 'settling', actions: assign({ ...fail('writeNotConfirmed', 'the write step failed'), settle: { why: 'write step failed', what: NOT_ENDORSED_WORDS.writeNotConfirmed } }) },
      },
      after: { writingHard: { target: 'settling', actions: assign({ ...fail('writeNotConfirmed', 'the write did not end'), settle: { why: 'write did not end', what: NOT_ENDORSED_WORDS.writeNotConfirmed } }) } },
    },
    printing: {
      initial: 'back',
      on: { cancel: {} },
      after: {
        printing: {
          target: 'done',
          actions: assign(({ context }) => {
            const ticket = context.deps.kit.journal.openTicket(context.transactionId!, `endorsement on the chip; ${context.phase === 'printing' ? "the card's back was not printed (timed out): print it" : 'receipt not printed (timed out)'}`);
            return context.phase === 'printing' ? { backProblem: 'timeOut' as const, ...(ticket.ok ? { ticketNo: ticket.value.number } : {}) } : { receiptPending: true };
          }),
        },
      },
      states: {
        back: {
          entry: assign({ phase: 'printing' }),
          invoke: {
            src: 'printBack',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, approved: context.approved!, stayDays: context.choice!.stayDays }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: 'receipt', actions: ({ context }) => journalStep(context.deps.kit, context.transactionId, { kind: 'printed', idempotencyKey: 'back', data: { document: 'endorsementBack' } }) },
              {
                target: 'receipt',
                actions: [
                  ({ context, event }) => journalStep(context.deps.kit, context.transactionId, { kind: 'printFailed', idempotencyKey: 'back', data: { device: 'cardPrinter', cause: event.output.ok ? '' : event.output.problem } }),
                  assign(({ context, event }) => {
                    const problem = event.output.ok ? ('other' as const) : event.output.problem;
                    const ticket = context.deps.kit.journal.openTicket(context.transactionId!, `endorsement ${context.approved!.record.serial} is on the chip; the card's back was not printed (${problem}): print the back for the resident; the fee stands`);
                    return { backProblem: problem, ...(ticket.ok ? { ticketNo: ticket.value.number } : {}) };
                  }),
                ],
              },
            ],
          },
        },
        receipt: {
          entry: [
            assign({ phase: 'receipt' }),
            // Saved before printing, so a crash mid-print leaves a receipt staff can reprint.
            ({ context }) => context.deps.kit.journal.saveReceipt(context.transactionId!, 'exitEntryReceipt', { ...receiptData(context) }),
          ],
          invoke: {
            src: 'printReceipt',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, data: receiptData(context) }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#exitEntry.done', actions: ({ context }) => journalStep(context.deps.kit, context.transactionId, { kind: 'receiptPrinted', data: { document: 'exitEntryReceipt' } }) },
              {
                target: '#exitEntry.done',
                actions: [
                  assign({ receiptPending: true }),
                  ({ context, event }) => context.deps.kit.journal.openTicket(context.transactionId!, `receipt not printed (${event.output.ok ? '' : event.output.cause}); endorsed; reprint the saved receipt`),
                ],
              },
            ],
          },
        },
      },
    },
    settling: {
      entry: assign({ phase: 'compensating' }),
      invoke: {
        src: 'settleStep',
        input: ({ context }) => ({
          deps: context.deps.kit,
          transactionId: context.transactionId!,
          why: context.settle?.why ?? context.failure?.message ?? 'not endorsed after payment',
          what: context.settle?.what ?? NOT_ENDORSED_WORDS.writeRefused,
          maskedIdNumber: maskIdNumber(context.holder?.idNumber ?? ''),
          feeFen: context.choice?.feeFen ?? 0,
          slip: notEndorsedSlip,
          timeoutMs: context.deps.settings.timeouts.settle,
        }),
        onDone: { target: 'failed', actions: assign(({ event }) => ({ money: event.output.money })) },
      },
      // A settlement that never finished: staff must check whether the refund went through.
      after: {
        settle: {
          target: 'failed',
          actions: assign(({ context }) => {
            const ticket = context.deps.kit.journal.openTicket(context.transactionId!, 'settlement after payment did not finish; check the refund and withdraw the endorsement');
            return { money: { status: 'unknownByStaff' as const, amountFen: context.money?.amountFen ?? context.choice?.feeFen ?? 0, ...(ticket.ok ? { ticketNo: ticket.value.number } : {}) } };
          }),
        },
      },
      on: { cancel: {} },
    },
    done: {
      type: 'final',
      entry: [
        assign(({ context }) => ({
          at: 'done' as const,
          ending: { status: 'done' as const },
          doneView: {
            endorsement: { ...summaryOf(context.approved!.record), serial: context.approved!.record.serial },
            maskedNumber: maskPermitNumber(context.permit!.documentNumber),
            transactionNo: context.transactionId!,
            paidFen: context.money?.amountFen ?? context.choice!.feeFen,
            backPrinted: context.backProblem === undefined,
            ...(context.backProblem ? { backProblem: context.backProblem } : {}),
            receiptPending: context.receiptPending,
            ...(context.ticketNo ? { ticketNo: context.ticketNo } : {}),
          },
        })),
        ({ context }) => context.deps.kit.journal.complete(context.transactionId!),
        { type: 'logEnd', params: { status: 'done' } },
        'wipe',
      ],
    },
    ...endingStates<ExitEntryContext, ExitEntryEvent>({ closeUnpaid: true }),
  },
  output: endingOutput,
});
