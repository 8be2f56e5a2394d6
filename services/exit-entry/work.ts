/**
 * The endorsement service's own work with the administration and the printers, as actors the
 * machine invokes: the face comparison against the chip's photo and the photo on file, the
 * eligibility check with the post's rules, the card's back and the receipt. Each returns a plain
 * outcome; the machine decides what it means.
 */
import { fromPromise } from 'xstate';
import type { CardBackProblem, EligibilityRefusal, EndorsementOffer } from '../../contract/flows/exit-entry';
import type { CardPrintError } from '../../devices/card-printer/driver';
import type { PermitData } from '../../devices/icao9303/read-permit';
import { withGatewayRetries, type KitDeps } from '../kit/deps';
import type { FaceComparator } from '../kit/steps/face';
import type { ApprovedEndorsement } from './chip';
import { composeEndorsementBack } from './card-back';
import type { ExitEntryDeps } from './deps';
import { endorsementReceipt, type ExitEntryReceiptData } from './receipt';
import { decideEligibility } from './rules';

/** The face step's comparison for a permit holder: the chip's photo and the administration's, both must match. */
export function permitFaceComparator(kit: KitDeps, documentNumber: string, chipFace: Uint8Array): FaceComparator {
  const chipFaceBase64 = Buffer.from(chipFace).toString('base64');
  return async (imageBase64) => {
    const result = await kit.gateway.comparePermitFace({ documentNumber, imageBase64, chipFaceBase64 });
    if (result.ok) return result.value.match ? { kind: 'matched' } : { kind: 'noMatch' };
    if (result.error.code === 'badImage') return { kind: 'badImage' };
    return { kind: 'unreachable', message: `comparePermitFace: ${result.error.kind} ${result.error.message}` };
  };
}

export type EligibilityOutcome =
  | { ok: true; offers: EndorsementOffer[]; holder: { idNumber: string; name: string } }
  | { ok: false; reason: 'notEligible'; refusal: EligibilityRefusal; message: string; holder?: { idNumber: string } }
  | { ok: false; reason: 'backendUnavailable'; message: string };

/** The administration's facts and the post's rules: what may be chosen here, or why not. */
export const checkEligibility = fromPromise<EligibilityOutcome, { deps: ExitEntryDeps; permit: PermitData }>(async ({ input: { deps, permit } }) => {
  const answer = await withGatewayRetries(() =>
    deps.kit.gateway.checkEndorsementEligibility({
      documentCode: permit.documentCode,
      documentNumber: permit.documentNumber,
      birthDate: permit.birthDate,
      expiry: permit.expiry,
      jurisdictionCode: deps.settings.jurisdictionCode,
    }),
  );
  if (!answer.ok) {
    // A genuine chip the administration does not know: the permit is not valid for endorsements here.
    if (answer.error.code === 'notFound') return { ok: false, reason: 'notEligible', refusal: 'permitInvalid', message: 'the administration has no record of the permit' };
    return { ok: false, reason: 'backendUnavailable', message: `checkEndorsementEligibility: ${answer.error.kind} ${answer.error.message}`.slice(0, 300) };
  }
  const decision = decideEligibility(deps.settings, answer.value);
  const holder = { idNumber: answer.value.holder.idNumber, name: answer.value.holder.name };
  if (!decision.ok) return { ok: false, reason: 'notEligible', refusal: decision.refusal, message: `not eligible: ${decision.refusal}`, holder: { idNumber: holder.idNumber } };
  return { ok: true, offers: decision.offers, holder };
});

export type CardBackOutcome = { ok: true } | { ok: false; problem: CardBackProblem; message: string };

const backProblem = (error: CardPrintError | undefined): CardBackProblem => {
  switch (error) {
    case 'coverOpen':
    case 'cardJam':
    case 'ribbonOut':
    case 'offline':
    case 'timeOut':
      return error;
    default:
      return 'other';
  }
};

/** Prints the endorsement on the back of the permit in the card printer's manual slot, one job per transaction. */
export async function printEndorsementBack(deps: Pick<ExitEntryDeps, 'cardPrinter'> & { timeoutMs: number }, transactionId: string, approved: ApprovedEndorsement, stayDays: number): Promise<CardBackOutcome> {
  const composed = composeEndorsementBack(approved.record, stayDays);
  if (!composed.ok) return { ok: false, problem: 'other', message: `the back could not be composed: ${composed.error.message}` };
  const printer = deps.cardPrinter();
  if (!printer) return { ok: false, problem: 'offline', message: 'no card printer configured' };
  const printed = await printer.printCard({ back: composed.value }, { source: 'manual', timeoutMs: deps.timeoutMs, jobId: `${transactionId}/back` });
  if (printed.ok) return { ok: true };
  return { ok: false, problem: backProblem(printed.error.error), message: `${printed.error.code}: ${printed.error.message}`.slice(0, 300) };
}

export const printBack = fromPromise<CardBackOutcome, { deps: ExitEntryDeps; transactionId: string; approved: ApprovedEndorsement; stayDays: number }>(({ input }) =>
  printEndorsementBack({ cardPrinter: input.deps.cardPrinter, timeoutMs: input.deps.settings.cardBackTimeoutMs }, input.transactionId, input.approved, input.stayDays),
);

export type ReceiptOutcome = { ok: true } | { ok: false; cause: string };

export async function printEndorsementReceipt(kit: Pick<KitDeps, 'devices' | 'post'>, transactionId: string, data: ExitEntryReceiptData): Promise<ReceiptOutcome> {
  const printer = kit.devices.receiptPrinter();
  if (!printer) return { ok: false, cause: 'no receipt printer configured' };
  const printed = await printer.print(endorsementReceipt(data), { timeoutMs: kit.post.receiptPrintTimeoutMs, jobId: `${transactionId}/receipt` });
  return printed.ok ? { ok: true } : { ok: false, cause: printed.error.error ?? printed.error.code };
}

export const printReceipt = fromPromise<ReceiptOutcome, { deps: ExitEntryDeps; transactionId: string; data: ExitEntryReceiptData }>(({ input }) =>
  printEndorsementReceipt(input.deps.kit, input.transactionId, input.data),
);

/** Plain words for a slip, per reason the write did not happen (the kit's settle step prints them). */
export const NOT_ENDORSED_WORDS: Record<'approvalRefused' | 'backendUnavailable' | 'writeRefused' | 'writeNotConfirmed', string> = {
  approvalRefused: '签注申请未被受理',
  backendUnavailable: '公安系统暂时无法连接',
  writeRefused: '证件芯片未能写入签注',
  writeNotConfirmed: '证件在写入时被取走',
};

