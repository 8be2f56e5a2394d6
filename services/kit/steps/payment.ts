/**
 * Shared step: take the fee. Creates the order (QR on screen), charges a payment code scanned at
 * the scanner, polls the order, and on cancel or time-out cancels the order and re-checks it, so
 * money that lands meanwhile is honoured or refunded, never lost. Each phase is a state; the step
 * ends with what happened to the money (`MoneyView`) and, when nothing was charged, why.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import type { MoneyView } from '../../../contract/flows/common';
import type { LatePaymentPolicy, PaymentAttempt } from '../../payments/paymentService';
import type { PaymentOutcome, PaymentPurpose, PaymentResult } from '../../payments/types';
import type { KitDeps } from '../deps';
import { isNetwork, logEvent } from '../deps';
import { MONEY_TAG } from '../resident-timers';

export interface PaymentInput {
  deps: KitDeps;
  transactionId: string;
  amountFen: number;
  purpose: PaymentPurpose;
  /** What the order pays for at the backend (e.g. penalty decisions), checked by the backend against the amount. */
  references?: readonly string[];
  /** How long the resident has to pay before the order is cancelled. */
  windowMs: number;
  /** How often the order is polled while waiting for a QR payment. */
  pollMs: number;
  /** Time-out of each backend exchange (create, charge a code, cancel and re-check). */
  exchangeTimeoutMs: number;
}

export type PaymentOutput =
  | { ok: true; money: MoneyView; orderId: string }
  | { ok: false; reason: 'paymentTimeout' | 'paymentFailed' | 'backendUnavailable' | 'cancelled'; money: MoneyView; message: string };

export type PaymentEvent =
  | { type: 'cancel' }
  | { type: 'cancelPayment' }
  | { type: 'code.scanned'; code: string }
  | { type: 'order.settled'; outcome: PaymentOutcome };

export type PaymentPhase = 'creating' | 'waiting' | 'charging' | 'cancelling';

interface PaymentContext extends Omit<PaymentInput, 'deps'> {
  deps: KitDeps;
  attempt?: PaymentAttempt;
  money: MoneyView;
  declined?: 'paymentDeclined' | 'insufficientFunds' | 'invalidAuthCode' | 'other';
  /** The resident asked to cancel while a creation or a charge was under way. */
  cancelRequested: boolean;
  /** Why the order is being cancelled: the resident (refund anything that lands) or the clock (honour it). */
  cancelling?: { policy: LatePaymentPolicy; why: 'resident' | 'timeout' };
  deadline: number;
  result?: PaymentOutput;
}

const start = fromPromise<PaymentResult<PaymentAttempt>, { deps: KitDeps; transactionId: string; amountFen: number; purpose: PaymentPurpose; references?: readonly string[] }>(({ input }) =>
  input.deps.payments.startPayment({
    transactionId: input.transactionId,
    amountFen: input.amountFen,
    purpose: input.purpose,
    channel: 'wechat',
    ...(input.references?.length ? { references: input.references } : {}),
  }),
);

const charge = fromPromise<PaymentOutcome, { attempt: PaymentAttempt; code: string }>(({ input }) => input.attempt.payWithScannedCode(input.code));

const cancelOrder = fromPromise<PaymentOutcome, { attempt: PaymentAttempt; policy: LatePaymentPolicy }>(({ input }) => input.attempt.cancel(input.policy));

/** Polls the order until it is no longer pending, then reports how it ended. */
const poller = fromCallback<PaymentEvent, { attempt: PaymentAttempt; pollMs: number }>(({ input, sendBack }) => {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    if (stopped) return;
    const seen = await input.attempt.check();
    if (stopped) return;
    if (seen.kind !== 'pending' && seen.kind !== 'unknown') sendBack({ type: 'order.settled', outcome: seen });
    else timer = setTimeout(() => void poll(), input.pollMs);
  };
  timer = setTimeout(() => void poll(), input.pollMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
});

/** Payment codes scanned at the scanner (text codes are not payment codes and are ignored). */
const scanner = fromCallback<PaymentEvent, { deps: KitDeps }>(({ input, sendBack }) =>
  input.deps.devices.scanner()?.on('event', (event) => {
    if (event.data.kind !== 'text') sendBack({ type: 'code.scanned', code: event.data.text });
  }),
);

/** What an outcome means for the money, and how the step ends (undefined: keep waiting). */
function settle(context: PaymentContext, outcome: PaymentOutcome): Pick<PaymentContext, 'money' | 'result'> {
  const { amountFen, deps, transactionId } = context;
  const orderId = context.attempt?.order.orderId ?? '';
  logEvent(deps, 'payment-ended', { tx: transactionId, outcome: outcome.kind });
  const byResident = context.cancelling?.why === 'resident';
  switch (outcome.kind) {
    case 'paid': {
      const money: MoneyView = { status: 'charged', amountFen: outcome.order.amountFen };
      return { money, result: { ok: true, money, orderId: outcome.order.orderId } };
    }
    case 'notPaid': {
      const money: MoneyView = { status: 'notCharged', amountFen };
      const timedOut = context.cancelling?.why === 'timeout' || outcome.reason === 'expired' || outcome.reason === 'timeout';
      const reason = byResident ? 'cancelled' : timedOut ? 'paymentTimeout' : 'paymentFailed';
      return { money, result: { ok: false, reason, money, message: `payment ended: ${outcome.reason}` } };
    }
    case 'declined': {
      const money: MoneyView = { status: 'notCharged', amountFen };
      return { money, result: { ok: false, reason: 'paymentFailed', money, message: `declined: ${outcome.code}` } };
    }
    case 'refunded': {
      const money: MoneyView = { status: 'refunded', amountFen: outcome.order.amountFen };
      return { money, result: { ok: false, reason: byResident ? 'cancelled' : 'paymentFailed', money, message: 'money that landed was refunded' } };
    }
    case 'unknown': {
      const ticket = deps.journal.openTicket(transactionId, `payment state unknown: ${outcome.message}`.slice(0, 400));
      const money: MoneyView = { status: 'unknownByStaff', amountFen, ...(ticket.ok ? { ticketNo: ticket.value.number } : {}) };
      return { money, result: { ok: false, reason: 'backendUnavailable', money, message: `payment state unknown (order ${orderId}): ${outcome.message}` } };
    }
  }
}

const declinedCode = (code: string): PaymentContext['declined'] =>
  code === 'paymentDeclined' || code === 'insufficientFunds' || code === 'invalidAuthCode' ? code : 'other';

export const paymentStep = setup({
  types: {} as { context: PaymentContext; events: PaymentEvent; input: PaymentInput; output: PaymentOutput },
  actors: { start, charge, cancelOrder, poller, scanner },
  delays: {
    exchange: ({ context }) => context.exchangeTimeoutMs,
    window: ({ context }) => Math.max(0, context.deadline - context.deps.now().getTime()),
  },
  actions: {
    requestCancel: assign({ cancelRequested: true }),
    cancelByResident: assign({ cancelling: { policy: 'refund', why: 'resident' } }),
  },
  guards: {
    cancelRequested: ({ context }) => context.cancelRequested,
  },
}).createMachine({
  id: 'payment',
  context: ({ input }) => ({ ...input, money: { status: 'notCharged', amountFen: input.amountFen }, cancelRequested: false, deadline: input.deps.now().getTime() + input.windowMs }),
  initial: 'creating',
  states: {
    creating: {
      // Money in play: a help call never holds these time-outs (services/kit/resident-timers.ts).
      tags: [MONEY_TAG],
      invoke: {
        src: 'start',
        input: ({ context }) => ({
          deps: context.deps,
          transactionId: context.transactionId,
          amountFen: context.amountFen,
          purpose: context.purpose,
          ...(context.references ? { references: context.references } : {}),
        }),
        onDone: [
          {
            guard: ({ event }) => !event.output.ok,
            target: 'ended',
            actions: assign(({ context, event }) => {
              const error = event.output.ok ? undefined : event.output.error;
              const down = error?.gatewayError !== undefined && isNetwork(error.gatewayError);
              return { result: { ok: false as const, reason: down ? ('backendUnavailable' as const) : ('paymentFailed' as const), money: context.money, message: `startPayment: ${error?.message ?? ''}` } };
            }),
          },
          {
            target: 'waiting',
            actions: assign(({ context, event }) => {
              const attempt = event.output.ok ? event.output.value : undefined;
              const expires = attempt ? Date.parse(attempt.order.expiresAt) : Number.POSITIVE_INFINITY;
              return { attempt, money: { status: 'notCharged' as const, amountFen: attempt?.order.amountFen ?? context.amountFen }, deadline: Math.min(context.deadline, expires) };
            }),
          },
        ],
        onError: { target: 'ended', actions: assign(({ context, event }) => ({ result: { ok: false as const, reason: 'paymentFailed' as const, money: context.money, message: String(event.error) } })) },
      },
      after: { exchange: { target: 'ended', actions: assign(({ context }) => ({ result: { ok: false as const, reason: 'backendUnavailable' as const, money: context.money, message: 'the payment order was not created in time' } })) } },
      on: { cancel: { actions: 'requestCancel' }, cancelPayment: { actions: 'requestCancel' } },
    },
    waiting: {
      // The resident pays, but the order lives at the provider: its window is never held for a help call.
      tags: ['waitingForResident', MONEY_TAG],
      always: [
        { guard: ({ context }) => context.attempt?.order.status === 'paid', target: 'ended', actions: assign(({ context }) => settle(context, { kind: 'paid', order: context.attempt!.order, late: false })) },
        { guard: 'cancelRequested', target: 'cancelling', actions: 'cancelByResident' },
      ],
      invoke: [
        { src: 'poller', input: ({ context }) => ({ attempt: context.attempt!, pollMs: context.pollMs }) },
        { src: 'scanner', input: ({ context }) => ({ deps: context.deps }) },
      ],
      after: { window: { target: 'cancelling', actions: assign({ cancelling: { policy: 'honour', why: 'timeout' } }) } },
      on: {
        'order.settled': { target: 'ended', actions: assign(({ context, event }) => settle(context, event.outcome)) },
        'code.scanned': { target: 'charging', actions: assign({ declined: undefined }) },
        cancel: { target: 'cancelling', actions: 'cancelByResident' },
        cancelPayment: { target: 'cancelling', actions: 'cancelByResident' },
      },
    },
    charging: {
      // Money in play: a help call never holds these time-outs (services/kit/resident-timers.ts).
      tags: [MONEY_TAG],
      invoke: {
        src: 'charge',
        input: ({ context, event }) => ({ attempt: context.attempt!, code: event.type === 'code.scanned' ? event.code : '' }),
        onDone: [
          { guard: ({ event }) => event.output.kind === 'declined', target: 'waiting', actions: assign(({ event }) => ({ declined: event.output.kind === 'declined' ? declinedCode(event.output.code) : 'other' })) },
          { guard: ({ event }) => event.output.kind === 'unknown', target: 'waiting' },
          { target: 'ended', actions: assign(({ context, event }) => settle(context, event.output)) },
        ],
        onError: { target: 'waiting', actions: assign({ declined: 'other' }) },
      },
      after: { exchange: { target: 'cancelling', actions: assign({ cancelling: { policy: 'refund', why: 'timeout' } }) } },
      on: { cancel: { actions: 'requestCancel' }, cancelPayment: { actions: 'requestCancel' } },
    },
    cancelling: {
      // Money in play: a help call never holds these time-outs (services/kit/resident-timers.ts).
      tags: [MONEY_TAG],
      invoke: {
        src: 'cancelOrder',
        input: ({ context }) => ({ attempt: context.attempt!, policy: context.cancelling?.policy ?? 'refund' }),
        onDone: { target: 'ended', actions: assign(({ context, event }) => settle(context, event.output)) },
        onError: { target: 'ended', actions: assign(({ context, event }) => settle(context, { kind: 'unknown', message: String(event.error) })) },
      },
      // The payment service bounds each exchange; this bounds the whole cancel-and-re-check.
      after: { exchange: { target: 'ended', actions: assign(({ context }) => settle(context, { kind: 'unknown', message: 'cancel and re-check did not finish in time' })) } },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.result ?? { ok: false, reason: 'paymentFailed', money: context.money, message: 'payment ended without a result' },
});

/** The phase shown on screen for a state of this step. */
export function paymentPhase(stateValue: unknown): PaymentPhase {
  return stateValue === 'waiting' || stateValue === 'charging' || stateValue === 'cancelling' ? stateValue : 'creating';
}
