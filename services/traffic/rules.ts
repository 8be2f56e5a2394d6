/**
 * The kiosk's own rules for what it may handle (configuration `services.traffic.rules`), applied to
 * the facts the police system returns, and the plan of a selection: which records the holder's
 * licence takes (never reaching 12 points), which decisions are paid, what it all costs. Pure.
 */
import type { TrafficDecisionView, TrafficRecordView, TrafficRule } from '../../contract/flows/traffic';
import type { DecisionSummary, KioskRefusalReason, LicenceSummary, PenaltyDecision, Violation } from '../gateway/types';
import type { TrafficRules } from './config';

/** What the kiosk knows of the licence that would take the points. */
export interface HolderLicence {
  status: LicenceSummary['status'];
  pointsInCycle: number;
  /** The vehicles registered to the holder (plate/type keys), for the owner rule; unknown when absent. */
  ownedPlates?: readonly string[];
}

const plateKey = (plateNumber: string, plateType: string) => `${plateNumber}/${plateType}`;
export const ownedPlateKeys = (vehicles: readonly { plateNumber: string; plateType: string }[]): string[] => vehicles.map((v) => plateKey(v.plateNumber, v.plateType));

const FROM_BACKEND: Record<KioskRefusalReason, TrafficRule> = {
  alreadyHandled: 'alreadyHandled',
  notCameraRecorded: 'notCameraRecorded',
  notLocalVehicle: 'notLocalVehicle',
  fineOverLimit: 'fineOverLimit',
  pointsOverLimit: 'pointsOverLimit',
  wouldReach12Points: 'wouldReach12Points',
  licenceNotValid: 'licenceNotValid',
  commercialVehicle: 'keyManagedVehicle',
  speeding50Percent: 'speeding50Percent',
  highway: 'expressway',
  notVehicleOwner: 'notVehicleOwner',
};

/** The backend's refusal in the kiosk's words. */
export const ruleOfBackendReason = (reason: string | undefined): TrafficRule =>
  reason !== undefined && Object.hasOwn(FROM_BACKEND, reason) ? FROM_BACKEND[reason as KioskRefusalReason] : 'notPossibleHere';

/** The first rule a record breaks for handling here, or undefined when the kiosk may handle it. */
export function refusalOf(v: Violation, rules: TrafficRules, licence?: HolderLicence): TrafficRule | undefined {
  if (v.handled) return 'alreadyHandled';
  if (rules.cameraRecordedOnly && v.source !== 'camera') return 'notCameraRecorded';
  if (rules.localPlatePrefixes.length > 0 && !rules.localPlatePrefixes.some((prefix) => v.plateNumber.startsWith(prefix))) return 'notLocalVehicle';
  if (rules.refusedVehicleUses.includes(v.vehicleUse)) return 'keyManagedVehicle';
  if (rules.refusedPlateTypes.includes(v.plateType)) return 'plateTypeNotServed';
  if (rules.speeding50Codes.includes(v.behaviourCode)) return 'speeding50Percent';
  if (rules.refuseExpressway && v.highway) return 'expressway';
  if (v.fineFen > rules.maxFineYuan * 100) return 'fineOverLimit';
  if (v.points > rules.maxPointsPerRecord) return 'pointsOverLimit';
  if (licence) {
    if (rules.refuseAbnormalLicence && licence.status !== 'valid') return 'licenceNotValid';
    if (rules.ownerOnly && licence.ownedPlates && !licence.ownedPlates.includes(plateKey(v.plateNumber, v.plateType))) return 'notVehicleOwner';
    if (rules.refuseReaching12Points && licence.pointsInCycle + v.points >= 12) return 'wouldReach12Points';
  }
  // The police system may know more (its own limits): its refusal stands.
  return v.kioskHandling.allowed ? undefined : ruleOfBackendReason(v.kioskHandling.reason);
}

/** A record as the resident sees it, with what may be done with it here. */
export function recordView(v: Violation, rules: TrafficRules, licence?: HolderLicence, byNumber = false): TrafficRecordView {
  const base = {
    violationNo: v.violationNo,
    plateNumber: v.plateNumber,
    plateType: v.plateType,
    occurredAt: v.occurredAt,
    place: v.place,
    behaviourCode: v.behaviourCode,
    behaviourText: v.behaviourText,
    points: v.points,
    fineFen: v.fineFen,
    lateFeeFen: v.lateFeeFen,
    handled: v.handled,
    paid: v.paid,
    ...(v.decisionNo ? { decisionNo: v.decisionNo } : {}),
    ...(v.dueDate ? { dueDate: v.dueDate } : {}),
    ...(byNumber ? { byNumber: true } : {}),
  };
  if (v.handled) return { ...base, action: !v.decisionNo ? 'none' : v.paid ? 'reprint' : 'pay' };
  const refusal = refusalOf(v, rules, licence);
  return refusal ? { ...base, action: 'none', refusal } : { ...base, action: 'handle' };
}

/** A decision found by its number, as a payable record. */
export const decisionRecord = (d: DecisionSummary): Violation => ({ ...d.violation, decisionNo: d.decisionNo, dueDate: d.dueDate });

export interface SelectionPlan {
  toHandle: Violation[];
  toPay: Violation[];
  toReprint: Violation[];
  dropped: { violationNo: string; refusal: TrafficRule }[];
  pointsAfter: number;
  finesFen: number;
  lateFeesFen: number;
}

/**
 * Plans a selection for the holder's licence (absent when only paying): records the licence may
 * not take are dropped with their rule; the rest are taken in the order chosen while the cycle's
 * points stay below 12 (when that rule is on). Decisions to pay are paid as they are.
 */
export function planSelection(
  records: readonly Violation[],
  selection: { handle: readonly string[]; pay: readonly string[]; reprint: readonly string[] },
  rules: TrafficRules,
  licence?: HolderLicence,
): SelectionPlan {
  const { handle, pay, reprint } = selection;
  const plan: SelectionPlan = { toHandle: [], toPay: [], toReprint: [], dropped: [], pointsAfter: licence?.pointsInCycle ?? 0, finesFen: 0, lateFeesFen: 0 };
  for (const violationNo of handle) {
    const v = records.find((r) => r.violationNo === violationNo);
    if (!v) continue;
    const refusal = refusalOf(v, rules, licence ? { ...licence, pointsInCycle: plan.pointsAfter } : undefined);
    if (refusal) {
      plan.dropped.push({ violationNo, refusal });
      continue;
    }
    plan.toHandle.push(v);
    plan.pointsAfter += v.points;
    plan.finesFen += v.fineFen;
  }
  for (const decisionNo of pay) {
    const v = records.find((r) => r.decisionNo === decisionNo && r.handled && !r.paid);
    if (!v || plan.toPay.includes(v)) continue;
    plan.toPay.push(v);
    plan.finesFen += v.fineFen;
    plan.lateFeesFen += v.lateFeeFen;
  }
  for (const decisionNo of reprint) {
    const v = records.find((r) => r.decisionNo === decisionNo && r.handled && r.paid);
    if (v && !plan.toReprint.includes(v)) plan.toReprint.push(v);
  }
  return plan;
}

/** A decision of this visit as the resident sees it. */
export function decisionView(d: { decisionNo: string; violationNo: string; plateNumber: string; behaviourText: string; points: number; fineFen: number; lateFeeFen: number; dueDate: string }, issuedHere: boolean, printed = false): TrafficDecisionView {
  return { decisionNo: d.decisionNo, violationNo: d.violationNo, plateNumber: d.plateNumber, behaviourText: d.behaviourText, points: d.points, fineFen: d.fineFen, lateFeeFen: d.lateFeeFen, dueDate: d.dueDate, issuedHere, printed };
}

/** A decision issued now, in the same shape as one found by number. */
export const issuedDecision = (d: PenaltyDecision): Parameters<typeof decisionView>[0] => d;
