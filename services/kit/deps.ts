/**
 * What the service kit's steps need from the kiosk, and the small helpers they share: journal
 * writes that never throw, retries of idempotent backend calls, logging that carries references
 * only. Every service's flow gets one `KitDeps`.
 */
import type { ServicePause } from '../../contract/api';
import type { ServiceId } from '../../contract/flow';
import type { KioskDevices } from '../../devices/interfaces';
import type { GatewayError, GatewayResult, PoliceGateway } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { StepInput } from '../journal/types';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';

/**
 * The devices the shared steps use (devices/interfaces.ts): the ID reader and scanner for events, the
 * receipt printer, and the A4 printer for services that print issued documents (steps/document.ts).
 * Each may be missing (not configured) at the moment it is needed.
 */
export type KitDevices = Pick<KioskDevices, 'idReader' | 'scanner' | 'receiptPrinter' | 'documentPrinter'>;

export interface KitDeps {
  service: ServiceId;
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: KitDevices;
  /** The post's name and time zone (printed on slips), and the receipt printer's time-out. */
  post: { name: string; timeZone: string; receiptPrintTimeoutMs: number };
  now: () => Date;
  log?: Logger;
  /** Whether the devices the service needs are ready; checked again before any money is asked for. */
  readiness?: () => ServicePause | undefined;
}

/** Logs a decision with references only (transaction numbers, codes); never throws. */
export function logEvent(deps: KitDeps, event: string, fields: Record<string, unknown> = {}): void {
  try {
    deps.log?.info(event, { service: deps.service, ...fields });
  } catch {
    // logging never breaks a flow
  }
}

/** Records a journal step; a refused write is logged, never thrown (the flow's money logic goes on). */
export function journalStep(deps: KitDeps, transactionId: string | undefined, step: StepInput): void {
  if (!transactionId) return;
  const result = deps.journal.recordStep(transactionId, step);
  if (!result.ok) logEvent(deps, 'journal-write-refused', { tx: transactionId, kind: step.kind, code: result.error.code });
}

/** Closes an open, unpaid transaction as failed (or cancelled) with a reason code; idempotent. */
export function closeUnpaid(deps: KitDeps, transactionId: string | undefined, reason: string): void {
  const tx = transactionId ? deps.journal.find(transactionId) : undefined;
  if (!tx || tx.status !== 'open') return;
  journalStep(deps, tx.id, { kind: reason === 'cancelled' ? 'cancelled' : 'failed', idempotencyKey: 'end', data: { reason } });
  deps.journal.fail(tx.id, reason);
}

/** Money a transaction currently holds (paid and not refunded), from the journal. */
export function heldFen(journal: Journal, transactionId: string | undefined): number {
  const tx = transactionId ? journal.find(transactionId) : undefined;
  if (!tx) return 0;
  const refunded = new Set(tx.steps.filter((s) => s.kind === 'refunded').map((s) => s.idempotencyKey));
  return tx.steps.filter((s) => s.kind === 'paid' && !refunded.has(s.idempotencyKey)).reduce((sum, s) => sum + Number(s.data.amountFen ?? 0), 0);
}

/** A failure that means "the backend could not be reached", as opposed to a refusal. */
export const isNetwork = (error: GatewayError): boolean =>
  error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'malformed' || error.kind === 'unauthorized';

/** Retries a read-only or idempotent call while the error says a retry may help. */
export async function withGatewayRetries<T>(call: () => Promise<GatewayResult<T>>, attempts = 2): Promise<GatewayResult<T>> {
  let last = await call();
  for (let i = 1; i < attempts && !last.ok && last.error.retryable; i++) last = await call();
  return last;
}

/** An outcome a flow ends with: status and, for failures, a reason code of the service's contract. */
export interface FlowEnding {
  status: 'done' | 'failed' | 'cancelled';
  code?: string;
  message?: string;
}
