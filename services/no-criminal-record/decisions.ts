/**
 * The certificate flow's small decisions, as pure functions the machine's guards and actions share:
 * is a chosen purpose complete, is a stated purpose long enough, and keeping a certificate the
 * printer could not print for a staff reprint.
 */
import { MAX_STATEMENT_TEXT, type CertificatePurpose } from '../../contract/flows/no-criminal-record';
import { logEvent } from '../kit/deps';
import type { NoCriminalRecordContext } from './machine';
import { PURPOSE_WORDS, textLength, type NoCriminalRecordSettings } from './work';

export type PurposeDecision =
  | { ok: true; purpose: { kind: CertificatePurpose; printed: string }; problem?: undefined }
  | { ok: false; purpose?: undefined; problem: 'textRequired' | 'textTooLong' };

/** A purpose the post offers; `other` needs a short text (the certificate's 用途 line). */
export function choosePurpose(settings: Pick<NoCriminalRecordSettings, 'purposes' | 'purposeTextMaxLength'>, event: { purpose: CertificatePurpose; text?: string }): PurposeDecision {
  if (!settings.purposes.includes(event.purpose)) return { ok: false, problem: 'textRequired' };
  if (event.purpose !== 'other') return { ok: true, purpose: { kind: event.purpose, printed: PURPOSE_WORDS[event.purpose] } };
  const text = (event.text ?? '').replace(/\s+/g, ' ').trim();
  if (text.length === 0) return { ok: false, problem: 'textRequired' };
  if (textLength(text) > settings.purposeTextMaxLength) return { ok: false, problem: 'textTooLong' };
  return { ok: true, purpose: { kind: 'other', printed: text } };
}

export type StatementDecision = { ok: true; problem?: undefined } | { ok: false; problem: 'empty' | 'tooShort' | 'tooLong' };

/** A stated purpose (用途说明) for a resident with many certificates this year. */
export function giveStatement(settings: Pick<NoCriminalRecordSettings, 'statementMinLength'>, text: string, maxLength = MAX_STATEMENT_TEXT): StatementDecision {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, problem: 'empty' };
  if (textLength(trimmed) < settings.statementMinLength) return { ok: false, problem: 'tooShort' };
  if (textLength(trimmed) > maxLength) return { ok: false, problem: 'tooLong' };
  return { ok: true };
}

/**
 * The printer failed after the certificate was issued and verified: it stays valid. The journal
 * already holds its number (saved when it was issued); the transaction goes to staff with a ticket
 * that names the number, so staff re-fetch it from the backend and print it. Returns the ticket.
 */
export function savedForStaff(context: NoCriminalRecordContext): string | undefined {
  const { kit } = context.deps;
  const tx = context.transactionId;
  if (!tx) return undefined;
  const number = context.certificate?.certificateNo ?? '';
  const problem = context.printerProblem ?? 'other';
  const current = kit.journal.find(tx);
  if (current?.status !== 'open') return undefined;
  kit.journal.recordStep(tx, { kind: 'handedToStaff', idempotencyKey: 'reprint', data: { reason: `A4 printer: ${problem}`, certificateNo: number } });
  kit.journal.finish(tx, 'handedToStaff', `certificate saved for a staff reprint (A4 printer: ${problem})`);
  const opened = kit.journal.openTicket(tx, number ? `A4 printer ${problem}: certificate ${number} issued and saved, not printed; reprint it for the resident` : `printing did not end; check whether a certificate was issued for this transaction`);
  logEvent(kit, 'certificate-kept-for-staff', { tx, problem, ticket: opened.ok ? opened.value.number : undefined });
  return opened.ok ? opened.value.number : undefined;
}
