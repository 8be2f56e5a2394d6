/**
 * The journal's database rows, their mapping to the journal vocabulary, and the checks every write
 * passes (plain JSON objects of bounded size, no clear ID number anywhere).
 */
import { ok } from '../../contract/result';
import { calendarDate } from '../../contract/clock';
import { containsUnmaskedIdNumber } from './personalData';
import {
  journalFail,
  StepKind,
  TransactionStatus,
  type JournalResult,
  type StaffTicket,
  type Step,
  type StepData,
  type Transaction,
} from './types';

const MAX_JSON_CHARS = 16_000;
const MAX_REASON_CHARS = 500;

export interface TransactionRow {
  id: string;
  service: string;
  status: string;
  amount_fen: number;
  masked_id: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}
export interface StepRow {
  transaction_id: string;
  seq: number;
  kind: string;
  idempotency_key: string;
  data: string;
  at: string;
}
export interface TicketRow {
  id: number;
  number: string;
  transaction_id: string;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

export const toTransaction = (row: TransactionRow): Transaction => ({
  id: row.id,
  service: row.service,
  status: TransactionStatus.parse(row.status),
  amountFen: row.amount_fen,
  maskedIdNumber: row.masked_id,
  reason: row.reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
export const toStep = (row: StepRow): Step => ({
  transactionId: row.transaction_id,
  seq: row.seq,
  kind: StepKind.parse(row.kind),
  idempotencyKey: row.idempotency_key,
  data: JSON.parse(row.data) as StepData,
  at: row.at,
});
export const toTicket = (row: TicketRow): StaffTicket => ({
  id: row.id,
  number: row.number,
  transactionId: row.transaction_id,
  reason: row.reason,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
  resolution: row.resolution,
});

/** YYYYMMDD in the post's time zone: residents and staff read the date off the transaction number. */
export function localDay(date: Date, timeZone: string): string {
  return calendarDate(date, timeZone).replaceAll('-', '');
}

/** Serialises data for storage, refusing anything that is not a plain object or holds a clear ID number. */
export function checkedJson(data: unknown, what: string): JournalResult<string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return journalFail('invalidInput', `${what} must be a JSON object`);
  }
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    return journalFail('invalidInput', `${what} is not serialisable: ${(error as Error).message}`);
  }
  if (json.length > MAX_JSON_CHARS)
    return journalFail('invalidInput', `${what} is larger than ${MAX_JSON_CHARS} characters`);
  if (containsUnmaskedIdNumber(json)) {
    return journalFail('unmaskedPersonalData', `${what} contains an unmasked ID number; store it masked`);
  }
  return ok(json);
}

export function checkedText(text: string, what: string): JournalResult<string> {
  if (text.length === 0 || text.length > MAX_REASON_CHARS) {
    return journalFail('invalidInput', `${what} must be 1..${MAX_REASON_CHARS} characters`);
  }
  if (containsUnmaskedIdNumber(text))
    return journalFail('unmaskedPersonalData', `${what} contains an unmasked ID number`);
  return ok(text);
}
