/**
 * The temporary-ID machine's memory and events. Personal data (the clear ID number, the registry
 * record, the issue) lives only here, in memory, and is wiped on every ending.
 */
import type { MoneyView } from '../../contract/flows/common';
import type { TempIdReason } from '../../contract/flows/temp-id-card';
import type { IdentityRecord, TempIdCardIssue } from '../gateway/types';
import { journalStep, type FlowEnding } from '../kit/deps';
import type { CardProblem, TempIdDeps } from './work';

/** The public state the resident sees (for the view of an ending: where it ended). */
export type VisibleState = 'notice' | 'identity' | 'eligibility' | 'face' | 'faceCheck' | 'confirm' | 'payment' | 'printing' | 'done';

export interface TempIdContext {
  deps: TempIdDeps;
  at: VisibleState;
  identity?: { idNumber: string; source: 'card' | 'typed' };
  registry?: IdentityRecord;
  transactionId?: string;
  validFrom?: string;
  validUntil?: string;
  orderId?: string;
  money?: MoneyView;
  issue?: TempIdCardIssue;
  printing: { phase: 'registering' | 'card' | 'receipt' | 'compensating'; problem?: CardProblem };
  receiptPending: boolean;
  failure?: { code: TempIdReason; message: string };
  /** Why money must be given back, for the settle step (journal/staff words and slip words). */
  settle?: { why: string; what: string };
  /** What the done screen shows: masked and non-personal, kept after the wipe. */
  receiptOf?: { transactionNo: string; maskedIdNumber: string; validUntil: string };
  ending?: FlowEnding;
}

/** Opens the journal transaction once the registry answered, recording the identity check (masked). */
export function openTransaction(context: TempIdContext, data: { eligible: boolean; reason?: string }): string | undefined {
  const begun = context.deps.kit.journal.begin({ service: 'tempIdCard', amountFen: context.deps.settings.feeFen, idNumber: context.identity!.idNumber });
  if (!begun.ok) return undefined;
  journalStep(context.deps.kit, begun.value.id, { kind: 'identityChecked', data: { source: context.identity!.source, ...data } });
  return begun.value.id;
}

export type TempIdEvent =
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'confirm' }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'cancelPayment' }
  | { type: 'idNumberEntered'; idNumber: string }
  | { type: 'faceCaptured'; imageJpegBase64: string }
  | { type: 'cameraUnavailable'; reason: 'missing' | 'denied' };

