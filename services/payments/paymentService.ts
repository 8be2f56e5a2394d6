/**
 * Kiosk-side payment orchestration over the gateway and the journal. The rules it keeps:
 *  - every effect carries an idempotency key derived from the transaction (and attempt/order), so a
 *    retry, or a restart after a crash, reuses it and the provider applies it at most once;
 *  - `paid` is committed to the journal before success is reported to anyone;
 *  - giving up on a payment means cancelling the order AND re-checking it: money that landed in the
 *    meantime is found and honoured or refunded, never lost;
 *  - a refund is requested in the journal before it is sent and recorded after, once per order;
 *  - a second charge for the same transaction is refunded at once.
 */
import { createHash } from 'node:crypto';
import type { Journal } from '../journal/journal';
import type { Step, StepInput } from '../journal/types';
import { sleep } from '../../devices/shared/timing';
import { describeGatewayError, withDeadline, withRetries } from './timing';
import type {
  PaymentError,
  PaymentGateway,
  PaymentLogEvent,
  PaymentOrder,
  PaymentOutcome,
  PaymentResult,
  RefundOutcome,
  StartPaymentInput,
} from './types';

export interface PaymentServiceOptions {
  gateway: PaymentGateway;
  journal: Journal;
  /** First poll interval; grows by half each poll up to `pollMaxMs`. */
  pollInitialMs?: number;
  pollMaxMs?: number;
  /** Deadline for any single gateway call. */
  callTimeoutMs?: number;
  /** Attempts for calls that must get through (create, cancel, re-check, refund). */
  retryAttempts?: number;
  retryDelayMs?: number;
  log?: (event: PaymentLogEvent) => void;
}

/** What to do with money that lands while we are cancelling: keep it (resident still here) or give it back. */
export type LatePaymentPolicy = 'honour' | 'refund';

/** One payment order of a transaction, as shown on screen. */
export interface PaymentAttempt {
  readonly transactionId: string;
  /** 1 for the first order of the transaction, 2 after the first expired or was cancelled, … */
  readonly attempt: number;
  /** The order as created (QR payload for the screen). */
  readonly order: PaymentOrder;
  /** Charges the resident's scanned payment code (付款码) against this order. */
  payWithScannedCode(code: string): Promise<PaymentOutcome>;
  /**
   * Polls the order with backoff until it is paid, expires or is cancelled. On timeout (money that
   * lands during the cancel is honoured) or abort (it is refunded: the resident walked away) the
   * order is cancelled and re-checked.
   */
  waitForPayment(options: { timeoutMs: number; signal?: AbortSignal }): Promise<PaymentOutcome>;
  /** Cancels the order and re-checks it; `latePayment` says what to do if it turns out paid. */
  cancel(latePayment: LatePaymentPolicy): Promise<PaymentOutcome>;
  /** One look at the order, recording `paid` or its end if it has one. `pending` while it is open. */
  check(): Promise<PaymentOutcome | { kind: 'pending'; order: PaymentOrder }>;
}

export interface PaymentService {
  /** Creates (or, after a crash, re-obtains) the payment order of a transaction. */
  startPayment(input: StartPaymentInput): Promise<PaymentResult<PaymentAttempt>>;
  /** Re-attaches to the latest order of a transaction recorded in the journal (start-up recovery). */
  resumePayment(transactionId: string): Promise<PaymentResult<PaymentAttempt>>;
  /** Refunds every paid, not yet refunded order of the transaction, exactly once each. */
  refund(transactionId: string, reason: string): Promise<PaymentResult<RefundOutcome>>;
}

const fail = (code: PaymentError['code'], message: string, gatewayError?: PaymentError['gatewayError']): PaymentResult<never> => ({
  ok: false,
  error: { code, message, ...(gatewayError ? { gatewayError } : {}) },
});

/** Orders the journal knows for a transaction, derived from its steps. */
function ordersInJournal(steps: Step[]) {
  const created = steps.filter((s) => s.kind === 'paymentCreated');
  const orderOf = (s: Step) => String(s.data.orderId);
  const concluded = new Set(steps.filter((s) => s.kind === 'paymentCancelled').map((s) => s.idempotencyKey));
  const paid = steps.filter((s) => s.kind === 'paid').map((s) => s.idempotencyKey);
  const refunded = new Set(steps.filter((s) => s.kind === 'refunded').map((s) => s.idempotencyKey));
  const open = created.filter((s) => !concluded.has(orderOf(s)) && !paid.includes(orderOf(s))).at(-1);
  return { created, open, paid, refunded };
}

/** Creates the payment service. */
export function createPaymentService(options: PaymentServiceOptions): PaymentService {
  const { gateway, journal } = options;
  const pollInitialMs = options.pollInitialMs ?? 500;
  const pollMaxMs = options.pollMaxMs ?? 3_000;
  const callTimeoutMs = options.callTimeoutMs ?? 8_000;
  const retry = { attempts: options.retryAttempts ?? 3, delayMs: options.retryDelayMs ?? 300, callTimeoutMs };
  const log = (event: PaymentLogEvent) => {
    try {
      options.log?.(event);
    } catch {
      // logging must never break a payment
    }
  };

  /** Journal writes here can only fail if the transaction vanished: an invariant, not an expected failure. */
  const record = (transactionId: string, step: StepInput) => {
    const result = journal.recordStep(transactionId, step);
    if (!result.ok) throw new Error(`journal refused ${step.kind} for ${transactionId}: ${result.error.message}`);
    return result.value;
  };

  const refundOrder = async (
    transactionId: string,
    order: { orderId: string; amountFen: number },
    reason: string,
  ): Promise<PaymentResult<{ orderId: string; refundId: string; amountFen: number } | 'alreadyRefunded'>> => {
    const steps = journal.find(transactionId)?.steps ?? [];
    if (steps.some((s) => s.kind === 'refunded' && s.idempotencyKey === order.orderId)) return { ok: true, value: 'alreadyRefunded' };
    // A retried refund must repeat the original request exactly: same key, same body (reason included).
    const requested = record(transactionId, { kind: 'refundRequested', idempotencyKey: order.orderId, data: { orderId: order.orderId, reason } });
    reason = String(requested.step.data.reason ?? reason);
    log({ event: 'refund-init', transactionId, orderId: order.orderId, detail: reason });
    const result = await withRetries(
      () => gateway.refundPayment({ idempotencyKey: `${transactionId}/refund/${order.orderId}`, orderId: order.orderId, reason: reason.slice(0, 80) }),
      retry,
    );
    if (!result.ok) {
      const at = new Date().toISOString();
      record(transactionId, { kind: 'refundFailed', idempotencyKey: `${order.orderId}@${at}`, data: { orderId: order.orderId, error: describeGatewayError(result.error) } });
      log({ event: 'refund-failed', transactionId, orderId: order.orderId, detail: describeGatewayError(result.error) });
      return fail('gateway', `refund of ${order.orderId} failed: ${describeGatewayError(result.error)}`, result.error);
    }
    const refunded = { orderId: order.orderId, refundId: result.value.refundId, amountFen: result.value.amountFen };
    record(transactionId, { kind: 'refunded', idempotencyKey: order.orderId, data: refunded });
    log({ event: 'refund-complete', transactionId, orderId: order.orderId, detail: `${refunded.amountFen} fen` });
    return { ok: true, value: refunded };
  };

  /**
   * Commits `paid` for an order. If another order of the same transaction was already paid, this
   * is a double charge: it is refunded at once and reported as such.
   */
  const settlePaid = async (transactionId: string, order: PaymentOrder, late: boolean): Promise<PaymentOutcome> => {
    const before = ordersInJournal(journal.find(transactionId)?.steps ?? []);
    record(transactionId, {
      kind: 'paid',
      idempotencyKey: order.orderId,
      data: { orderId: order.orderId, amountFen: order.amountFen, providerTransactionId: order.transactionId, late },
    });
    log({ event: late ? 'payment-late-landing' : 'payment-paid', transactionId, orderId: order.orderId });
    const otherPaid = before.paid.filter((orderId) => orderId !== order.orderId && !before.refunded.has(orderId));
    if (otherPaid.length > 0) {
      const refunded = await refundOrder(transactionId, order, 'duplicate charge');
      return refunded.ok ? { kind: 'refunded', order } : { kind: 'unknown', message: refunded.error.message, ...(refunded.error.gatewayError ? { error: refunded.error.gatewayError } : {}) };
    }
    return { kind: 'paid', order, late };
  };

  const concluded = (transactionId: string, order: PaymentOrder): void => {
    record(transactionId, { kind: 'paymentCancelled', idempotencyKey: order.orderId, data: { orderId: order.orderId, status: order.status } });
  };

  const makeAttempt = (transactionId: string, attempt: number, order: PaymentOrder): PaymentAttempt => {
    const { orderId } = order;
    const lookUp = () => withDeadline(() => gateway.getPaymentOrder({ orderId }), callTimeoutMs);

    const cancel = async (latePayment: LatePaymentPolicy, reason: 'timeout' | 'aborted' = 'aborted'): Promise<PaymentOutcome> => {
      record(transactionId, { kind: 'paymentCancelRequested', idempotencyKey: orderId, data: { orderId, reason } });
      log({ event: 'payment-cancel-init', transactionId, orderId, detail: reason });
      const cancelled = await withRetries(() => gateway.cancelPaymentOrder({ idempotencyKey: `${transactionId}/cancel/${orderId}`, orderId }), retry);
      // Whatever the cancel said, the order's own state decides (a payment may have won the race).
      const recheck = await withRetries(() => gateway.getPaymentOrder({ orderId }), retry);
      log({ event: 'payment-cancel-complete', transactionId, orderId, detail: `cancel ${cancelled.ok ? 'ok' : describeGatewayError(cancelled.error)}; order ${recheck.ok ? recheck.value.status : 'unknown'}` });
      if (!recheck.ok) {
        return { kind: 'unknown', message: `order ${orderId} could not be re-checked after cancelling`, error: recheck.error };
      }
      const current = recheck.value;
      switch (current.status) {
        case 'paid': {
          const settled = await settlePaid(transactionId, current, true);
          if (settled.kind !== 'paid' || latePayment === 'honour') return settled;
          const refunded = await refundOrder(transactionId, current, 'payment landed while cancelling');
          if (refunded.ok && journal.find(transactionId)?.status === 'open') journal.finish(transactionId, 'refunded', 'payment landed while cancelling');
          return refunded.ok ? { kind: 'refunded', order: current } : { kind: 'unknown', message: refunded.error.message, ...(refunded.error.gatewayError ? { error: refunded.error.gatewayError } : {}) };
        }
        case 'cancelled':
        case 'expired':
        case 'failed':
          concluded(transactionId, current);
          return { kind: 'notPaid', reason: current.status === 'cancelled' ? reason : current.status, order: current };
        case 'pending':
        case 'refunded':
        case 'partiallyRefunded':
          return { kind: 'unknown', message: `order ${orderId} is ${current.status} after cancelling` };
      }
    };

    const check = async (): Promise<PaymentOutcome | { kind: 'pending'; order: PaymentOrder }> => {
      const result = await lookUp();
      if (!result.ok) return { kind: 'unknown', message: `order ${orderId} could not be read`, error: result.error };
      const current = result.value;
      switch (current.status) {
        case 'pending':
          return { kind: 'pending', order: current };
        case 'paid':
          return settlePaid(transactionId, current, false);
        case 'cancelled':
        case 'expired':
        case 'failed':
          concluded(transactionId, current);
          return { kind: 'notPaid', reason: current.status, order: current };
        case 'refunded':
        case 'partiallyRefunded':
          return { kind: 'unknown', message: `order ${orderId} was refunded outside this kiosk session` };
      }
    };

    return {
      transactionId,
      attempt,
      order,
      check,
      cancel: (latePayment) => cancel(latePayment),

      async waitForPayment({ timeoutMs, signal }) {
        const deadline = Date.now() + timeoutMs;
        let delay = pollInitialMs;
        for (;;) {
          if (signal?.aborted) return cancel('refund', 'aborted');
          const seen = await check();
          if (seen.kind !== 'pending' && seen.kind !== 'unknown') return seen;
          if (seen.kind === 'unknown') log({ event: 'payment-poll-error', transactionId, orderId, detail: seen.message });
          const remaining = deadline - Date.now();
          if (remaining <= 0) return cancel('honour', 'timeout');
          const slept = await sleep(Math.min(delay, remaining), signal);
          if (!slept) return cancel('refund', 'aborted');
          delay = Math.min(Math.round(delay * 1.5), pollMaxMs);
        }
      },

      async payWithScannedCode(code) {
        const authCode = code.trim();
        if (!/^\d{16,24}$/.test(authCode)) return { kind: 'declined', code: 'invalidAuthCode', message: 'not a payment code' };
        // Same code scanned twice = same key = charged at most once. The code itself is not stored.
        const codeHash = createHash('sha256').update(authCode).digest('hex').slice(0, 16);
        const result = await withRetries(
          () => gateway.payWithCode({ idempotencyKey: `${transactionId}/code/${attempt}/${codeHash}`, orderId, authCode }),
          retry,
        );
        if (result.ok && result.value.status === 'paid') return settlePaid(transactionId, result.value, false);
        if (!result.ok && result.error.kind === 'rejected' && ['paymentDeclined', 'insufficientFunds', 'invalidAuthCode'].includes(String(result.error.code))) {
          return { kind: 'declined', code: String(result.error.code), message: result.error.message };
        }
        // Ambiguous (network) or the order changed under us: the order's own state decides.
        const seen = await check();
        if (seen.kind === 'pending') return { kind: 'unknown', message: 'charge not confirmed; keep waiting for the order' };
        return seen;
      },
    };
  };

  return {
    async startPayment(input) {
      const tx = journal.find(input.transactionId);
      if (!tx) return fail('journal', `no transaction ${input.transactionId}`);
      if (tx.status !== 'open') return fail('invalidInput', `transaction ${tx.id} is ${tx.status}`);
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) return fail('invalidInput', 'amountFen must be a positive integer');
      for (let round = 0; round < 3; round++) {
        const known = ordersInJournal(journal.find(input.transactionId)!.steps);
        if (known.paid.some((orderId) => !known.refunded.has(orderId))) {
          return fail('invalidInput', `transaction ${tx.id} is already paid`);
        }
        // Reuse the open attempt (crash between create and QR shown), else start the next one.
        const attempt = known.open ? Number(known.open.data.attempt) : known.created.length + 1;
        log({ event: 'payment-create-init', transactionId: tx.id, detail: `attempt ${attempt}` });
        const created = await withRetries(
          () =>
            gateway.createPaymentOrder({
              idempotencyKey: `${tx.id}/pay/${attempt}`,
              amountFen: input.amountFen,
              purpose: input.purpose,
              channel: input.channel,
              ...(input.reference ? { reference: input.reference } : {}),
              ...(input.references?.length ? { references: [...input.references] } : {}),
            }),
          retry,
        );
        if (!created.ok) return fail('gateway', `cannot create the payment order: ${describeGatewayError(created.error)}`, created.error);
        const order = created.value;
        record(tx.id, {
          kind: 'paymentCreated',
          idempotencyKey: `attempt-${attempt}`,
          data: { orderId: order.orderId, attempt, amountFen: order.amountFen, channel: order.channel, purpose: order.purpose },
        });
        log({ event: 'payment-create-complete', transactionId: tx.id, orderId: order.orderId, detail: order.status });
        if (order.status === 'pending' || order.status === 'paid') return { ok: true, value: makeAttempt(tx.id, attempt, order) };
        concluded(tx.id, order); // the reused order expired meanwhile: next attempt
      }
      return fail('gateway', 'payment orders keep ending before they can be shown');
    },

    async resumePayment(transactionId) {
      const tx = journal.find(transactionId);
      if (!tx) return fail('journal', `no transaction ${transactionId}`);
      const latest = ordersInJournal(tx.steps).created.at(-1);
      if (!latest) return fail('notPaid', `transaction ${transactionId} has no payment order`);
      const orderId = String(latest.data.orderId);
      const order = await withRetries(() => gateway.getPaymentOrder({ orderId }), retry);
      if (!order.ok) return fail('gateway', `cannot read order ${orderId}: ${describeGatewayError(order.error)}`, order.error);
      return { ok: true, value: makeAttempt(transactionId, Number(latest.data.attempt), order.value) };
    },

    async refund(transactionId, reason) {
      const tx = journal.find(transactionId);
      if (!tx) return fail('journal', `no transaction ${transactionId}`);
      const paidSteps = tx.steps.filter((s) => s.kind === 'paid');
      if (paidSteps.length === 0) return fail('notPaid', `transaction ${transactionId} has nothing paid to refund`);
      const outcome: RefundOutcome = { refunded: [], alreadyRefunded: [] };
      for (const step of paidSteps) {
        const result = await refundOrder(transactionId, { orderId: step.idempotencyKey, amountFen: Number(step.data.amountFen) }, reason);
        if (!result.ok) return result;
        if (result.value === 'alreadyRefunded') outcome.alreadyRefunded.push(step.idempotencyKey);
        else outcome.refunded.push(result.value);
      }
      if (tx.status === 'open') journal.finish(transactionId, 'refunded', reason);
      return { ok: true, value: outcome };
    },
  };
}
