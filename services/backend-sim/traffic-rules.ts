/**
 * Traffic-violation rules as pure functions: late fee and the kiosk handling limits. The limits
 * differ between cities, so they are a configuration object, not code.
 */
import type { KioskRefusalReason } from '../gateway/schemas';

export interface KioskLimits {
  /** Only camera-recorded (非现场) violations. */
  cameraRecordedOnly: boolean;
  /** Plate prefixes counted as local (e.g. ['京']); null = any vehicle. */
  localPlatePrefixes: readonly string[] | null;
  maxFineFen: number;
  maxPoints: number;
  /** Refuse when handling would bring the licence to 12 points or more in the cycle. */
  refuseReaching12Points: boolean;
  refuseCommercialVehicles: boolean;
  /** Behaviour codes of speeding by 50% or more. */
  speeding50Codes: readonly string[];
  refuseHighway: boolean;
  /** Only the registered owner may take a vehicle's records on their licence ("人、证、车" match). */
  ownerOnly: boolean;
}

export const DEFAULT_KIOSK_LIMITS: KioskLimits = {
  cameraRecordedOnly: true,
  localPlatePrefixes: ['京'],
  maxFineFen: 200_00,
  maxPoints: 6,
  refuseReaching12Points: true,
  refuseCommercialVehicles: true,
  speeding50Codes: ['1603'],
  refuseHighway: true,
  ownerOnly: true,
};

export interface ViolationFacts {
  handled: boolean;
  source: 'camera' | 'onSite';
  plateNumber: string;
  commercial: boolean;
  /** The vehicle's registered use; anything but private is commercial or key-managed. */
  use?: string;
  /** Whether the licence holder owns the vehicle (unknown when no licence is named). */
  ownerIsHolder?: boolean;
  behaviourCode: string;
  highway: boolean;
  fineFen: number;
  points: number;
}

export interface LicenceFacts {
  status: 'valid' | 'suspended' | 'revoked' | 'expired';
  pointsInCycle: number;
}

/**
 * First kiosk rule a record breaks, or null when the kiosk may handle it. Licence rules apply
 * only when the licence is known (a vehicle query does not name the driver).
 */
export function kioskRefusal(v: ViolationFacts, licence: LicenceFacts | null, limits: KioskLimits): KioskRefusalReason | null {
  if (v.handled) return 'alreadyHandled';
  if (limits.cameraRecordedOnly && v.source !== 'camera') return 'notCameraRecorded';
  if (limits.localPlatePrefixes && !limits.localPlatePrefixes.some((p) => v.plateNumber.startsWith(p))) return 'notLocalVehicle';
  if (limits.refuseCommercialVehicles && (v.commercial || (v.use !== undefined && v.use !== 'private'))) return 'commercialVehicle';
  if (limits.speeding50Codes.includes(v.behaviourCode)) return 'speeding50Percent';
  if (limits.refuseHighway && v.highway) return 'highway';
  if (v.fineFen > limits.maxFineFen) return 'fineOverLimit';
  if (v.points > limits.maxPoints) return 'pointsOverLimit';
  if (licence) {
    if (licence.status !== 'valid') return 'licenceNotValid';
    if (limits.ownerOnly && v.ownerIsHolder === false) return 'notVehicleOwner';
    if (limits.refuseReaching12Points && licence.pointsInCycle + v.points >= 12) return 'wouldReach12Points';
  }
  return null;
}

/** Whole days from `dueDate` to `today` (both YYYY-MM-DD); 0 when not yet overdue. */
export function daysOverdue(dueDate: string, today: string): number {
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`);
  return ms > 0 ? Math.floor(ms / 86_400_000) : 0;
}

/** Late fee: 3% of the fine per day overdue, capped at the fine itself (whole fen, rounded down). */
export function lateFeeFen(fineFen: number, overdueDays: number): number {
  if (overdueDays <= 0) return 0;
  return Math.min(fineFen, Math.floor((fineFen * 3 * overdueDays) / 100));
}

/** The calendar date in Beijing time (UTC+8, no DST) of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Adds calendar months to a YYYY-MM-DD date (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Full years between a birth date and a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
