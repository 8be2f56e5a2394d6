/**
 * The temporary resident ID card flow on the service kit (contract/flows/temp-id-card.ts):
 * notice → identity (kit) → eligibility → face (kit) → confirm → payment (kit) → printing → done.
 * A failure after payment goes through `settling` (the kit's refund + withdrawal + ticket + slip)
 * before it ends; nothing else here knows about money.
 *
 * Personal data (the clear ID number, the registry record, the issue) lives in this machine's
 * context only and is wiped on every ending; views are masked; the journal gets masked data only.
 */
import { assign, sendTo, setup } from 'xstate';
import type { TempIdReason } from '../../contract/flows/temp-id-card';
import { maskIdNumber } from '../../contract/id-number';
import { recordEffect } from '../gateway/compensation';
import { closeUnpaid, journalStep, logEvent, type FlowEnding } from '../kit/deps';
import { openTransaction, type TempIdContext, type TempIdEvent } from './context';
import { chainDelays, faceState, identityState, type ChainPatch } from '../kit/identity-chain';
import { faceStep } from '../kit/steps/face';
import { identityStep } from '../kit/steps/identity';
import { paymentStep } from '../kit/steps/payment';
import { settleStep } from '../kit/steps/settle';
import { notIssuedSlip } from './receipt';
import { applyForCard, checkEligibility, hasUnprintableCharacter, PROBLEM_WORDS, printCard, printReceipt, receiptData, type TempIdDeps } from './work';
import type { ResidentRecord } from '../../devices/id-reader/text-block';
import { CANCELLED_ENDING, endingOutput, endingStates, failedEnding } from '../kit/endings';

/** A card whose name the card printer cannot print faithfully goes to the counter. */
const checkCard = (record: ResidentRecord): TempIdReason | undefined => (hasUnprintableCharacter(record.name) ? 'rareCharacter' : undefined);

/** How the identity chain (kit) ends and writes here. */
const chain = { failed: 'failed', cancelled: 'cancelled', into: (patch: ChainPatch<'identity' | 'face' | 'faceCheck'>): Partial<TempIdContext> => patch };

export const tempIdMachine = setup({
  types: {} as { context: TempIdContext; events: TempIdEvent; input: { deps: TempIdDeps }; output: FlowEnding },
  actors: { identityStep, faceStep, paymentStep, settleStep, checkEligibility, applyForCard, printCard, printReceipt },
  delays: {
    notice: ({ context }) => context.deps.settings.timeouts.notice,
    // A step's own time-outs decide; the parent's is the backstop if a step ever hangs.
    identity: chainDelays.identity,
    eligibility: ({ context }) => context.deps.settings.timeouts.eligibility,
    face: chainDelays.face,
    confirm: ({ context }) => context.deps.settings.timeouts.confirm,
    payment: ({ context }) => context.deps.settings.timeouts.payment,
    paymentHard: ({ context }) => context.deps.settings.timeouts.payment + 3 * context.deps.settings.timeouts.exchange,
    exchange: ({ context }) => context.deps.settings.timeouts.exchange,
    printing: ({ context }) => context.deps.settings.timeouts.printing,
    settle: ({ context }) => context.deps.settings.timeouts.settle * 4,
  },
  guards: {
    enabled: ({ context }) => context.deps.settings.enabled,
    devicesNotReady: ({ context }) => context.deps.kit.readiness?.() !== undefined,
    nothingPaid: ({ context }) => context.money === undefined || context.money.status === 'notCharged',
  },
  actions: {
    endFailed: assign(({ context }) => ({ ending: failedEnding(context.failure).ending })),
    endCancelled: assign(CANCELLED_ENDING),
    fail: assign((_, params: { code: TempIdReason; message: string }) => ({ failure: params })),
    /** Drops every personal datum from the context (on every ending). */
    wipe: assign({ identity: undefined, registry: undefined, issue: undefined }),
    closeUnpaid: ({ context }) => closeUnpaid(context.deps.kit, context.transactionId, context.failure?.code ?? 'cancelled'),
    logEnd: ({ context }, params: { status: FlowEnding['status'] }) => logEvent(context.deps.kit, 'temp-id-ended', { tx: context.transactionId, status: params.status, code: context.failure?.code }),
  },
}).createMachine({
  id: 'tempIdCard',
  context: ({ input }) => ({ deps: input.deps, at: 'notice', printing: { phase: 'registering' }, receiptPending: false }),
  initial: 'notice',
  states: {
    notice: {
      tags: ['waitingForResident'],
      after: { notice: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'notice timed out' } } } },
      on: {
        accept: [{ guard: 'enabled', target: 'identity' }, { target: 'failed', actions: { type: 'fail', params: { code: 'serviceDisabled', message: 'the service is switched off' } } }],
        decline: 'cancelled',
        cancel: 'cancelled',
      },
    },
    identity: identityState<TempIdContext, TempIdEvent>({ ...chain, next: 'eligibility', checkCard, identityFailed: (reason, message) => ({ failure: { code: reason as TempIdReason, message } }) }),
    eligibility: {
      entry: assign({ at: 'eligibility' }),
      invoke: {
        src: 'checkEligibility',
        input: ({ context }) => ({ deps: context.deps, idNumber: context.identity!.idNumber }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'face',
            actions: assign(({ context, event }) => {
              if (!event.output.ok) return {};
              const transactionId = openTransaction(context, { eligible: true });
              if (!transactionId) throw new Error('the journal refused to open the transaction');
              return { transactionId, registry: event.output.registry, validFrom: event.output.validFrom, validUntil: event.output.validUntil };
            }),
          },
          {
            target: 'failed',
            actions: assign(({ context, event }) => {
              if (event.output.ok) return {};
              const failure = { code: event.output.reason, message: event.output.message };
              // A refusal by the registry's rules is recorded (masked) for staff; an unreachable backend is not.
              return event.output.recordRefusal ? { failure, transactionId: openTransaction(context, { eligible: false, reason: event.output.reason }) } : { failure };
            }),
          },
        ],
        onError: { target: 'failed', actions: assign(({ event }) => ({ failure: { code: 'journalUnavailable' as const, message: String(event.error) } })) },
      },
      after: { eligibility: { target: 'failed', actions: { type: 'fail', params: { code: 'backendUnavailable', message: 'eligibility check timed out' } } } },
      on: { cancel: 'cancelled' },
    },
    face: faceState<TempIdContext, TempIdEvent>({ ...chain, next: 'confirm', person: (context) => ({ idNumber: context.identity!.idNumber, transactionId: context.transactionId }) }),
    confirm: {
      entry: assign({ at: 'confirm' }),
      tags: ['waitingForResident'],
      after: { confirm: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'confirm timed out' } } } },
      on: {
        confirm: 'payment',
        back: {
          target: 'identity',
          actions: [
            ({ context }) => closeUnpaid(context.deps.kit, context.transactionId, 'cancelled'),
            assign({ transactionId: undefined, identity: undefined, registry: undefined, validFrom: undefined, validUntil: undefined }),
          ],
        },
        cancel: 'cancelled',
      },
    },
    payment: {
      entry: assign({ at: 'payment' }),
      initial: 'checkingDevices',
      states: {
        // Never ask for money the kiosk already knows it cannot deliver for.
        checkingDevices: {
          always: [{ guard: 'devicesNotReady', target: '#tempIdCard.failed', actions: { type: 'fail', params: { code: 'deviceNotReady', message: 'a required device is not ready before payment' } } }, { target: 'paying' }],
        },
        paying: {
          invoke: {
            id: 'payment',
            src: 'paymentStep',
            input: ({ context }) => ({
              deps: context.deps.kit,
              transactionId: context.transactionId!,
              amountFen: context.deps.settings.feeFen,
              purpose: 'tempIdCardFee' as const,
              windowMs: context.deps.settings.paymentTimeoutMs,
              pollMs: context.deps.settings.paymentPollMs,
              exchangeTimeoutMs: context.deps.settings.timeouts.exchange,
            }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#tempIdCard.printing', actions: assign(({ event }) => ({ money: event.output.money, orderId: event.output.ok ? event.output.orderId : undefined })) },
              // Cancelled because the payment state timed out: a time-out, not the resident's cancel.
              { guard: ({ context, event }) => !event.output.ok && context.failure?.code === 'timeout', target: '#tempIdCard.failed', actions: assign(({ event }) => ({ money: event.output.money })) },
              { guard: ({ event }) => !event.output.ok && event.output.reason === 'cancelled', target: '#tempIdCard.cancelled', actions: assign(({ event }) => ({ money: event.output.money })) },
              { target: '#tempIdCard.failed', actions: assign(({ event }) => ({ money: event.output.money, failure: event.output.ok ? undefined : { code: event.output.reason, message: event.output.message } })) },
            ],
          },
          on: {
            cancelPayment: { actions: sendTo('payment', { type: 'cancel' }) },
            cancel: { actions: sendTo('payment', { type: 'cancel' }) },
          },
        },
      },
      after: {
        // The resident walked away with the QR on screen: cancel the order, refunding anything that lands.
        payment: { actions: [{ type: 'fail', params: { code: 'timeout', message: 'payment timed out' } }, sendTo('payment', { type: 'cancel' })] },
        paymentHard: { target: 'failed', actions: { type: 'fail', params: { code: 'internalError', message: 'payment step did not end' } } },
      },
    },
    printing: {
      entry: assign({ at: 'printing' }),
      initial: 'registering',
      // Once paid, leaving is not possible: the card is issued or the money goes back.
      on: { cancel: {} },
      after: {
        printing: [
          // The card is out: the resident has what they paid for; the receipt is kept for staff.
          {
            guard: ({ context }) => context.printing.phase === 'receipt',
            target: 'done',
            actions: [
              assign({ receiptPending: true }),
              ({ context }) => context.deps.kit.journal.openTicket(context.transactionId!, 'receipt not printed (timed out); card issued; reprint the saved receipt'),
            ],
          },
          { target: 'settling', actions: assign({ failure: { code: 'cardPrinterFailed', message: 'printing timed out' }, settle: { why: 'printing timed out after payment', what: PROBLEM_WORDS.timeOut } }) },
        ],
      },
      states: {
        registering: {
          entry: assign({ printing: { phase: 'registering' } }),
          invoke: {
            src: 'applyForCard',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, idNumber: context.identity!.idNumber, orderId: context.orderId! }),
            onDone: [
              {
                guard: ({ event }) => event.output.ok,
                target: 'card',
                actions: [
                  assign(({ event }) => ({ issue: event.output.ok ? event.output.issue : undefined })),
                  ({ context }) =>
                    recordEffect(context.deps.kit.journal, context.transactionId!, {
                      operation: 'applyTempIdCard',
                      reference: context.issue!.applicationNo,
                      compensation: { operation: 'withdrawTempIdApplication', request: { applicationNo: context.issue!.applicationNo } },
                    }),
                ],
              },
              {
                target: '#tempIdCard.settling',
                actions: assign(({ event }) => ({
                  failure: event.output.ok ? undefined : { code: event.output.reason, message: event.output.message },
                  settle: { why: event.output.ok ? '' : event.output.message, what: event.output.ok || event.output.reason === 'applicationRefused' ? PROBLEM_WORDS.registration : '公安系统暂时无法连接' },
                })),
              },
            ],
          },
        },
        card: {
          entry: assign({ printing: { phase: 'card' } }),
          invoke: {
            src: 'printCard',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, issue: context.issue! }),
            onDone: [
              {
                guard: ({ event }) => event.output.ok,
                target: 'receipt',
                actions: [
                  assign(({ context }) => ({ money: { status: 'charged' as const, amountFen: context.money?.amountFen ?? context.deps.settings.feeFen } })),
                  ({ context }) =>
                    journalStep(context.deps.kit, context.transactionId, { kind: 'printed', idempotencyKey: 'card', data: { document: 'tempIdCard', applicationNo: context.issue!.applicationNo, validUntil: context.issue!.validUntil } }),
                ],
              },
              {
                target: '#tempIdCard.settling',
                actions: [
                  ({ context, event }) =>
                    journalStep(context.deps.kit, context.transactionId, { kind: 'printFailed', idempotencyKey: 'card', data: { device: 'cardPrinter', cause: event.output.ok ? '' : event.output.problem, code: event.output.ok ? '' : event.output.code } }),
                  assign(({ event }) => {
                    const problem = event.output.ok ? 'other' : event.output.problem;
                    const what = !event.output.ok && event.output.code === 'photo' ? PROBLEM_WORDS.photo : PROBLEM_WORDS[problem];
                    return { printing: { phase: 'card' as const, problem }, failure: { code: 'cardPrinterFailed' as const, message: `card printer: ${problem}` }, settle: { why: `card printer: ${problem}`, what } };
                  }),
                ],
              },
            ],
          },
        },
        receipt: {
          entry: [
            assign({ printing: { phase: 'receipt' } }),
            // Saved before printing, so a crash mid-print leaves a receipt staff can reprint.
            ({ context }) => context.deps.kit.journal.saveReceipt(context.transactionId!, 'tempIdReceipt', { ...receiptData(context.deps, context.transactionId!, context.issue!, context.money!.amountFen) }),
          ],
          invoke: {
            src: 'printReceipt',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, data: receiptData(context.deps, context.transactionId!, context.issue!, context.money!.amountFen) }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#tempIdCard.done', actions: ({ context }) => journalStep(context.deps.kit, context.transactionId, { kind: 'receiptPrinted', data: { document: 'tempIdReceipt' } }) },
              {
                target: '#tempIdCard.done',
                actions: [
                  assign({ receiptPending: true }),
                  ({ context, event }) => context.deps.kit.journal.openTicket(context.transactionId!, `receipt not printed (${event.output.ok ? '' : event.output.cause}); card issued; reprint the saved receipt`),
                ],
              },
            ],
          },
        },
      },
    },
    settling: {
      entry: assign(({ context }) => ({ printing: { ...context.printing, phase: 'compensating' as const } })),
      invoke: {
        src: 'settleStep',
        input: ({ context }) => ({
          deps: context.deps.kit,
          transactionId: context.transactionId!,
          why: context.settle?.why ?? context.failure?.message ?? 'not delivered after payment',
          what: context.settle?.what ?? PROBLEM_WORDS.other,
          maskedIdNumber: maskIdNumber(context.identity?.idNumber ?? ''),
          feeFen: context.deps.settings.feeFen,
          slip: notIssuedSlip,
          timeoutMs: context.deps.settings.timeouts.settle,
        }),
        onDone: { target: 'failed', actions: assign(({ event }) => ({ money: event.output.money })) },
      },
      // A settlement that never finished: staff must check whether the refund went through.
      after: {
        settle: {
          target: 'failed',
          actions: assign(({ context }) => {
            const ticket = context.deps.kit.journal.openTicket(context.transactionId!, 'settlement after payment did not finish; check the refund and the application');
            return { money: { status: 'unknownByStaff' as const, amountFen: context.money?.amountFen ?? context.deps.settings.feeFen, ...(ticket.ok ? { ticketNo: ticket.value.number } : {}) } };
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
          receiptOf: { transactionNo: context.transactionId ?? '', maskedIdNumber: maskIdNumber(context.issue?.idNumber ?? ''), validUntil: context.issue?.validUntil ?? '' },
        })),
        ({ context }) => context.deps.kit.journal.complete(context.transactionId!),
        { type: 'logEnd', params: { status: 'done' } },
        'wipe',
      ],
    },
    ...endingStates<TempIdContext, TempIdEvent>({ closeUnpaid: true }),
  },
  output: endingOutput,
});
