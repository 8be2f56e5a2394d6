/**
 * Shared step: print a document the police backend issued on the A4 printer, verify-before-print
 * (services/documents: the issuer's signed code must verify against the trusted keys and cover
 * exactly these fields). One printer job per transaction and document (`documentJobId`), so a retry
 * or a restart never prints a second copy. The outcome says plainly what the flow must decide on: a
 * document that may not be printed (signature, glyph, layout) or a printer that could not print it.
 */
import { fromPromise } from 'xstate';
import type { A4PrinterProblem } from '../../../contract/flows/common';
import type { DocumentPrintError } from '../../../devices/document-printer/driver';
import { printIssuedDocument, type A4Printer, type DocumentRefusal, type IssuedDocument, type IssuerKey } from '../../documents';
import { calendarDate } from '../../../contract/clock';
import type { KitDeps } from '../deps';

export interface DocumentInput {
  deps: KitDeps;
  printer: A4Printer | undefined;
  transactionId: string;
  document: IssuedDocument;
  trustedKeys: readonly IssuerKey[];
  timeoutMs: number;
}

/**
 * `refused`: the kiosk must not print it (`notVerified`/`fieldsMismatch`: not genuine as far as the
 * kiosk can tell; `unprintableCharacter`/`doesNotFit`: the counter prints it). `printer`: it may be
 * printed, the printer could not.
 */
export type DocumentOutput =
  | { ok: true; foundExisting: boolean }
  | { ok: false; stage: 'refused'; refusal: DocumentRefusal }
  | { ok: false; stage: 'printer'; problem: A4PrinterProblem; message: string };

/** The printer's cause in the words flows use. */
export function a4Problem(error: DocumentPrintError | undefined): A4PrinterProblem {
  switch (error) {
    case 'paperOut':
    case 'paperJammed':
    case 'coverOpen':
    case 'tonerOut':
    case 'offline':
    case 'timeOut':
      return error;
    case 'unreachable':
    case 'notAcceptingJobs':
      return 'offline';
    default:
      return 'other';
  }
}

/** Verifies, lays out and prints; every outcome is a value (a journal that refuses a write is `other`). */
export const printDocument = fromPromise<DocumentOutput, DocumentInput>(async ({ input, signal }) => {
  const today = calendarDate(input.deps.now(), input.deps.post.timeZone);
  try {
    const printed = await printIssuedDocument({
      printer: input.printer,
      journal: input.deps.journal,
      transactionId: input.transactionId,
      document: input.document,
      trustedKeys: input.trustedKeys,
      today,
      timeoutMs: input.timeoutMs,
      signal,
    });
    if (printed.ok) return { ok: true, foundExisting: printed.job.foundExisting };
    if (printed.stage === 'prepare') return { ok: false, stage: 'refused', refusal: printed.refusal };
    return { ok: false, stage: 'printer', problem: a4Problem(printed.error), message: `${printed.code}: ${printed.message}`.slice(0, 300) };
  } catch (error) {
    return { ok: false, stage: 'printer', problem: 'other', message: error instanceof Error ? error.message.slice(0, 300) : 'print failed' };
  }
});
