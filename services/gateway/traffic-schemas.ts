/**
 * The traffic part of the police-backend contract: violation look-ups (by vehicle, by licence, by
 * person), handling a record at the kiosk (a simplified-procedure penalty decision), and a
 * decision by its 16-digit number — as a payable summary, or as the signed document to print.
 */
import { z } from 'zod';
import {
  CalendarDate,
  DecisionNo,
  EngineLast6,
  Fen,
  IdNumber,
  LicenceFileNumber,
  LicenceNumber,
  PlateNumber,
  PlateType,
  Timestamp,
  VinLast4,
  VinLast6,
} from './scalars';

/** Plate + type, confirmed by exactly one of: the VIN's last 6 or 4 characters, or the engine number's last 6. */
export const ViolationsByVehicleRequest = z
  .object({ plateNumber: PlateNumber, plateType: PlateType, vinLast6: VinLast6.optional(), vinLast4: VinLast4.optional(), engineLast6: EngineLast6.optional() })
  .refine((r) => [r.vinLast6, r.vinLast4, r.engineLast6].filter((v) => v !== undefined).length === 1, 'exactly one of vinLast6, vinLast4, engineLast6');
export type ViolationsByVehicleRequest = z.infer<typeof ViolationsByVehicleRequest>;

export const ViolationsByLicenceRequest = z.object({ licenceNumber: LicenceNumber, fileNumber: LicenceFileNumber });
export type ViolationsByLicenceRequest = z.infer<typeof ViolationsByLicenceRequest>;

/** Why the kiosk may not handle a record (each a configurable limit). */
export const KioskRefusalReason = z.enum([
  'notCameraRecorded',
  'notLocalVehicle',
  'fineOverLimit',
  'pointsOverLimit',
  'wouldReach12Points',
  'licenceNotValid',
  'commercialVehicle',
  'speeding50Percent',
  'highway',
  'alreadyHandled',
  'notVehicleOwner',
]);
export type KioskRefusalReason = z.infer<typeof KioskRefusalReason>;

/**
 * What a vehicle is registered for. Everything but `private` is commercial or key-managed
 * (重点车辆: passenger transport, tourism, buses, taxis, school buses, hazardous goods, driving
 * schools, medium and large goods vehicles) and is handled at a window.
 */
export const VehicleUse = z.enum(['private', 'passengerTransport', 'tourism', 'bus', 'taxi', 'schoolBus', 'hazardousGoods', 'drivingSchool', 'goods']);
export type VehicleUse = z.infer<typeof VehicleUse>;

export const Violation = z.object({
  violationNo: z.string().min(1).max(32),
  plateNumber: PlateNumber,
  plateType: PlateType,
  /** The vehicle's registered use (the kiosk refuses commercial and key-managed vehicles). */
  vehicleUse: VehicleUse,
  occurredAt: Timestamp,
  place: z.string().max(120),
  behaviourCode: z.string().regex(/^\d{4,5}$/),
  behaviourText: z.string().max(200),
  points: z.number().int().min(0).max(12),
  fineFen: Fen,
  /** Late fee as of the query time: 3% of the fine per day overdue, capped at the fine. */
  lateFeeFen: Fen,
  /** Last day to pay without a late fee (set once a decision exists). */
  dueDate: CalendarDate.optional(),
  source: z.enum(['camera', 'onSite']),
  highway: z.boolean(),
  handled: z.boolean(),
  paid: z.boolean(),
  decisionNo: DecisionNo.optional(),
  detectingAuthority: z.string().max(60),
  /** Can the kiosk handle it for this holder? If not, why (first failing rule). */
  kioskHandling: z.discriminatedUnion('allowed', [
    z.object({ allowed: z.literal(true) }),
    z.object({ allowed: z.literal(false), reason: KioskRefusalReason }),
  ]),
});
export type Violation = z.infer<typeof Violation>;

export const VehicleSummary = z.object({
  plateNumber: PlateNumber,
  plateType: PlateType,
  /** Commercial vehicles (营运) are handled at the counter. */
  commercial: z.boolean(),
  use: VehicleUse,
  local: z.boolean(),
  /** The registered owner's name, masked (张*, 欧阳**): nothing personal about anyone else is shown. */
  ownerNameMasked: z.string().min(1).max(20),
});
export type VehicleSummary = z.infer<typeof VehicleSummary>;

export const LicenceSummary = z.object({
  /** Masked licence number. */
  licenceNumberMasked: z.string(),
  status: z.enum(['valid', 'suspended', 'revoked', 'expired']),
  pointsInCycle: z.number().int().min(0).max(99),
  cycleEnds: CalendarDate,
});
export type LicenceSummary = z.infer<typeof LicenceSummary>;

export const VehicleViolations = z.object({ vehicle: VehicleSummary, violations: z.array(Violation) });
export type VehicleViolations = z.infer<typeof VehicleViolations>;

export const LicenceViolations = z.object({ licence: LicenceSummary, violations: z.array(Violation) });
export type LicenceViolations = z.infer<typeof LicenceViolations>;

/** A person (proven by ID card and face at the kiosk): their licence and the vehicles registered to them. */
export const PersonTrafficRequest = z.object({ idNumber: IdNumber });
export type PersonTrafficRequest = z.infer<typeof PersonTrafficRequest>;

/** The holder's own licence, with the file number the kiosk needs to handle records on it. */
export const PersonLicence = LicenceSummary.extend({ fileNumber: LicenceFileNumber, permittedClass: z.string().min(1).max(20) });
export type PersonLicence = z.infer<typeof PersonLicence>;

export const PersonTraffic = z.object({
  /** Null when the person holds no driving licence. */
  licence: PersonLicence.nullable(),
  vehicles: z.array(VehicleSummary),
  /** Records booked on the licence and records of the vehicles registered to the person. */
  violations: z.array(Violation),
});
export type PersonTraffic = z.infer<typeof PersonTraffic>;

export const ViolationNo = z.string().regex(/^[A-Z0-9]{6,32}$/);
export const HandleViolationRequest = z.object({
  /** The driver who takes the points. */
  licenceNumber: LicenceNumber,
  fileNumber: LicenceFileNumber,
  /** Where the decision is made (the kiosk's post), printed as 处罚地点. */
  decisionPlace: z.string().min(1).max(60).optional(),
});
export type HandleViolationRequest = z.infer<typeof HandleViolationRequest>;

/** Simplified-procedure penalty decision (简易程序处罚决定书). */
export const PenaltyDecision = z.object({
  decisionNo: DecisionNo,
  violationNo: z.string(),
  plateNumber: PlateNumber,
  licenceNumberMasked: z.string(),
  behaviourCode: z.string(),
  behaviourText: z.string(),
  points: z.number().int().min(0).max(12),
  fineFen: Fen,
  lateFeeFen: Fen,
  totalFen: Fen,
  decidedAt: Timestamp,
  dueDate: CalendarDate,
  authority: z.string(),
});
export type PenaltyDecision = z.infer<typeof PenaltyDecision>;

export const DecisionNoParams = z.object({ decisionNo: DecisionNo });

/** A decision found by its number (to pay one handled elsewhere): masked, nothing personal. */
export const DecisionSummary = z.object({
  decisionNo: DecisionNo,
  violation: Violation,
  partyNameMasked: z.string().min(1).max(20),
  licenceNumberMasked: z.string(),
  decidedAt: Timestamp,
  dueDate: CalendarDate,
  /** Fine plus the late fee as of today; 0 when paid. */
  amountDueFen: Fen,
});
export type DecisionSummary = z.infer<typeof DecisionSummary>;

/** The printed fields of the national form, exactly as the issuer signed them (services/documents). */
export const PenaltyDecisionFields = z.object({
  issuingUnit: z.string().min(1).max(60),
  decisionNumber: DecisionNo,
  party: z.object({
    name: z.string().min(1).max(40),
    licenceNumber: LicenceNumber,
    licenceFileNumber: LicenceFileNumber,
    permittedClass: z.string().min(1).max(20),
    contact: z.string().max(40).optional(),
    licenceIssuer: z.string().min(1).max(60),
  }),
  vehicle: z.object({ plate: PlateNumber, plateType: z.string().min(1).max(20) }),
  violation: z.object({
    time: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
    place: z.string().min(1).max(120),
    behaviour: z.string().min(1).max(200),
    code: z.string().regex(/^\d{4,5}$/),
    provisionViolated: z.string().min(1).max(200),
    basis: z.string().min(1).max(300),
  }),
  fineYuan: z.number().nonnegative(),
  points: z.number().int().min(0).max(12),
  paymentPlace: z.string().min(1).max(120),
  reviewAuthority: z.string().min(1).max(120),
  court: z.string().min(1).max(60),
  decisionPlace: z.string().min(1).max(60),
  decidedOn: CalendarDate,
  officer: z.string().max(20).optional(),
  remarks: z.string().max(200).optional(),
});
export type PenaltyDecisionFields = z.infer<typeof PenaltyDecisionFields>;

/** A decision as the issuer hands it out for printing: its fields and the signed verification code. */
export const PenaltyDecisionDocument = z.object({
  decisionNo: DecisionNo,
  paid: z.boolean(),
  document: PenaltyDecisionFields,
  /** `KV1|TPD|…` signed with the issuer's SM2 key (services/documents/signing/code.ts). */
  code: z.string().min(20).max(1000),
});
export type PenaltyDecisionDocument = z.infer<typeof PenaltyDecisionDocument>;
