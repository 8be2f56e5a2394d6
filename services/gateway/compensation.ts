/**
 * Every effect a flow has on the police backend is journalled together with the operation that
 * undoes it, before the flow moves on. Whoever settles a transaction that cannot be delivered — the
 * live flow or start-up recovery after a crash — undoes every recorded effect the same way: one
 * idempotent call per effect, each recorded in the journal, failures handed to staff.
 *
 * Only masked data goes into the journal: a compensation request names the effect by its backend
 * reference (an application number), never by a person.
 */
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import { operations } from './operations';
import type { GatewayResult, OperationId, PoliceGateway } from './types';

/** An effect on the backend and how to undo it. */
export interface BackendEffect {
  /** The operation that had the effect, e.g. `applyTempIdCard`. */
  operation: OperationId;
  /** The backend's reference for what it created (application number …): unique within the transaction. */
  reference: string;
  compensation: {
    operation: OperationId;
    /** Request fields besides the idempotency key (path parameters included). No personal data. */
    request: Record<string, string | number | boolean>;
  };
}

export interface CompensationOutcome {
  /** References of the effects undone now or earlier. */
  compensated: string[];
  /** References that could not be undone (a staff ticket says so). */
  failed: { reference: string; message: string }[];
}

/** Records an effect; recording the same reference twice is one step. */
export function recordEffect(journal: Journal, transactionId: string, effect: BackendEffect): void {
  const result = journal.recordStep(transactionId, { kind: 'backendEffect', idempotencyKey: effect.reference, data: { ...effect } });
  if (!result.ok) throw new Error(`journal refused the backend effect ${effect.operation}: ${result.error.message}`);
}

/**
 * Settles an effect recorded before its call when the backend refused the call outright (a 4xx
 * with a domain code): nothing happened, so there is nothing to undo. Recording the effect before
 * the call is what lets a lost answer be undone by its reference.
 */
export function settleRefusedEffect(journal: Journal, transactionId: string, effect: Pick<BackendEffect, 'operation' | 'reference'>, code: string): void {
  journal.recordStep(transactionId, { kind: 'compensated', idempotencyKey: effect.reference, data: { operation: effect.operation, refused: code } });
}

/** Effects recorded on a transaction that have not been undone yet. */
export function pendingEffects(transaction: TransactionWithSteps): BackendEffect[] {
  const done = new Set(transaction.steps.filter((step) => step.kind === 'compensated').map((step) => step.idempotencyKey));
  return transaction.steps
    .filter((step) => step.kind === 'backendEffect' && !done.has(step.idempotencyKey))
    .map((step) => step.data as unknown as BackendEffect);
}

type AnyCall = (req: Record<string, unknown>) => Promise<GatewayResult<unknown>>;

/**
 * Undoes every pending effect of a transaction. Retries once when the gateway says a retry may help;
 * a refused or unreachable compensation is recorded as `compensationFailed` and reported, so the
 * caller opens a staff ticket. Never throws.
 */
export async function compensateEffects(journal: Journal, gateway: PoliceGateway, transactionId: string, reason: string): Promise<CompensationOutcome> {
  const transaction = journal.find(transactionId);
  const outcome: CompensationOutcome = { compensated: [], failed: [] };
  if (!transaction) return outcome;
  outcome.compensated.push(...transaction.steps.filter((step) => step.kind === 'compensated').map((step) => step.idempotencyKey));
  for (const effect of pendingEffects(transaction)) {
    const { operation, request } = effect.compensation;
    const spec = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
    if (!spec?.effect) {
      outcome.failed.push({ reference: effect.reference, message: `no compensating operation ${operation}` });
      continue;
    }
    const call = (gateway as unknown as Record<OperationId, AnyCall>)[operation].bind(gateway);
    const req = { idempotencyKey: `${transactionId}/undo/${effect.reference}`, ...request, ...('reason' in request ? {} : { reason: reason.slice(0, 200) }) };
    let result = await call(req);
    if (!result.ok && result.error.retryable) result = await call(req);
    if (result.ok) {
      journal.recordStep(transactionId, { kind: 'compensated', idempotencyKey: effect.reference, data: { operation } });
      outcome.compensated.push(effect.reference);
    } else {
      const message = `${operation}: ${result.error.code ?? result.error.kind} ${result.error.message}`.slice(0, 200);
      journal.recordStep(transactionId, { kind: 'compensationFailed', idempotencyKey: effect.reference, data: { operation, message } });
      outcome.failed.push({ reference: effect.reference, message });
    }
  }
  return outcome;
}
