/**
 * The endorsement machine's memory and events, and the journal writes it makes. Personal data (the
 * chip's data with the face image, the access key, the holder's ID number and name) lives only in
 * this context, in memory, and is wiped on every ending; the journal gets masked data only.
 */
import type { MoneyView } from '../../contract/flows/common';
import type {
  CardBackProblem,
  EligibilityRefusal,
  EndorsementOffer,
  EndorsementSummary,
  ExitEntryReason,
  ExitEntryViews,
  WritingPhase,
} from '../../contract/flows/exit-entry';
import { maskPermitNumber } from '../../contract/permit-ocr';
import type { PermitData } from '../../devices/icao9303/read-permit';
import { journalStep, logEvent, type FlowEnding } from '../kit/deps';
import type { ApprovedEndorsement } from './chip';
import type { ExitEntryDeps } from './deps';
import type { ExitEntryReceiptData } from './receipt';
import type { EndorsementChoice } from './rules';

/** The public state the resident sees (for the view of an ending: where it ended). */
export type VisibleState = 'notice' | 'permit' | 'reading' | 'face' | 'faceCheck' | 'eligibility' | 'choose' | 'confirm' | 'payment' | 'writing' | 'replace' | 'done';

export interface ExitEntryContext {
  deps: ExitEntryDeps;
  at: VisibleState;
  /** The chip's verified data, the face image included (in memory only). */
  permit?: PermitData;
  /** The permit's OCR line: the chip's access key. */
  accessKey?: string;
  onChip: EndorsementSummary[];
  holder?: { idNumber: string; name: string };
  offers?: EndorsementOffer[];
  choice?: EndorsementChoice & { stayDays: number; feeFen: number };
  chooseProblem?: 'notOffered';
  confirmProblem?: 'permitRemoved';
  transactionId?: string;
  orderId?: string;
  money?: MoneyView;
  approved?: ApprovedEndorsement;
  phase: WritingPhase;
  backProblem?: CardBackProblem;
  receiptPending: boolean;
  ticketNo?: string;
  failure?: { code: ExitEntryReason; message: string };
  refusal?: EligibilityRefusal;
  permitExpiry?: string;
  /** Why money must be given back, for the settle step (journal/staff words and slip words). */
  settle?: { why: string; what: string };
  /** What the done screen shows: masked and non-personal, kept after the wipe. */
  doneView?: ExitEntryViews['done'];
  ending?: FlowEnding;
}

export type ExitEntryEvent =
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'cancel' }
  | { type: 'ocrLineTyped'; line: string }
  | { type: 'faceCaptured'; imageJpegBase64: string }
  | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' }
  | { type: 'endorsementChosen'; endorsementType: EndorsementChoice['type']; destination: EndorsementChoice['destination']; validityMonths: EndorsementChoice['validityMonths']; trips: EndorsementChoice['trips'] }
  | { type: 'confirm' }
  | { type: 'back' }
  | { type: 'cancelPayment' };

/** Opens the paid transaction once the resident confirmed (the holder's ID number is stored masked, with its keyed hash). */
export function openTransaction(context: ExitEntryContext): string | undefined {
  const begun = context.deps.kit.journal.begin({ service: 'exitEntry', amountFen: context.choice!.feeFen, idNumber: context.holder!.idNumber });
  if (!begun.ok) return undefined;
  journalStep(context.deps.kit, begun.value.id, {
    kind: 'identityChecked',
    data: { source: 'permitChip', maskedNumber: maskPermitNumber(context.permit!.documentNumber), passive: 'ok', eligible: true },
  });
  return begun.value.id;
}

/**
 * Records a refusal for staff: a chip that is not genuine gets a ticket (staff look at the card), a
 * refusal by the rules is journalled (masked) so staff can see who was sent to the counter and why.
 */
export function recordRefusal(context: ExitEntryContext, what: { reason: string; ticket?: string; idNumber?: string }): string | undefined {
  const { journal } = context.deps.kit;
  const begun = journal.begin({ service: 'exitEntry', amountFen: 0, ...(what.idNumber ? { idNumber: what.idNumber } : {}) });
  if (!begun.ok) return undefined;
  const id = begun.value.id;
  journalStep(context.deps.kit, id, { kind: 'identityChecked', data: { source: 'permitChip', eligible: false, reason: what.reason } });
  const ticket = what.ticket ? journal.openTicket(id, what.ticket.slice(0, 500)) : undefined;
  journalStep(context.deps.kit, id, { kind: 'failed', idempotencyKey: 'end', data: { reason: what.reason } });
  journal.fail(id, what.reason);
  logEvent(context.deps.kit, 'exit-entry-refused', { tx: id, reason: what.reason, ticket: ticket?.ok ? ticket.value.number : undefined });
  return ticket?.ok ? ticket.value.number : undefined;
}

/** The receipt's data (masked, non-personal): saved in the journal before printing, for reprints. */
export function receiptData(context: ExitEntryContext): ExitEntryReceiptData {
  const record = context.approved!.record;
  return {
    transactionNo: context.transactionId!,
    maskedNumber: maskPermitNumber(context.permit?.documentNumber ?? ''),
    type: record.type,
    destination: record.destination,
    trips: record.trips,
    validUntil: record.validUntil,
    serial: record.serial,
    feeFen: context.money?.amountFen ?? context.choice?.feeFen ?? 0,
    at: context.deps.kit.now().toISOString(),
    postName: context.deps.kit.post.name,
    timeZone: context.deps.kit.post.timeZone,
    backPending: context.backProblem !== undefined,
    ...(context.ticketNo ? { ticketNo: context.ticketNo } : {}),
  };
}

/** The choice an `endorsementChosen` event carries. */
export const choiceOf = (event: Extract<ExitEntryEvent, { type: 'endorsementChosen' }>): EndorsementChoice => ({
  type: event.endorsementType,
  destination: event.destination,
  validityMonths: event.validityMonths,
  trips: event.trips,
});
