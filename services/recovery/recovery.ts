/**
 * Start-up recovery: before the kiosk serves anyone, every transaction the journal still has open
 * (a crash, a power cut, a kill) is resolved from its recorded steps:
 *
 *   printed                        → complete it (a receipt saved but not printed gets a staff
 *                                    ticket for a reprint, as the live flow does)
 *   refund requested, not refunded → finish the refund (same idempotency key), else hand to staff
 *   paid, not printed              → resume printing; if that fails, refund, undo the backend
 *                                    effects (withdraw the application) and open a staff ticket
 *   order created, not paid        → ask the provider: paid → as above; pending → cancel and
 *                                    re-check (honouring a late payment); ended → cancelled
 *   free, issued, not printed      → resume printing; if that fails, keep it for staff (ticket)
 *                                    when the service saved it, else undo the backend effects
 *   nothing paid                   → failed
 *
 * Every decision is journalled before it is acted on, so recovery can itself crash and run again;
 * running it on a resolved journal changes nothing.
 */
import { err, type Result } from '../../contract/result';
import { pendingEffects, type CompensationOutcome } from '../gateway/compensation';
import type { Journal } from '../journal/journal';
import { redactIdNumbers } from '../journal/personalData';
import type { TransactionWithSteps } from '../journal/types';
import { createPaymentService, type PaymentService } from '../payments/paymentService';
import type { PaymentGateway } from '../payments/types';

/**
 * Result of re-printing a transaction's documents (card, receipt, certificate, decisions…).
 * `savedForStaff`: the document is not printed but stands, kept for staff to reprint — a free
 * service's certificate, or a traffic decision whose fine is paid — so nothing is refunded or undone;
 * otherwise a failed reprint is settled (refund and/or undo).
 */
export type ResumePrintResult = Result<void, { reason: string; savedForStaff?: boolean }>;

export type RecoveryDecision =
  | 'completed' // it had been printed; only the completion was missing
  | 'printedAndCompleted' // paid, printing resumed successfully
  | 'printPending' // paid and delivered, the paper could not be printed: saved for a reprint, staff told
  | 'refunded' // paid but could not be served: money returned (and staff told)
  | 'handedToStaff' // money state needs a person (refund failed)
  | 'cancelled' // an order was open but never paid; cancelled
  | 'failed' // interrupted before any money moved
  | 'deferred'; // the provider could not be asked; left open for the next run, staff told

export interface RecoveryRecord {
  transactionId: string;
  /** Masked ID number (or '-') so that staff can match the record to a resident. */
  maskedReference: string;
  decision: RecoveryDecision;
  detail: string;
}

export interface RecoveryOptions {
  journal: Journal;
  gateway: PaymentGateway;
  /** Prints the transaction's documents again; must report honestly whether it worked. */
  resumePrint: (transaction: TransactionWithSteps) => Promise<ResumePrintResult>;
  /** Reuse a configured payment service (timeouts); one is built from gateway + journal otherwise. */
  payments?: PaymentService;
  /**
   * True when a transaction with a `printed` step still has documents to print (a service that
   * prints several per transaction); recovery then resumes printing instead of completing it.
   */
  printIncomplete?: (transaction: TransactionWithSteps) => boolean;
  /** Undoes the backend effects recorded on a transaction that was not delivered (gateway/compensation.ts). */
  compensate?: (transactionId: string, reason: string) => Promise<CompensationOutcome>;
  log?: (record: RecoveryRecord) => void;
}

const has = (tx: TransactionWithSteps, kind: TransactionWithSteps['steps'][number]['kind']) => tx.steps.some((s) => s.kind === kind);

/** Paid orders that have not been refunded: money the kiosk currently holds for this transaction. */
const heldPayments = (tx: TransactionWithSteps) => {
  const refunded = new Set(tx.steps.filter((s) => s.kind === 'refunded').map((s) => s.idempotencyKey));
  return tx.steps.filter((s) => s.kind === 'paid' && !refunded.has(s.idempotencyKey));
};

/** Resolves every open transaction in the journal; returns one record per transaction, in order. */
export async function recoverUnfinished(options: RecoveryOptions): Promise<RecoveryRecord[]> {
  const { journal } = options;
  const payments = options.payments ?? createPaymentService({ gateway: options.gateway, journal });
  const records: RecoveryRecord[] = [];

  const decide = (tx: TransactionWithSteps, decision: RecoveryDecision, detail: string): void => {
    const record = { transactionId: tx.id, maskedReference: tx.maskedIdNumber ?? '-', decision, detail };
    records.push(record);
    try {
      options.log?.(record);
    } catch {
      // a broken logger must not stop recovery
    }
  };

  const check = <T>(result: Result<T, { message: string }>): T => {
    if (!result.ok) throw new Error(`journal refused a recovery write: ${result.error.message}`);
    return result.value;
  };

  /** Undoes the backend effects of an undelivered transaction; returns words for the staff ticket. */
  const undoEffects = async (tx: TransactionWithSteps, why: string): Promise<string> => {
    if (!options.compensate) return '';
    const undone = await options.compensate(tx.id, why);
    if (undone.failed.length > 0) return `; backend not updated (${undone.failed.map((f) => f.message).join('; ')})`.slice(0, 200);
    return undone.compensated.length > 0 ? '; application withdrawn' : '';
  };

  /** Money is held but the resident cannot be served: refund, undo the backend effects, tell staff. */
  const refundAndTicket = async (tx: TransactionWithSteps, why: string): Promise<void> => {
    const refund = await payments.refund(tx.id, why);
    const undone = await undoEffects(tx, why);
    if (refund.ok) {
      check(journal.finish(tx.id, 'refunded', why)); // no-op if refund() already finished it
      check(journal.openTicket(tx.id, `${why}; refunded${undone}`));
      decide(tx, 'refunded', `${why}; refunded ${refund.value.refunded.map((r) => `${r.orderId}:${r.amountFen}fen`).join(', ') || 'earlier'}${undone}`);
      return;
    }
    check(journal.recordStep(tx.id, { kind: 'handedToStaff', idempotencyKey: 'recovery', data: { reason: why } }));
    check(journal.finish(tx.id, 'handedToStaff', `${why}; refund failed`));
    check(journal.openTicket(tx.id, `${why}; refund failed, money still taken${undone}`));
    decide(tx, 'handedToStaff', `${why}; refund failed: ${refund.error.message}${undone}`);
  };

  /** The service's reprint; a throw is a failure, and a driver's free-text message never carries a clear ID number on. */
  const resume = async (tx: TransactionWithSteps): Promise<ResumePrintResult> => {
    let printed: ResumePrintResult;
    try {
      printed = await options.resumePrint(tx);
    } catch (error) {
      printed = err({ reason: error instanceof Error ? error.message : String(error) });
    }
    return printed.ok ? printed : err({ ...printed.error, reason: redactIdNumbers(printed.error.reason).slice(0, 200) });
  };

  /** Paid and not printed: print now, or give the money back. */
  const serveOrRefund = async (tx: TransactionWithSteps): Promise<void> => {
    const printed = await resume(tx);
    if (printed.ok) {
      check(journal.recordStep(tx.id, { kind: 'printed', data: { by: 'recovery' } }));
      check(journal.complete(tx.id));
      decide(tx, 'printedAndCompleted', 'paid before the restart; printing resumed');
      return;
    }
    check(journal.recordStep(tx.id, { kind: 'printFailed', idempotencyKey: 'recovery', data: { reason: printed.error.reason } }));
    if (printed.error.savedForStaff) {
      check(journal.openTicket(tx.id, `paid before the restart; documents not printed (${printed.error.reason.slice(0, 120)}); reprint the saved documents`));
      check(journal.complete(tx.id));
      decide(tx, 'printPending', `paid before the restart; not printed (${printed.error.reason.slice(0, 120)}); saved for a reprint, payment stands`);
      return;
    }
    await refundAndTicket(journal.find(tx.id)!, `print failed after payment (${printed.error.reason.slice(0, 80)})`);
  };

  /** A free service's issued document that was not printed: print it now, keep it for staff, or undo it. */
  const deliverFree = async (tx: TransactionWithSteps): Promise<void> => {
    const printed = await resume(tx);
    if (printed.ok) {
      check(journal.recordStep(tx.id, { kind: 'printed', idempotencyKey: 'recovery', data: { by: 'recovery' } }));
      check(journal.complete(tx.id));
      decide(tx, 'printedAndCompleted', 'issued before the restart; printing resumed');
      return;
    }
    const { reason } = printed.error;
    check(journal.recordStep(tx.id, { kind: 'printFailed', idempotencyKey: 'recovery', data: { reason } }));
    if (printed.error.savedForStaff) {
      check(journal.finish(tx.id, 'handedToStaff', `not printed after a restart (${reason})`));
      check(journal.openTicket(tx.id, `issued before a restart and not printed (${reason}); saved: reprint it for the resident`));
      decide(tx, 'handedToStaff', `issued before the restart; saved for staff reprint (${reason})`);
      return;
    }
    const undone = await undoEffects(tx, `not printed after a restart (${reason})`);
    if (undone.includes('backend not updated')) check(journal.openTicket(tx.id, `not printed after a restart; ${undone.slice(2)}`.slice(0, 500)));
    check(journal.fail(tx.id, `not printed after a restart (${reason})`));
    decide(tx, 'failed', `issued before the restart, could not be printed${undone.replace('application withdrawn', 'issue undone at the backend')}`);
  };

  for (const snapshot of journal.unfinished()) {
    try {
      const tx = journal.find(snapshot.id)!;
      if (has(tx, 'printed') && !options.printIncomplete?.(tx)) {
        if (!has(tx, 'receiptPrinted') && journal.receipts(tx.id).length > 0) {
          check(journal.openTicket(tx.id, 'receipt not printed before the restart; delivered; reprint the saved receipt'));
        }
        check(journal.complete(tx.id));
        decide(tx, 'completed', 'printed before the restart');
      } else if (has(tx, 'refundRequested') && heldPayments(tx).length > 0) {
        await refundAndTicket(tx, 'refund interrupted by restart');
      } else if (heldPayments(tx).length > 0) {
        await serveOrRefund(tx);
      } else if (tx.amountFen === 0 && pendingEffects(tx).length > 0) {
        await deliverFree(tx);
      } else if (has(tx, 'refunded')) {
        await undoEffects(tx, 'refunded before the restart');
        check(journal.finish(tx.id, 'refunded', 'refunded before the restart'));
        decide(tx, 'refunded', 'refund had completed before the restart');
      } else if (has(tx, 'paymentCreated')) {
        await resolveOpenOrder(tx);
      } else {
        check(journal.recordStep(tx.id, { kind: 'failed', idempotencyKey: 'recovery', data: { reason: 'interrupted before payment' } }));
        check(journal.fail(tx.id, 'interrupted before payment'));
        decide(tx, 'failed', 'interrupted before any payment');
      }
    } catch (error) {
      decide(snapshot, 'deferred', `recovery error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return records;

  async function resolveOpenOrder(tx: TransactionWithSteps): Promise<void> {
    const attempt = await payments.resumePayment(tx.id);
    if (!attempt.ok) {
      check(journal.openTicket(tx.id, 'payment state unknown at start-up'));
      decide(tx, 'deferred', `cannot read the payment order: ${attempt.error.message}`);
      return;
    }
    let outcome = await attempt.value.check();
    if (outcome.kind === 'pending') outcome = await attempt.value.cancel('honour');
    switch (outcome.kind) {
      case 'paid':
        await serveOrRefund(journal.find(tx.id)!);
        return;
      case 'refunded':
        check(journal.finish(tx.id, 'refunded', 'duplicate charge refunded at start-up'));
        decide(tx, 'refunded', 'duplicate charge refunded');
        return;
      case 'notPaid':
        check(journal.recordStep(tx.id, { kind: 'cancelled', idempotencyKey: 'recovery', data: { orderId: outcome.order.orderId, orderStatus: outcome.order.status } }));
        check(journal.fail(tx.id, `payment not completed (order ${outcome.order.status})`));
        decide(tx, 'cancelled', `order ${outcome.order.orderId} ${outcome.order.status}; nothing charged`);
        return;
      case 'declined':
      case 'unknown':
        check(journal.openTicket(tx.id, 'payment state unknown at start-up'));
        decide(tx, 'deferred', outcome.kind === 'unknown' ? outcome.message : outcome.message);
        return;
    }
  }
}
