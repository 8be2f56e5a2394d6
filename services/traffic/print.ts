/**
 * Printing penalty decisions on A4, the same way in the live flow and after a restart: fetch the
 * decision from the police system by its number (the journal keeps numbers only), make sure it is
 * the holder's own, verify the issuer's signed code, and print it as job `<transaction>/TPD/<number>`
 * — so a retry, or a restart in the middle, finds the earlier job instead of printing twice.
 */
import { fromCallback } from 'xstate';
import { calendarDate } from '../../contract/clock';
import { documentStepKey, printIssuedDocument, type A4Printer, type TrafficPenaltyDecision } from '../documents';
import type { IssuerKey } from '../documents/signing/code';
import type { PoliceGateway } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import { withGatewayRetries } from '../kit/deps';

export interface DecisionPrinting {
  gateway: PoliceGateway;
  journal: Journal;
  printer: A4Printer | undefined;
  trustedKeys: readonly IssuerKey[];
  now: () => Date;
  timeZone: string;
  timeoutMs: number;
}

export type DecisionPrintOutcome =
  | { ok: true; foundExisting: boolean }
  | { ok: false; stage: 'fetch' | 'notHolder' | 'prepare' | 'print'; problem: string };

/**
 * Prints one decision for a transaction. `holderIdNumber` (the proven holder, in memory only) is
 * compared with the decision's party: a kiosk never prints someone else's decision. After a
 * restart the transaction's own decisions are printed without it (the journal holds no clear number).
 */
export async function printDecision(
  input: DecisionPrinting,
  transactionId: string,
  decisionNo: string,
  holder?: { idNumber: string; /** Called once the decision is known to be the holder's, before it prints. */ verified?: () => void },
): Promise<DecisionPrintOutcome> {
  const fetched = await withGatewayRetries(() => input.gateway.getDecisionDocument({ decisionNo }), 3);
  if (!fetched.ok) return { ok: false, stage: 'fetch', problem: `getDecisionDocument: ${fetched.error.kind} ${fetched.error.code ?? ''}`.trim() };
  const { document, code } = fetched.value;
  if (holder !== undefined) {
    if (document.party.licenceNumber !== holder.idNumber) return { ok: false, stage: 'notHolder', problem: 'the decision belongs to another licence holder' };
    holder.verified?.();
  }
  const printed = await printIssuedDocument({
    printer: input.printer,
    journal: input.journal,
    transactionId,
    document: { kind: 'TPD', data: document as TrafficPenaltyDecision, code },
    trustedKeys: input.trustedKeys,
    today: calendarDate(input.now(), input.timeZone),
    timeoutMs: input.timeoutMs,
    copy: decisionNo,
  });
  if (printed.ok) return { ok: true, foundExisting: printed.job.foundExisting };
  if (printed.stage === 'prepare') return { ok: false, stage: 'prepare', problem: `${printed.refusal.reason}: ${printed.refusal.message}`.slice(0, 200) };
  return { ok: false, stage: 'print', problem: printed.error ?? printed.code };
}

/** The decisions a transaction must print (issued here, or reprinted for the holder), from the journal. */
export function decisionsToPrint(journal: Journal, transaction: TransactionWithSteps): string[] {
  return journal
    .receipts(transaction.id)
    .filter((r) => r.kind.startsWith('trafficDecision:') && (r.payload.issuedHere === true || r.payload.reprint === true))
    .map((r) => String(r.payload.decisionNo));
}

/** Whether the decision's A4 copy is recorded as printed for the transaction. */
export const decisionPrinted = (transaction: TransactionWithSteps, decisionNo: string): boolean =>
  transaction.steps.some((s) => s.kind === 'printed' && s.idempotencyKey === documentStepKey('TPD', decisionNo));

export type PrintingEvent = { type: 'printing.one'; decisionNo: string; ok: boolean; problem?: string } | { type: 'printing.finished' };

export interface PrintingInput {
  printing: DecisionPrinting;
  transactionId: string;
  /** In order; `reprint`: the holder's decision printed again (saved once it is known to be theirs). */
  decisions: { decisionNo: string; reprint: boolean }[];
  holderIdNumber?: string;
}

/** Prints the visit's decisions one by one, reporting each (the machine counts and shows them). */
export const printDecisions = fromCallback<PrintingEvent, PrintingInput>(({ input, sendBack }) => {
  let stopped = false;
  void (async () => {
    for (const { decisionNo, reprint } of input.decisions) {
      if (stopped) return;
      const saveReprint = () => input.printing.journal.saveReceipt(input.transactionId, `trafficDecision:${decisionNo}`, { decisionNo, reprint: true });
      const holder = input.holderIdNumber !== undefined ? { idNumber: input.holderIdNumber, ...(reprint ? { verified: saveReprint } : {}) } : undefined;
      const outcome = await printDecision(input.printing, input.transactionId, decisionNo, holder).catch((error: unknown) => ({ ok: false as const, stage: 'print' as const, problem: String(error).slice(0, 200) }));
      if (stopped) return;
      sendBack(outcome.ok ? { type: 'printing.one', decisionNo, ok: true } : { type: 'printing.one', decisionNo, ok: false, problem: `${outcome.stage}: ${outcome.problem}` });
    }
    if (!stopped) sendBack({ type: 'printing.finished' });
  })();
  return () => {
    stopped = true;
  };
});
