/**
 * Contract of the exit-entry endorsement flow (出入境签注, 往来港澳通行证 electronic card, document
 * code CS): the permit's chip is read over the contactless reader with ICAO 9303 access control and
 * checked genuine, the face is compared with the chip's photo and the administration's, the
 * administration says what may be endorsed here, the resident chooses and pays, and the endorsement
 * is written to the chip, read back and printed on the card's back. The core flow is
 * services/exit-entry, the screens renderer/screens/exit-entry.
 *
 * notice (1) → permit ⇄ reading (2) → face ⇄ faceCheck (3) → eligibility ⇄ choose ⇄ confirm (4)
 * → payment (5) → writing ⇄ replace (6) → done (7). An ending carries one of `exitEntryContract.Reason`.
 *
 * Money: the fee is taken before the write; if the write is refused or its outcome cannot be known,
 * the fee is refunded and the approval withdrawn at the administration. Once the chip holds the
 * endorsement the fee stands, even when the card's back could not be printed (staff print it).
 */
import { z } from 'zod';
import { BaseView, CalendarDate, commonEvents, commonViews, Empty, StaffTicketNo } from './common';
import { defineServiceContract } from './kit';

/** L group tour, G individual tour, T family visit, S business, Q other. */
export const EndorsementType = z.enum(['G', 'L', 'T', 'S', 'Q']);
export type EndorsementType = z.infer<typeof EndorsementType>;

/** Hong Kong, Macao, or both (two endorsements, one per region). */
export const EndorsementDestination = z.enum(['HK', 'MO', 'HKMO']);
export type EndorsementDestination = z.infer<typeof EndorsementDestination>;

/** Trips the endorsement allows: one, two, or 0 = multiple. */
export const EndorsementTrips = z.union([z.literal(1), z.literal(2), z.literal(0)]);
export type EndorsementTrips = z.infer<typeof EndorsementTrips>;

/** Validity of an endorsement in months (3 months or 1 year). */
export const EndorsementValidity = z.union([z.literal(3), z.literal(12)]);
export type EndorsementValidity = z.infer<typeof EndorsementValidity>;

/** A permit number as screens show it: first two and last two characters (C1*****78). */
export const MaskedPermitNumber = z.string().regex(/^[A-Z0-9]{2}\*{1,12}[A-Z0-9]{2}$/);

/** One validity/trips choice of a type, with its fee for ONE destination (both destinations: twice). */
export const EndorsementOption = z.object({ validityMonths: EndorsementValidity, trips: EndorsementTrips, feeFen: z.number().int().nonnegative() });
export type EndorsementOption = z.infer<typeof EndorsementOption>;

/** What the resident may choose for one type: destinations, validity/trips with fees, the stay per visit. */
export const EndorsementOffer = z.object({
  type: EndorsementType,
  destinations: z.array(EndorsementDestination).min(1),
  options: z.array(EndorsementOption).min(1),
  /** Longest stay per visit, in days (7 for tours and business, 14 for family visits). */
  stayDays: z.number().int().positive(),
});
export type EndorsementOffer = z.infer<typeof EndorsementOffer>;

/** The fee of an option for a destination: both regions are two endorsements, each charged. */
export const endorsementFeeFen = (option: Pick<EndorsementOption, 'feeFen'>, destination: EndorsementDestination): number =>
  destination === 'HKMO' ? option.feeFen * 2 : option.feeFen;

/** An endorsement as screens and paper show it (nothing personal in it). */
export const EndorsementSummary = z.object({
  type: EndorsementType,
  destination: EndorsementDestination,
  trips: EndorsementTrips,
  validUntil: CalendarDate,
});
export type EndorsementSummary = z.infer<typeof EndorsementSummary>;

/**
 * Why the permit step asks again (the flow stays in `permit`):
 *  - ocrMisread: the OCR window read a line whose check digits fail (smudged card): place it again or type it.
 *  - accessDenied: the chip did not accept the key from the OCR line (a misread or mistyped line).
 *  - cardRemoved: the card left the reader while it was read: place it again and keep it still.
 *  - unreadable: the chip did not answer as a permit chip should (retried up to the limit).
 *  - typedLineInvalid: the typed line is incomplete or its check digits fail.
 */
export const PermitProblem = z.enum(['ocrMisread', 'accessDenied', 'cardRemoved', 'unreadable', 'typedLineInvalid']);
export type PermitProblem = z.infer<typeof PermitProblem>;

/**
 * Why the administration or the post's rules send the resident to a counter:
 *  - firstTimeApplicant: no endorsement was issued on this permit before (first applications at the counter).
 *  - nonLocalResidence: household registration outside the post's city.
 *  - stateEmployee: registered state employees (登记备案的国家工作人员) apply through their unit.
 *  - permitInvalid: the administration reports the permit lost, invalidated or unknown.
 *  - noTypeOffered: none of the types this kiosk offers is open to the holder.
 */
export const EligibilityRefusal = z.enum(['firstTimeApplicant', 'nonLocalResidence', 'stateEmployee', 'permitInvalid', 'noTypeOffered']);
export type EligibilityRefusal = z.infer<typeof EligibilityRefusal>;

/** Where the write is: approval at the administration, the chip, reading it back, the card's back, the receipt. */
export const WritingPhase = z.enum(['approving', 'writing', 'verifying', 'printing', 'receipt', 'compensating']);
export type WritingPhase = z.infer<typeof WritingPhase>;

/** Why the card's back was not printed (the endorsement is on the chip regardless). */
export const CardBackProblem = z.enum(['coverOpen', 'cardJam', 'ribbonOut', 'offline', 'timeOut', 'other']);
export type CardBackProblem = z.infer<typeof CardBackProblem>;

const Holder = z.object({
  documentCode: z.literal('CS'),
  maskedNumber: MaskedPermitNumber,
  /** The name in Chinese characters with all but the first masked (张*). */
  maskedName: z.string().min(1).max(20).optional(),
  permitExpiry: CalendarDate,
});

export const exitEntryViews = {
  notice: BaseView.extend({
    /** Fees for one destination: one trip, two trips, multiple trips. */
    fees: z.object({ oneTripFen: z.number().int().nonnegative(), twoTripsFen: z.number().int().nonnegative(), multipleTripsFen: z.number().int().nonnegative() }),
    types: z.array(EndorsementType).min(1),
  }),
  permit: BaseView.extend({
    /** A card is on the reader now. */
    cardPresent: z.boolean(),
    /** The OCR line: not yet, read by the OCR window, or typed on the keypad. */
    ocr: z.enum(['waiting', 'read', 'typed']),
    /** The OCR window is working (otherwise the line must be typed). */
    ocrReaderReady: z.boolean(),
    problem: PermitProblem.optional(),
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
  }),
  /** The chip is being read and checked (access control, passive authentication). */
  reading: BaseView.extend({ maskedNumber: MaskedPermitNumber }),
  face: commonViews.face,
  faceCheck: commonViews.faceCheck,
  /** The administration is asked what may be endorsed. */
  eligibility: BaseView.extend({ maskedNumber: MaskedPermitNumber }),
  choose: BaseView.extend({
    holder: Holder,
    offers: z.array(EndorsementOffer).min(1),
    /** Endorsements the chip already holds. */
    onChip: z.array(EndorsementSummary),
    /** The last choice was not one of the offers. */
    problem: z.enum(['notOffered']).optional(),
  }),
  confirm: BaseView.extend({
    holder: Holder,
    choice: z.object({ type: EndorsementType, destination: EndorsementDestination, validityMonths: EndorsementValidity, trips: EndorsementTrips, stayDays: z.number().int().positive() }),
    feeFen: z.number().int().nonnegative(),
    /** The permit left the reader: it must be on the reader before paying. */
    problem: z.enum(['permitRemoved']).optional(),
  }),
  payment: commonViews.payment,
  writing: BaseView.extend({ phase: WritingPhase, backProblem: CardBackProblem.optional() }),
  /** The card left the reader during the write: place it again, the kiosk reads back what the chip holds. */
  replace: BaseView.extend({
    cardPresent: z.boolean(),
    /** The card placed is not the permit being endorsed (its key does not open it). */
    problem: z.enum(['otherCard', 'unreadable']).optional(),
    /** Seconds the resident has to place the card again. */
    seconds: z.number().int().positive(),
  }),
  done: BaseView.extend({
    endorsement: EndorsementSummary.extend({ serial: z.string().min(1).max(32) }),
    maskedNumber: MaskedPermitNumber,
    transactionNo: z.string().min(1).max(64),
    paidFen: z.number().int().nonnegative(),
    /** The card's back carries the endorsement (false: staff print it, with the ticket). */
    backPrinted: z.boolean(),
    backProblem: CardBackProblem.optional(),
    receiptPending: z.boolean(),
    ticketNo: StaffTicketNo.optional(),
  }),
} as const;

/** A choice as the UI sends it (`endorsementType`: an event's own `type` is its name). */
const Choice = z.object({ endorsementType: EndorsementType, destination: EndorsementDestination, validityMonths: EndorsementValidity, trips: EndorsementTrips }).strict();

export const exitEntryContract = defineServiceContract({
  service: 'exitEntry',
  steps: ['notice', 'permit', 'face', 'choose', 'payment', 'writing', 'done'],
  states: {
    notice: { step: 'notice', view: exitEntryViews.notice },
    permit: { step: 'permit', view: exitEntryViews.permit },
    reading: { step: 'permit', view: exitEntryViews.reading },
    face: { step: 'face', view: exitEntryViews.face },
    faceCheck: { step: 'face', view: exitEntryViews.faceCheck },
    eligibility: { step: 'choose', view: exitEntryViews.eligibility },
    choose: { step: 'choose', view: exitEntryViews.choose },
    confirm: { step: 'choose', view: exitEntryViews.confirm },
    payment: { step: 'payment', view: exitEntryViews.payment },
    writing: { step: 'writing', view: exitEntryViews.writing },
    replace: { step: 'writing', view: exitEntryViews.replace },
    done: { step: 'done', view: exitEntryViews.done },
  },
  events: {
    faceCaptured: commonEvents.faceCaptured,
    cameraUnavailable: commonEvents.cameraUnavailable,
    cancelPayment: commonEvents.cancelPayment,
    /** notice: the resident consents (chip read, face compared, nothing kept). */
    accept: Empty,
    /** notice: the resident declines → `cancelled`. */
    decline: Empty,
    /** permit: the OCR line typed from the card's back (30 characters, checked as typed on screen and again here). */
    ocrLineTyped: z.object({ line: z.string().max(40) }).strict(),
    /** choose: type, destination, validity and trips (must be one of the offers). */
    endorsementChosen: Choice,
    /** confirm: pay and endorse. */
    confirm: Empty,
    /** confirm: choose again. */
    back: Empty,
  },
  /**
   *  - chipUnreadable: the chip did not answer after the allowed attempts → counter.
   *  - accessKeyMismatch: the chip refused the key of the card's OCR line after the allowed attempts → counter.
   *  - dataTampered: a data group does not match its signed hash (staff ticket) → counter.
   *  - untrustedSigner: the chip's security object is signed by a key this kiosk does not trust (staff ticket).
   *  - chipNotGenuine: the security object is malformed or its signature is wrong (staff ticket).
   *  - permitExpired: the permit itself has expired → apply for a new permit.
   *  - permitNotOffered: not a Hong Kong and Macao permit (a Taiwan permit: endorsed at the counter).
   *  - notEligible: the administration's or the post's rules send the resident to a counter (`refusal` says which).
   *  - approvalRefused: the administration refused the paid endorsement (refunded).
   *  - writeRefused: the chip refused the endorsement (refunded, approval withdrawn).
   *  - writeNotConfirmed: the card was taken away during the write and not placed again (refunded, approval withdrawn).
   */
  reasons: ['chipUnreadable', 'accessKeyMismatch', 'dataTampered', 'untrustedSigner', 'chipNotGenuine', 'permitExpired', 'permitNotOffered', 'notEligible', 'approvalRefused', 'writeRefused', 'writeNotConfirmed'],
  ending: BaseView.extend({
    refusal: EligibilityRefusal.optional(),
    /** Staff ticket (a chip that is not genuine, a refund that needs staff …). */
    ticketNo: StaffTicketNo.optional(),
    /** The permit's expiry, when it has expired. */
    permitExpiry: CalendarDate.optional(),
  }),
});

export type ExitEntryState = z.infer<typeof exitEntryContract.State>;
export type ExitEntryReason = z.infer<typeof exitEntryContract.Reason>;
export type ExitEntryViews = { [S in ExitEntryState]: z.infer<(typeof exitEntryViews)[S]> };
