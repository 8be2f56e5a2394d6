/**
 * The exit-entry part of the police-backend contract (出入境签注): the face of a permit holder
 * compared with the chip's photo and the photo on file, what a holder may have endorsed at a kiosk,
 * the approval of a paid endorsement with the issuer's write authorisation for the chip, and the
 * withdrawal that compensates an approval the chip never received.
 *
 * The write authorisation follows this project's model of the chip's endorsement file
 * (devices/icao9303/endorsement.ts): an ECDSA P-256 / SHA-256 signature over the record's fields
 * and the permit number; the real interface of the exit-entry administration is not public.
 */
import { z } from 'zod';
import { EndorsementDestination, EndorsementTrips, EndorsementType, EndorsementValidity } from '../../contract/flows/exit-entry';
import { CalendarDate, Fen, IdNumber, JurisdictionCode, KioskReference, Timestamp } from './scalars';

/** A permit number as printed in the MRZ: 9 letters and digits (往来港澳通行证: C + 8 digits). */
export const PermitNumber = z.string().regex(/^[A-Z0-9]{9}$/, 'a 9-character permit number');
/** The issuer's serial of an endorsement. */
export const EndorsementSerial = z.string().regex(/^[A-Z0-9]{6,24}$/, 'an endorsement serial');

export const PermitFaceComparisonRequest = z.object({
  documentNumber: PermitNumber,
  /** The live capture, base64 JPEG. */
  imageBase64: z.base64().min(8).max(4_000_000),
  /** The face from the chip's DG2 (JPEG or JPEG 2000), read and passively authenticated by the kiosk. */
  chipFaceBase64: z.base64().min(8).max(400_000),
});
export type PermitFaceComparisonRequest = z.infer<typeof PermitFaceComparisonRequest>;

const Score = z.object({ score: z.number().min(0).max(1), match: z.boolean() });

/** The capture against the chip's photo and against the photo on file; `match` needs both. */
export const PermitFaceComparison = z.object({ chip: Score, onFile: Score, threshold: z.number().min(0).max(1), match: z.boolean() });
export type PermitFaceComparison = z.infer<typeof PermitFaceComparison>;

export const EndorsementEligibilityRequest = z.object({
  documentCode: z.enum(['CS', 'CD']),
  documentNumber: PermitNumber,
  /** From the chip's DG1, checked against the administration's record of the permit. */
  birthDate: CalendarDate,
  expiry: CalendarDate,
  /** The post's jurisdiction (what "local" means). */
  jurisdictionCode: JurisdictionCode,
});
export type EndorsementEligibilityRequest = z.infer<typeof EndorsementEligibilityRequest>;

/**
 * Why a type is not open to this holder: a family visit needs relatives on record in the region,
 * business a registered business record; `notEligible` covers the administration's other reasons.
 */
export const EndorsementTypeRefusal = z.enum(['noRelativesRecord', 'noBusinessRecord', 'notEligible']);

/**
 * The administration's facts about the holder; the kiosk's own rules (configuration) decide what
 * they mean (first-time, non-local and state-employee applicants to a counter). `permitStatus`
 * other than `valid` is the administration's refusal and stands whatever the configuration.
 */
export const EndorsementEligibility = z.object({
  holder: z.object({
    idNumber: IdNumber,
    name: z.string().min(1).max(40),
    /** Household registration in the post's city. */
    localResidence: z.boolean(),
    /** Registered state employee (登记备案的国家工作人员). */
    stateEmployee: z.boolean(),
    /** Endorsements issued on this holder's permits before (0: a first application). */
    previousEndorsements: z.number().int().nonnegative(),
  }),
  permitStatus: z.enum(['valid', 'reportedLost', 'invalidated']),
  types: z.array(z.object({ type: EndorsementType, allowed: z.boolean(), reason: EndorsementTypeRefusal.optional() })),
});
export type EndorsementEligibility = z.infer<typeof EndorsementEligibility>;

export const ApproveEndorsementRequest = z.object({
  /** The kiosk's transaction: a withdrawal names it, and the same reference never approves twice. */
  kioskReference: KioskReference,
  documentNumber: PermitNumber,
  type: EndorsementType,
  destination: EndorsementDestination,
  validityMonths: EndorsementValidity,
  trips: EndorsementTrips,
  /** The fee the kiosk took, checked against the administration's fee and the paid order. */
  feeFen: Fen,
  paymentOrderId: z.string().min(1).max(40),
  jurisdictionCode: JurisdictionCode,
});
export type ApproveEndorsementRequest = z.infer<typeof ApproveEndorsementRequest>;

/** The record as the chip stores it (devices/icao9303/endorsement.ts EndorsementRecord). */
export const ChipEndorsementRecord = z.object({
  type: EndorsementType,
  destination: EndorsementDestination,
  trips: EndorsementTrips,
  /** YYYYMMDD, as the chip stores it. */
  validUntil: z.string().regex(/^\d{8}$/),
  issuingOffice: z.string().min(1).max(40),
  serial: EndorsementSerial,
});
export type ChipEndorsementRecord = z.infer<typeof ChipEndorsementRecord>;

export const EndorsementApproval = z.object({
  kioskReference: KioskReference,
  documentNumber: PermitNumber,
  record: ChipEndorsementRecord,
  /** The issuer's write authorisation for the chip (DER ECDSA signature, base64). */
  authorisation: z.base64().min(16).max(200),
  approvedAt: Timestamp,
});
export type EndorsementApproval = z.infer<typeof EndorsementApproval>;

/** Compensation of approveEndorsement: the fee was refunded and the chip does not (or may not) hold it. */
export const WithdrawEndorsementRequest = z.object({ kioskReference: KioskReference, reason: z.string().min(1).max(200) });
export type WithdrawEndorsementRequest = z.infer<typeof WithdrawEndorsementRequest>;

export const EndorsementWithdrawal = z.object({
  kioskReference: KioskReference,
  /** The withdrawn endorsement; null when nothing had been approved under the reference (nothing ever will be). */
  serial: EndorsementSerial.nullable(),
  status: z.enum(['withdrawn', 'nothingApproved']),
  withdrawnAt: Timestamp,
});
export type EndorsementWithdrawal = z.infer<typeof EndorsementWithdrawal>;
