/**
 * The traffic machine's context and the pure computations over it: the records on screen, the
 * holder's licence facts, the money of the order, the decisions of this visit. Personal data (the
 * clear ID and licence numbers, the file number) lives here in memory only and is wiped on every
 * ending; the views (present.ts) and the journal get masked data only.
 */
import type { MoneyView } from '../../contract/flows/common';
import type { TrafficDecisionView, TrafficReason, TrafficRecordView, TrafficRoute, TrafficRule } from '../../contract/flows/traffic';
import type { DecisionSummary, PenaltyDecision, PersonLicence, VehicleSummary, Violation } from '../gateway/types';
import type { FlowEnding } from '../kit/deps';
import { decisionRecord, decisionView, ownedPlateKeys, recordView, type HolderLicence, type SelectionPlan } from './rules';
import type { Found, LookupQuery, TrafficDeps } from './work';

/** The public state the resident last saw (an ending shows where it ended). */
export type VisibleState =
  | 'notice' | 'vehicleEntry' | 'licenceEntry' | 'identity' | 'face' | 'faceCheck' | 'searching' | 'records'
  | 'confirm' | 'handling' | 'handledPartly' | 'payment' | 'printing' | 'done';

export type EntryProblem = 'notFound' | 'badPlate' | 'badCheck' | 'badLicenceNumber' | 'badFileNumber';

export interface TrafficContext {
  deps: TrafficDeps;
  at: VisibleState;
  route?: TrafficRoute;
  /** Identity and face prove the person for the look-up (ID-card route) or the holder before handling. */
  purpose: 'lookup' | 'holder';
  searching?: 'vehicle' | 'licence' | 'person' | 'holder';
  lookupAttempts: number;
  entryProblem?: EntryProblem;
  query?: LookupQuery;
  found?: Found;
  byNumber: DecisionSummary[];
  decisionAttempts: number;
  decisionProblem?: 'notFound' | 'alreadyPaid' | 'alreadyListed' | 'backendUnavailable';
  /** The proven person (ID card or typed number + face). */
  holder?: { idNumber: string; source: 'card' | 'typed' };
  /** The holder's own licence (null: none) and vehicles, once asked. */
  holderLicence?: PersonLicence | null;
  holderVehicles?: VehicleSummary[];
  selection?: { handle: string[]; pay: string[]; reprint: string[] };
  plan?: SelectionPlan;
  transactionId?: string;
  issued: PenaltyDecision[];
  notHandled: { violationNo: string; why: TrafficRule | 'backendUnavailable' }[];
  /** The resident asked to leave while decisions were being issued. */
  leaving: boolean;
  money?: MoneyView;
  orderId?: string;
  /** A4 copies printed in this visit, and the ones that failed. */
  printed: string[];
  unprinted: string[];
  printing: { phase: 'decisions' | 'receipt' };
  receiptPending: boolean;
  ticketNo?: string;
  failure?: { code: TrafficReason; message: string };
  /** What the done and ended screens show, kept after the wipe (masked, non-personal). */
  summary?: { transactionNo: string; decisions: TrafficDecisionView[] };
  ending?: FlowEnding;
}

export const initialContext = (deps: TrafficDeps): TrafficContext => ({
  deps,
  at: 'notice',
  purpose: 'lookup',
  lookupAttempts: 0,
  byNumber: [],
  decisionAttempts: 0,
  issued: [],
  notHandled: [],
  leaving: false,
  printed: [],
  unprinted: [],
  printing: { phase: 'decisions' },
  receiptPending: false,
});

/** What the kiosk knows of the licence that would take the points. */
export function licenceFacts(context: TrafficContext): HolderLicence | undefined {
  if (context.holderLicence) return { status: context.holderLicence.status, pointsInCycle: context.holderLicence.pointsInCycle, ownedPlates: ownedPlateKeys(context.holderVehicles ?? []) };
  const licence = context.found?.licence;
  return licence ? { status: licence.status, pointsInCycle: licence.pointsInCycle } : undefined;
}

/** Every record of this visit: the look-up's, then the decisions added by number. */
export function allRecords(context: TrafficContext): Violation[] {
  const records = [...(context.found?.records ?? [])];
  for (const d of context.byNumber) if (!records.some((r) => r.decisionNo === d.decisionNo)) records.push(decisionRecord(d));
  return records;
}

export function recordViews(context: TrafficContext): TrafficRecordView[] {
  const rules = context.deps.settings.rules;
  const licence = licenceFacts(context);
  const byNumber = new Set(context.byNumber.map((d) => d.decisionNo));
  return allRecords(context).map((v) => recordView(v, rules, licence, v.decisionNo !== undefined && byNumber.has(v.decisionNo) && !context.found?.records.some((r) => r.decisionNo === v.decisionNo)));
}

/** Decisions this order pays: the ones issued now and the ones chosen to pay. */
export function payable(context: TrafficContext): { decisionNo: string; amountFen: number }[] {
  return [
    ...context.issued.map((d) => ({ decisionNo: d.decisionNo, amountFen: d.fineFen + d.lateFeeFen })),
    ...(context.plan?.toPay ?? []).map((v) => ({ decisionNo: v.decisionNo!, amountFen: v.fineFen + v.lateFeeFen })),
  ];
}

export const amountDue = (context: TrafficContext): number => payable(context).reduce((sum, d) => sum + d.amountFen, 0);

/** The decisions to print on A4: issued now (always), and the holder's reprints. */
export function decisionsForA4(context: TrafficContext): string[] {
  return [...context.issued.map((d) => d.decisionNo), ...(context.plan?.toReprint ?? []).map((v) => v.decisionNo!)];
}

/** The decisions of this visit as the resident sees them. */
export function decisionViews(context: TrafficContext): TrafficDecisionView[] {
  const printed = new Set(context.printed);
  const paid = (context.plan?.toPay ?? []).map((v) => decisionView({ ...v, decisionNo: v.decisionNo!, dueDate: v.dueDate ?? '' }, false, false));
  const reprinted = (context.plan?.toReprint ?? []).map((v) => decisionView({ ...v, decisionNo: v.decisionNo!, dueDate: v.dueDate ?? '' }, false, printed.has(v.decisionNo!)));
  return [...context.issued.map((d) => decisionView(d, true, printed.has(d.decisionNo))), ...paid, ...reprinted].filter((d) => d.dueDate !== '');
}

/** Money while decisions exist but nothing was charged: the screens must say the decisions stand. */
export const unpaidMoney = (context: TrafficContext): MoneyView => ({ status: 'notCharged', amountFen: amountDue(context) });

/** The views of the look-up results carry no clear number: a masked licence, masked owner names. */
export function holderSummary(context: TrafficContext) {
  const licence = context.holderLicence ?? context.found?.licence;
  return licence ? { licenceNumberMasked: licence.licenceNumberMasked, status: licence.status, pointsInCycle: licence.pointsInCycle, cycleEnds: licence.cycleEnds } : undefined;
}
