/**
 * The traffic-violation flow on the service kit (contract/flows/traffic.ts):
 *
 *   notice → look-up (vehicle | licence | ID card + face: kit steps) → records (add decisions by
 *   number) → the licence holder (kit identity + face, unless proven at the look-up) → confirm
 *   (critical notice) → handling (a decision per record) → payment (kit, one order) → printing
 *   (decisions on A4, receipt) → done.
 *
 * Decisions are legal acts: once issued they stand, whatever happens to the payment. A payment
 * that fails or is cancelled still ends with the decisions printed and the 15-day rule said; a
 * printer that fails after payment keeps the money (the fine is paid) and saves the decisions for
 * a reprint with a staff ticket. Nothing here refunds a fine.
 */
import { assign, sendTo, setup } from 'xstate';
import type { TrafficReason } from '../../contract/flows/traffic';
import { journalStep, logEvent, type FlowEnding } from '../kit/deps';
import { faceState, identityState, type ChainPatch } from '../kit/identity-chain';
import { faceStep } from '../kit/steps/face';
import { identityStep } from '../kit/steps/identity';
import { paymentStep } from '../kit/steps/payment';
import { amountDue, initialContext, type TrafficContext } from './context';
import { endActions, guards, lookupActions, recordActions } from './machine-actions';
import { printDecisions } from './print';
import { handleRecords, lookUp, lookUpDecision, printReceipt, type TrafficDeps } from './work';
import { endingOutput } from '../kit/endings';

export type { TrafficContext } from './context';

export type TrafficEvent =
  | { type: 'chooseRoute'; route: 'vehicle' | 'licence' | 'idCard' }
  | { type: 'decline' }
  | { type: 'vehicleEntered'; plateNumber: string; plateType: string; checkTail: string }
  | { type: 'licenceEntered'; licenceNumber: string; fileNumber: string }
  | { type: 'back' }
  | { type: 'decisionNumberEntered'; decisionNo: string }
  | { type: 'selectRecords'; handle: string[]; pay: string[]; reprint: string[] }
  | { type: 'finish' }
  | { type: 'confirm'; acknowledgeCritical: boolean }
  | { type: 'continue' }
  | { type: 'cancel' }
  | { type: 'cancelPayment' }
  | { type: 'idNumberEntered'; idNumber: string }
  | { type: 'faceCaptured'; imageJpegBase64: string }
  | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' }
  | { type: 'handling.issued'; decision: TrafficContext['issued'][number] }
  | { type: 'handling.refused'; violationNo: string; why: TrafficContext['notHandled'][number]['why'] }
  | { type: 'handling.finished' }
  | { type: 'printing.one'; decisionNo: string; ok: boolean; problem?: string }
  | { type: 'printing.finished' };


/** After handling: nothing decided ends the flow; decisions go on to payment (or straight to printing when the resident left). */
const HANDLED = [
  { guard: 'nothingDecidedOrPayable', target: '#traffic.failed', actions: ['failHandling'] },
  { guard: ({ context }: { context: TrafficContext }) => context.leaving, target: '#traffic.printing', actions: [{ type: 'fail', params: { code: 'cancelled', message: 'left while decisions were issued' } }] },
  { guard: ({ context }: { context: TrafficContext }) => context.notHandled.length > 0, target: '#traffic.handledPartly', actions: [] },
  { target: '#traffic.payment', actions: [] },
] as const;

/** After printing: paid (or nothing to pay) → done; otherwise the ending says the decisions stand. */
const SETTLE = [
  { guard: ({ context }: { context: TrafficContext }) => context.failure === undefined, target: '#traffic.done' },
  { guard: ({ context }: { context: TrafficContext }) => context.failure?.code === 'cancelled', target: '#traffic.cancelled' },
  { target: '#traffic.failed' },
] as const;

/** The identity chain (kit) inside `proving`: that state has the time-out and cancel; the person proven is the holder. */
const chain = {
  failed: '#traffic.failed',
  backstop: false as const,
  into: ({ identity, ...patch }: ChainPatch<'identity' | 'face' | 'faceCheck'>): Partial<TrafficContext> => ({ ...patch, ...(identity ? { holder: identity } : {}) }),
};

export const trafficMachine = setup({
  types: {} as { context: TrafficContext; events: TrafficEvent; input: { deps: TrafficDeps }; output: FlowEnding },
  actors: { identityStep, faceStep, paymentStep, lookUp, lookUpDecision, handleRecords, printDecisions, printReceipt },
  delays: {
    notice: ({ context }) => context.deps.settings.timeouts.notice,
    entry: ({ context }) => context.deps.settings.timeouts.entry,
    lookup: ({ context }) => context.deps.settings.timeouts.lookup,
    // The kit steps' own time-outs decide; the parent's is the backstop if a step ever hangs.
    proving: ({ context }) => {
      const t = context.deps.settings.timeouts;
      return t.identity + (t.face + t.faceCheck) * context.deps.settings.maxFaceAttempts + t.lookup + 5_000;
    },
    records: ({ context }) => context.deps.settings.timeouts.records,
    confirm: ({ context }) => context.deps.settings.timeouts.confirm,
    handling: ({ context }) => context.deps.settings.timeouts.handling,
    payment: ({ context }) => context.deps.settings.timeouts.payment,
    paymentHard: ({ context }) => context.deps.settings.timeouts.payment + 3 * context.deps.settings.timeouts.exchange,
    printing: ({ context }) => context.deps.settings.timeouts.printing,
  },
  guards,
  actions: {
    ...lookupActions,
    ...recordActions,
    ...endActions,
    fail: assign((_, params: { code: TrafficReason; message: string }) => ({ failure: params })),
    receiptFailed: assign({ receiptPending: true }),
  },
}).createMachine({
  id: 'traffic',
  context: ({ input }) => initialContext(input.deps),
  initial: 'notice',
  states: {
    notice: {
      tags: ['waitingForResident'],
      after: { notice: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'notice timed out' } } } },
      on: {
        chooseRoute: [
          { guard: 'disabled', target: 'failed', actions: { type: 'fail', params: { code: 'serviceDisabled', message: 'the service is switched off' } } },
          { guard: 'routeNotOffered', actions: [] },
          { guard: ({ event }) => event.route === 'vehicle', target: 'vehicleEntry', actions: assign({ route: 'vehicle' }) },
          { guard: ({ event }) => event.route === 'licence', target: 'licenceEntry', actions: assign({ route: 'licence' }) },
          { target: 'proving', actions: assign({ route: 'idCard', purpose: 'lookup' }) },
        ],
        decline: 'cancelled',
        cancel: 'cancelled',
      },
    },
    vehicleEntry: {
      entry: assign({ at: 'vehicleEntry' }),
      tags: ['waitingForResident'],
      after: { entry: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'vehicle entry timed out' } } } },
      on: {
        vehicleEntered: [{ guard: 'vehicleEntryValid', target: 'searching', actions: 'queryVehicle' }, { actions: 'refuseVehicleEntry' }],
        back: { target: 'notice', actions: 'clearLookup' },
        cancel: 'cancelled',
      },
    },
    licenceEntry: {
      entry: assign({ at: 'licenceEntry' }),
      tags: ['waitingForResident'],
      after: { entry: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'licence entry timed out' } } } },
      on: {
        licenceEntered: [{ guard: 'licenceEntryValid', target: 'searching', actions: 'queryLicence' }, { actions: 'refuseLicenceEntry' }],
        back: { target: 'notice', actions: 'clearLookup' },
        cancel: 'cancelled',
      },
    },
    searching: {
      entry: assign({ at: 'searching' }),
      invoke: {
        src: 'lookUp',
        input: ({ context }) => ({ deps: context.deps, query: context.query! }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'records', actions: 'takeFound' },
          // Back to the form the resident typed in, with "not found" shown.
          { guard: 'notFoundRetryableLicence', target: 'licenceEntry', actions: 'countNotFound' },
          { guard: 'notFoundRetryable', target: 'vehicleEntry', actions: 'countNotFound' },
          { guard: ({ event }) => !event.output.ok && event.output.reason === 'notFound', target: 'failed', actions: { type: 'fail', params: { code: 'notFound', message: 'not found after the allowed attempts' } } },
          { target: 'failed', actions: assign(({ event }) => ({ failure: { code: 'backendUnavailable' as const, message: event.output.ok ? '' : event.output.message } })) },
        ],
        onError: { target: 'failed', actions: { type: 'fail', params: { code: 'internalError', message: 'look-up failed' } } },
      },
      after: { lookup: { target: 'failed', actions: { type: 'fail', params: { code: 'backendUnavailable', message: 'look-up timed out' } } } },
      on: { cancel: 'cancelled' },
    },
    proving: {
      initial: 'identity',
      after: { proving: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'identity and face timed out' } } } },
      on: { cancel: 'cancelled' },
      states: {
        identity: identityState<TrafficContext, TrafficEvent>({ ...chain, next: 'face', identityFailed: (reason, message) => ({ failure: { code: reason as TrafficReason, message } }) }),
        face: faceState<TrafficContext, TrafficEvent>({ ...chain, next: 'checking', person: (context) => ({ idNumber: context.holder!.idNumber }) }),
        // The person's licence and vehicles: the records (ID-card look-up), or the holder before handling.
        checking: {
          entry: assign(({ context }) => ({ at: 'searching' as const, searching: context.purpose === 'lookup' ? ('person' as const) : ('holder' as const) })),
          invoke: {
            src: 'lookUp',
            input: ({ context }) => ({ deps: context.deps, query: { kind: 'person' as const, idNumber: context.holder!.idNumber } }),
            onDone: [
              { guard: ({ event }) => !event.output.ok, target: '#traffic.failed', actions: assign(({ event }) => ({ failure: { code: event.output.ok || event.output.reason !== 'notFound' ? ('backendUnavailable' as const) : ('identityNotFound' as const), message: event.output.ok ? '' : event.output.message } })) },
              { guard: ({ context }) => context.purpose === 'lookup', target: '#traffic.records', actions: ['takeFound', 'takeHolder'] },
              { guard: 'holderHasNoLicence', target: '#traffic.failed', actions: { type: 'fail', params: { code: 'noLicence', message: 'the holder has no driving licence' } } },
              { target: '#traffic.confirm', actions: ['takeHolder', 'plan'] },
            ],
            onError: { target: '#traffic.failed', actions: { type: 'fail', params: { code: 'internalError', message: 'holder look-up failed' } } },
          },
          after: { lookup: { target: '#traffic.failed', actions: { type: 'fail', params: { code: 'backendUnavailable', message: 'holder look-up timed out' } } } },
        },
      },
    },
    records: {
      entry: assign({ at: 'records' }),
      initial: 'idle',
      after: { records: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'records timed out' } } } },
      on: { cancel: 'cancelled' },
      states: {
        idle: {
          tags: ['waitingForResident'],
          on: {
            decisionNumberEntered: [{ guard: 'decisionNumberAcceptable', target: 'lookingUp', actions: 'countDecisionAttempt' }, { actions: 'refuseDecisionNumber' }],
            selectRecords: [
              { guard: 'selectionEmpty', actions: [] },
              { guard: 'needsHolder', target: '#traffic.proving', actions: ['takeSelection', assign({ purpose: 'holder' })] },
              { target: '#traffic.confirm', actions: ['takeSelection', 'plan'] },
            ],
            finish: '#traffic.cancelled',
          },
        },
        lookingUp: {
          invoke: {
            src: 'lookUpDecision',
            input: ({ context, event }) => ({ deps: context.deps, decisionNo: event.type === 'decisionNumberEntered' ? event.decisionNo : '' }),
            onDone: { target: 'idle', actions: 'takeDecision' },
            onError: { target: 'idle', actions: assign({ decisionProblem: 'backendUnavailable' }) },
          },
          after: { lookup: { target: 'idle', actions: assign({ decisionProblem: 'backendUnavailable' }) } },
        },
      },
    },
    confirm: {
      entry: assign({ at: 'confirm' }),
      tags: ['waitingForResident'],
      // The selection planned against the holder's licence: nothing left to do ends with the rule that stops it.
      always: { guard: 'nothingLeft', target: 'failed', actions: 'failWithDroppedRule' },
      after: { confirm: { target: 'failed', actions: { type: 'fail', params: { code: 'timeout', message: 'confirm timed out' } } } },
      on: {
        confirm: [
          { guard: 'criticalNotAcknowledged', actions: [] },
          { guard: 'devicesNotReady', target: 'failed', actions: { type: 'fail', params: { code: 'deviceNotReady', message: 'a required device is not ready before handling' } } },
          { guard: 'hasRecordsToHandle', target: 'handling', actions: 'beginTransaction' },
          { target: 'payment', actions: 'beginTransaction' },
        ],
        back: { target: 'records', actions: assign({ plan: undefined, selection: undefined }) },
        cancel: 'cancelled',
      },
    },
    handling: {
      entry: assign({ at: 'handling' }),
      invoke: {
        src: 'handleRecords',
        input: ({ context }) => ({
          deps: context.deps,
          transactionId: context.transactionId!,
          records: context.plan!.toHandle,
          licenceNumber: context.holder!.idNumber,
          fileNumber: context.holderLicence!.fileNumber,
        }),
      },
      // The police system went silent mid-way: what was not answered counts as not handled.
      after: { handling: HANDLED.map((t) => ({ ...t, actions: ['handlingTimedOut', ...t.actions] })) },
      on: {
        'handling.issued': { actions: 'takeIssued' },
        'handling.refused': { actions: 'takeNotHandled' },
        'handling.finished': HANDLED,
        // Decisions may be on their way: they are finished, then the resident's leaving is honoured.
        cancel: { actions: assign({ leaving: true }) },
      },
    },
    handledPartly: {
      entry: assign({ at: 'handledPartly' }),
      tags: ['waitingForResident'],
      after: { confirm: { target: 'printing', actions: { type: 'fail', params: { code: 'timeout', message: 'no answer after a partial handling' } } } },
      on: {
        continue: 'payment',
        cancel: { target: 'printing', actions: { type: 'fail', params: { code: 'cancelled', message: 'left after a partial handling' } } },
      },
    },
    payment: {
      entry: assign({ at: 'payment' }),
      initial: 'checking',
      states: {
        checking: {
          always: [
            { guard: ({ context }) => amountDue(context) === 0, target: '#traffic.printing' },
            { guard: 'devicesNotReady', target: '#traffic.printing', actions: { type: 'fail', params: { code: 'deviceNotReady', message: 'a required device is not ready before payment' } } },
            { target: 'paying' },
          ],
        },
        paying: {
          invoke: {
            id: 'payment',
            src: 'paymentStep',
            input: ({ context }) => ({
              deps: context.deps.kit,
              transactionId: context.transactionId!,
              amountFen: amountDue(context),
              purpose: 'trafficFine' as const,
              references: [...context.issued.map((d) => d.decisionNo), ...(context.plan?.toPay ?? []).map((v) => v.decisionNo!)],
              windowMs: context.deps.settings.paymentTimeoutSeconds * 1000,
              pollMs: context.deps.settings.paymentPollMs,
              exchangeTimeoutMs: context.deps.settings.timeouts.exchange,
            }),
            onDone: [
              { guard: ({ event }) => event.output.ok, target: '#traffic.printing', actions: assign(({ event }) => ({ money: event.output.money, orderId: event.output.ok ? event.output.orderId : undefined })) },
              // Not paid: the decisions stand and are printed anyway (the ending says how to pay them).
              { target: '#traffic.printing', actions: 'takePaymentFailure' },
            ],
          },
          on: { cancelPayment: { actions: sendTo('payment', { type: 'cancel' }) }, cancel: { actions: sendTo('payment', { type: 'cancel' }) } },
        },
      },
      after: {
        // Walked away with the QR on screen: cancel the order (anything that lands is refunded).
        payment: { actions: [{ type: 'fail', params: { code: 'timeout', message: 'payment timed out' } }, sendTo('payment', { type: 'cancel' })] },
        paymentHard: { target: 'printing', actions: { type: 'fail', params: { code: 'internalError', message: 'payment step did not end' } } },
      },
    },
    printing: {
      entry: assign({ at: 'printing', printing: { phase: 'decisions' } }),
      initial: 'decisions',
      // Once decisions exist, leaving is not possible until they are printed.
      on: { cancel: {} },
      after: { printing: SETTLE.map((t) => ({ ...t, actions: 'printingTimedOut' as const })) },
      states: {
        decisions: {
          invoke: { src: 'printDecisions', input: ({ context }) => ({ ...printInput(context) }) },
          on: {
            'printing.one': { actions: 'takePrinted' },
            'printing.finished': [{ guard: 'paid', target: 'receipt' }, ...SETTLE],
          },
        },
        receipt: {
          entry: assign({ printing: { phase: 'receipt' } }),
          invoke: {
            src: 'printReceipt',
            input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId!, data: receiptInput(context) }),
            onDone: SETTLE.map((t) => ({ ...t, actions: 'takeReceiptOutcome' as const })),
            onError: SETTLE.map((t) => ({ ...t, actions: 'receiptFailed' as const })),
          },
        },
      },
    },
    done: { type: 'final', entry: ['summarise', 'endDone', 'closeTransaction', 'wipe'] },
    failed: { type: 'final', entry: ['summarise', 'endFailed', 'closeTransaction', 'wipe'] },
    cancelled: { type: 'final', entry: ['summarise', 'endCancelled', 'closeTransaction', 'wipe'] },
  },
  output: endingOutput,
});

function printInput(context: TrafficContext) {
  const { deps } = context;
  return {
    printing: {
      gateway: deps.kit.gateway,
      journal: deps.kit.journal,
      printer: deps.documentPrinter(),
      trustedKeys: deps.trustedKeys,
      now: deps.kit.now,
      timeZone: deps.kit.post.timeZone,
      timeoutMs: deps.settings.a4TimeoutMs,
    },
    transactionId: context.transactionId ?? '',
    decisions: [...context.issued.map((d) => ({ decisionNo: d.decisionNo, reprint: false })), ...(context.plan?.toReprint ?? []).map((v) => ({ decisionNo: v.decisionNo!, reprint: true }))],
    ...(context.holder ? { holderIdNumber: context.holder.idNumber } : {}),
  };
}

function receiptInput(context: TrafficContext) {
  const { kit } = context.deps;
  const decisions = [...context.issued, ...(context.plan?.toPay ?? [])].map((d) => ({ decisionNo: d.decisionNo!, plateNumber: d.plateNumber, fineFen: d.fineFen, lateFeeFen: d.lateFeeFen }));
  return {
    transactionNo: context.transactionId ?? '',
    orderId: context.orderId ?? '',
    postName: kit.post.name,
    at: kit.now().toISOString(),
    timeZone: kit.post.timeZone,
    decisions,
    totalFen: context.money?.amountFen ?? amountDue(context),
    documentsPending: context.unprinted.length > 0,
  };
}

export { journalStep, logEvent };
