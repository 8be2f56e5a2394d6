/**
 * Journal vocabulary: what a transaction and its steps look like once recorded. Everything here is
 * already masked: the journal never returns (or stores) a clear ID number, a name or a photo.
 */
import { z } from 'zod';
import { err, type Result } from '../../contract/result';

export const TransactionStatus = z.enum(['open', 'done', 'failed', 'refunded', 'handedToStaff']);
export type TransactionStatus = z.infer<typeof TransactionStatus>;

/** Everything that can happen to a transaction, in the order a normal flow records them. */
export const StepKind = z.enum([
  'identityChecked',
  'faceMatched',
  'paymentCreated',
  'paid',
  'paymentCancelRequested',
  'paymentCancelled',
  'printed',
  'printFailed',
  'receiptPrinted',
  /** Staff reprinted a saved receipt (marked 补打); the key numbers the reprints. */
  'receiptReprinted',
  'refundRequested',
  'refunded',
  'refundFailed',
  /** An effect on the police backend (an application registered…) and the operation that undoes it. */
  'backendEffect',
  /** That effect was undone (idempotency key = the effect's reference). */
  'compensated',
  'compensationFailed',
  'handedToStaff',
  'cancelled',
  'failed',
  /** A help call to the duty desk (services/help-call): placed, answered (by which staff code), ended (why, how long). */
  'callPlaced',
  'callAnswered',
  'callEnded',
]);
export type StepKind = z.infer<typeof StepKind>;

/** JSON-serialisable step data (masked only: checked on write). */
export type StepData = Record<string, unknown>;

export interface StepInput {
  kind: StepKind;
  /** Distinguishes legitimately repeated steps (e.g. payment attempt 2); same key = same step. */
  idempotencyKey?: string;
  data?: StepData;
}

export interface Step {
  transactionId: string;
  seq: number;
  kind: StepKind;
  idempotencyKey: string;
  data: StepData;
  at: string;
}

export interface Transaction {
  id: string;
  service: string;
  status: TransactionStatus;
  amountFen: number;
  maskedIdNumber: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TransactionWithSteps extends Transaction {
  steps: Step[];
}

export interface BeginInput {
  service: string;
  amountFen: number;
  /** The clear ID number; stored masked plus keyed hash only. */
  idNumber?: string;
}

export interface StaffTicket {
  id: number;
  /** Readable and unique: kiosk id, date and sequence, e.g. `WBJ-DC-0101-20261201-003`. */
  number: string;
  transactionId: string;
  reason: string;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface Receipt {
  transactionId: string;
  kind: string;
  payload: StepData;
  createdAt: string;
}

export interface PurgeCounts {
  transactions: number;
  steps: number;
  tickets: number;
  receipts: number;
}

export type JournalErrorCode = 'notFound' | 'invalidInput' | 'unmaskedPersonalData' | 'alreadyFinished';

export interface JournalError {
  code: JournalErrorCode;
  message: string;
}

/** Expected failures are values: a refused write never throws. */
export type JournalResult<T> = Result<T, JournalError>;

/** A refused journal operation. */
export const journalFail = (code: JournalErrorCode, message: string): JournalResult<never> => err({ code, message });
