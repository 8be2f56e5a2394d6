/**
 * Start-up recovery of an endorsement paid for before a restart (services/recovery, through the
 * module's `resumePrint`). The journal says how far the transaction got:
 *
 *   the chip write recorded       → print the card's back and the receipt; a printer that fails
 *                                   leaves the fee standing (the chip holds the endorsement), staff ticket
 *   approved, write not recorded  → read the chip back with the sealed access key (the permit is
 *                                   still on the reader after a restart mid-write): written → as above;
 *                                   not written → write it now and read it back; card gone, key lost,
 *                                   chip refusing → not delivered: recovery refunds and withdraws
 *   nothing approved              → not delivered: refund, and the approval (if an answer was lost) withdrawn
 *
 * The sealed access key is deleted whatever the outcome.
 */
import { err, ok } from '../../contract/result';
import { z } from 'zod';
import type { EndorsementRecord } from '../../devices/icao9303/endorsement';
import type { Journal } from '../journal/journal';
import type { TransactionWithSteps } from '../journal/types';
import type { KitDevices } from '../kit/deps';
import type { SealedScratch } from '../kit/sealed-scratch';
import type { ResumePrintResult } from '../recovery/recovery';
import { ChipEndorsementRecord } from '../gateway/exit-entry-schemas';
import { confirmOnChip, writeAndVerify, type ApprovedEndorsement } from './chip';
import { ACCESS_KEY, RECEIPT_KIND, SAVED_APPROVAL, type CardBackPrinterPort, type PermitReaderPort } from './deps';
import type { ExitEntryReceiptData } from './receipt';
import { printEndorsementBack, printEndorsementReceipt } from './work';

export interface ExitEntryRecoveryDeps {
  journal: Journal;
  scratch: SealedScratch;
  reader(): PermitReaderPort | undefined;
  cardPrinter(): CardBackPrinterPort | undefined;
  receiptPrinter: KitDevices['receiptPrinter'];
  post: { name: string; timeZone: string; receiptPrintTimeoutMs: number };
  /** The stay per visit printed for a type (configuration). */
  stayDays(type: EndorsementRecord['type']): number;
  apduTimeoutMs: number;
  /** How long to wait for the permit to show up on the reader after the restart. */
  cardWaitMs: number;
  cardBackTimeoutMs: number;
  now?: () => Date;
}

const SavedApproval = z.object({ record: ChipEndorsementRecord, authorisation: z.base64().min(16), maskedNumber: z.string().min(1).max(20) });

const has = (tx: TransactionWithSteps, kind: string, key?: string) => tx.steps.some((s) => s.kind === kind && (key === undefined || s.idempotencyKey === key));

/** True when the chip holds the endorsement but the card's back is not printed yet. */
export const exitEntryPrintIncomplete = (tx: TransactionWithSteps): boolean => tx.service === 'exitEntry' && has(tx, 'printed', 'chip') && !has(tx, 'printed', 'back');

function waitForCard(reader: PermitReaderPort, ms: number): Promise<boolean> {
  if (reader.status().media === 'present') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => (off(), resolve(reader.status().media === 'present')), ms);
    const off = reader.on('event', (event) => {
      if (event.name !== 'cardInserted') return;
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });
}

/** Finds out what the chip holds and finishes the write; `undefined` when the chip now holds the endorsement. */
async function settleChip(deps: ExitEntryRecoveryDeps, tx: TransactionWithSteps, approved: ApprovedEndorsement): Promise<string | undefined> {
  const key = deps.scratch.get(tx.id, ACCESS_KEY);
  if (!key) return "the chip's access key was not kept: what the chip holds cannot be read";
  const reader = deps.reader();
  if (!reader) return 'no permit reader configured';
  if (!(await waitForCard(reader, deps.cardWaitMs))) return 'the permit was not on the reader after the restart';
  const options = { apduTimeoutMs: deps.apduTimeoutMs };
  let outcome = await confirmOnChip(reader, key, approved, options);
  // Not written: finish the write the restart interrupted, and read it back.
  if (outcome.kind === 'notWritten') outcome = await writeAndVerify(reader, key, approved, options);
  if (outcome.kind !== 'verified') return `chip ${outcome.kind}${'detail' in outcome ? `: ${outcome.detail}` : ''}`;
  deps.journal.recordStep(tx.id, { kind: 'printed', idempotencyKey: 'chip', data: { document: 'endorsementChip', serial: approved.record.serial, by: 'recovery' } });
  return undefined;
}

export async function resumeExitEntry(deps: ExitEntryRecoveryDeps, tx: TransactionWithSteps): Promise<ResumePrintResult> {
  try {
    const saved = SavedApproval.safeParse(deps.journal.receipts(tx.id).find((r) => r.kind === SAVED_APPROVAL)?.payload);
    if (!has(tx, 'printed', 'chip')) {
      if (!saved.success) return err({ reason: 'no approval was saved before the restart: nothing was written to the chip' });
      const approved: ApprovedEndorsement = { record: saved.data.record as EndorsementRecord, authorisation: new Uint8Array(Buffer.from(saved.data.authorisation, 'base64')) };
      const problem = await settleChip(deps, tx, approved);
      if (problem) return err({ reason: `not endorsed after the restart (${problem})` });
    }
    if (!saved.success) return err({ reason: 'the approval saved in the journal is damaged: staff print the back', savedForStaff: true });
    // The chip holds the endorsement: from here the fee stands, whatever the printers do.
    const approved: ApprovedEndorsement = { record: saved.data.record as EndorsementRecord, authorisation: new Uint8Array(Buffer.from(saved.data.authorisation, 'base64')) };
    deps.scratch.remove(tx.id);
    const problems: string[] = [];
    const current = deps.journal.find(tx.id) ?? tx;
    if (!has(current, 'printed', 'back')) {
      const back = await printEndorsementBack({ cardPrinter: deps.cardPrinter, timeoutMs: deps.cardBackTimeoutMs }, tx.id, approved, deps.stayDays(approved.record.type));
      if (back.ok) deps.journal.recordStep(tx.id, { kind: 'printed', idempotencyKey: 'back', data: { document: 'endorsementBack', by: 'recovery' } });
      else problems.push(`card's back not printed (${back.problem}): print it for the resident`);
    }
    if (!has(current, 'receiptPrinted')) {
      const data: ExitEntryReceiptData = {
        transactionNo: tx.id,
        maskedNumber: saved.data.maskedNumber,
        type: approved.record.type,
        destination: approved.record.destination,
        trips: approved.record.trips,
        validUntil: approved.record.validUntil,
        serial: approved.record.serial,
        feeFen: tx.amountFen,
        at: (deps.now ?? (() => new Date()))().toISOString(),
        postName: deps.post.name,
        timeZone: deps.post.timeZone,
        backPending: problems.length > 0,
      };
      deps.journal.saveReceipt(tx.id, RECEIPT_KIND, { ...data });
      const printed = await printEndorsementReceipt({ devices: { receiptPrinter: deps.receiptPrinter, idReader: () => undefined, scanner: () => undefined }, post: deps.post }, tx.id, data);
      if (printed.ok) deps.journal.recordStep(tx.id, { kind: 'receiptPrinted', data: { document: RECEIPT_KIND, by: 'recovery' } });
      else problems.push(`receipt not printed (${printed.cause})`);
    }
    return problems.length === 0 ? ok(undefined) : err({ reason: `endorsement ${approved.record.serial} is on the chip; ${problems.join('; ')}`.slice(0, 300), savedForStaff: true });
  } finally {
    // Whatever happened, the chip's access key does not outlive the attempt.
    deps.scratch.remove(tx.id);
  }
}
