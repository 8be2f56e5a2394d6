/**
 * Printing an issued document for a transaction, journalled: verify and lay it out
 * (prepare.ts), print it on the A4 printer under the job id `<transaction>/<kind>`, and record
 * what happened as a journal step. The printer driver never prints a job id twice, so calling this
 * again after a crash or restart finds the earlier job (queued, printing or done) and the journal
 * says so ("found printer job 7 from before the restart … not printed again").
 */
import type { DocumentPrintError, PrintedJob } from '../../devices/document-printer/driver';
import type { DocumentPrinterDevice } from '../../devices/interfaces';
import type { Journal } from '../journal/journal';
import { prepareIssuedDocument, type DocumentRefusal, type IssuedDocument } from './prepare';
import type { IssuerKey } from './signing/code';

/** The part of the A4 printer a service needs (DocumentPrinter, or a fake in flow tests). */
export type A4Printer = DocumentPrinterDevice;

export type PrintDocumentResult =
  | { ok: true; job: PrintedJob }
  | { ok: false; stage: 'prepare'; refusal: DocumentRefusal }
  | { ok: false; stage: 'print'; error: DocumentPrintError | undefined; code: string; message: string };

export interface PrintDocumentInput {
  printer: A4Printer | undefined;
  journal: Journal;
  transactionId: string;
  document: IssuedDocument;
  trustedKeys: readonly IssuerKey[];
  /** The post's calendar date (YYYY-MM-DD, `kiosk.timeZone`): expiry is checked against it. */
  today: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Which of several documents of the same kind in one transaction this is (e.g. the decision
   * number when a resident handles several records): part of the job id and of the journal step.
   */
  copy?: string;
}

/** The printer job id of a transaction's document (and copy): the same on every retry. */
export const documentJobId = (transactionId: string, kind: IssuedDocument['kind'], copy?: string): string =>
  copy === undefined ? `${transactionId}/${kind}` : `${transactionId}/${kind}/${copy}`;

/** The journal key of a printed document: the kind, or kind and copy. */
export const documentStepKey = (kind: IssuedDocument['kind'], copy?: string): string => (copy === undefined ? kind : `${kind}:${copy}`);

export async function printIssuedDocument(input: PrintDocumentInput): Promise<PrintDocumentResult> {
  const { journal, transactionId, document, copy } = input;
  const name = documentStepKey(document.kind, copy);
  const record = (kind: 'printed' | 'printFailed', key: string, data: Record<string, unknown>) => {
    const written = journal.recordStep(transactionId, { kind, idempotencyKey: key, data: { device: 'documentPrinter', document: document.kind, ...(copy !== undefined ? { copy } : {}), ...data } });
    if (!written.ok) throw new Error(`journal refused the ${kind} step: ${written.error.message}`);
  };

  const prepared = await prepareIssuedDocument(document, input.trustedKeys, input.today);
  if (!prepared.ok) {
    record('printFailed', `${name}:${prepared.refusal.reason}:${'verdict' in prepared.refusal ? prepared.refusal.verdict : ''}`, { stage: 'prepare', ...prepared.refusal });
    return { ok: false, stage: 'prepare', refusal: prepared.refusal };
  }
  if (!input.printer) {
    record('printFailed', `${name}:noPrinter`, { stage: 'print', cause: 'noPrinter' });
    return { ok: false, stage: 'print', error: undefined, code: 'deviceNotReady', message: 'no A4 printer configured' };
  }
  const jobId = documentJobId(transactionId, document.kind, copy);
  const printed = await input.printer.print(prepared.pdf, { jobId, ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}), ...(input.signal ? { signal: input.signal } : {}) });
  if (!printed.ok) {
    const { error: cause, code, message } = printed.error;
    record('printFailed', `${name}:${cause ?? code}`, { stage: 'print', cause: cause ?? code, message: message.slice(0, 300) });
    return { ok: false, stage: 'print', error: cause, code, message };
  }
  const job = printed.value;
  record('printed', name, {
    number: prepared.payload.number,
    ippJobId: job.ippJobId,
    pages: job.pagesPrinted ?? null,
    foundExisting: job.foundExisting,
    ...(job.foundExisting
      ? { note: `found printer job ${job.ippJobId} from before a restart (${job.foundState ?? 'unknown'}); waited for it to finish, not printed again` }
      : {}),
  });
  return { ok: true, job };
}
