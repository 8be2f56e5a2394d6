/**
 * What every police service's flow shares, once: money, identity problems, the common reasons a
 * flow ends badly, the events of the shared steps (identity, face, payment) and their views. A
 * service's own contract (contract/flows/<service>.ts) adds its own states, events, views and
 * reasons with `defineServiceContract` (./kit.ts).
 *
 * Pure zod, no Node imports. Views are already masked: never a full ID number, never a photo.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

/**
 * What happens to the resident's money:
 *  - notCharged: nothing was taken.
 *  - charged: the fee was taken and the service delivered.
 *  - refunded: the fee was taken and has been refunded to the same payment app.
 *  - refundByStaff: the fee was taken, the automatic refund did not go through; a staff ticket is
 *    open and staff will refund it (keep the slip).
 *  - unknownByStaff: the kiosk could not confirm whether money was taken; a staff ticket is open
 *    and staff will check and refund any charge (keep the payment record).
 */
export const MoneyStatus = z.enum(['notCharged', 'charged', 'refunded', 'refundByStaff', 'unknownByStaff']);
export type MoneyStatus = z.infer<typeof MoneyStatus>;

/** A staff ticket's readable number, e.g. `WBJ-DC-0101-20261201-003` (staff must act; the resident keeps it). */
export const StaffTicketNo = z.string().min(1).max(64);

export const MoneyView = z.object({
  status: MoneyStatus,
  /** Amount concerned, in fen (1 yuan = 100 fen). */
  amountFen: z.number().int().nonnegative(),
  /** Staff ticket number when staff must act, e.g. `WBJ-DC-0101-20261201-003`. */
  ticketNo: StaffTicketNo.optional(),
  /** True when an explanatory slip was printed on the receipt printer. */
  slipPrinted: z.boolean().optional(),
});
export type MoneyView = z.infer<typeof MoneyView>;

// ---------------------------------------------------------------------------------------------
// Reasons every flow may end with
// ---------------------------------------------------------------------------------------------

/**
 *  - cancelled: the resident declined or pressed cancel, or the session ended.
 *  - timeout: nobody answered in a state (walked away).
 *  - serviceDisabled: the post switched the service off.
 *  - identityNotFound: no registry record for the number → counter.
 *  - cameraUnavailable: camera missing or permission denied → counter.
 *  - faceMismatch: face comparison failed after the allowed attempts → counter.
 *  - backendUnavailable: the police backend could not be reached (try later / counter).
 *  - paymentFailed: the payment order could not be created or the payment failed.
 *  - paymentTimeout: not paid before the order's time ran out (nothing charged).
 *  - deviceNotReady: a device the service needs stopped working before any money was asked for.
 *  - journalUnavailable / internalError: kiosk fault; staff informed.
 */
export const COMMON_REASONS = [
  'cancelled',
  'timeout',
  'serviceDisabled',
  'identityNotFound',
  'cameraUnavailable',
  'faceMismatch',
  'backendUnavailable',
  'paymentFailed',
  'paymentTimeout',
  'deviceNotReady',
  'journalUnavailable',
  'internalError',
] as const;
export const CommonReason = z.enum(COMMON_REASONS);
export type CommonReason = z.infer<typeof CommonReason>;

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/** Why the A4 printer did not print a document, as flows report it (devices/document-printer causes, grouped). */
export const A4PrinterProblem = z.enum(['paperOut', 'paperJammed', 'coverOpen', 'tonerOut', 'offline', 'timeOut', 'other']);
export type A4PrinterProblem = z.infer<typeof A4PrinterProblem>;

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

/**
 * Why an identity attempt was not accepted; the flow stays in `identity` and the UI offers another
 * try (or typing the number). `readFailed`: the card could not be read. `notResidentCard`: a
 * residence permit or foreigner's card (resident ID cards only; permit holders go to the counter).
 * The others are GB 11643 problems of a typed number (`badCheckCharacter`: the last character does
 * not match the first 17 — it cannot say which character is wrong).
 */
export const IdentityProblem = z.enum(['readFailed', 'notResidentCard', 'tooShort', 'tooLong', 'invalidCharacter', 'badRegion', 'badBirthDate', 'badCheckCharacter']);
export type IdentityProblem = z.infer<typeof IdentityProblem>;

// ---------------------------------------------------------------------------------------------
// Events of the shared steps (the UI sends them with flow.send; `cancel` is flow.cancel)
// ---------------------------------------------------------------------------------------------

/** Largest accepted face capture: 600 KB of JPEG = 819,200 base64 characters. */
export const MAX_FACE_IMAGE_BASE64 = 819_200;

export const Empty = z.object({}).strict();

export const commonEvents = {
  /** identity: the typed ID number (18 characters, `x` accepted for `X`); a wrong number is refused in the view. */
  idNumberEntered: z.object({ idNumber: z.string().max(32) }).strict(),
  /** face: one still from the camera, base64 JPEG (≤ 600 KB). Held in memory only for the comparison. */
  faceCaptured: z.object({ imageJpegBase64: z.base64().min(8).max(MAX_FACE_IMAGE_BASE64) }).strict(),
  /** face: the camera is missing or the permission was denied → the flow ends `cameraUnavailable`. */
  cameraUnavailable: z.object({ reason: z.enum(['missing', 'denied']) }).strict(),
  /** payment: the resident cancels; same as flow.cancel (any money that lands anyway is refunded). */
  cancelPayment: Empty,
} as const;

// ---------------------------------------------------------------------------------------------
// Views of the shared steps
// ---------------------------------------------------------------------------------------------

/** Masked ID number as shown on screens and paper: 6 digits, eight `*`, last 4. */
export const MaskedIdNumber = z.string().regex(/^\d{6}\*{8}\d{3}[\dX]$/);
export const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Fields every view may carry. */
export const BaseView = z.object({
  /** Present once a payment order exists: what happens to the money (see MoneyStatus). */
  money: MoneyView.optional(),
});

export const commonViews = {
  identity: BaseView.extend({
    /** Why the last card or typed number was not accepted (absent before the first try). */
    problem: IdentityProblem.optional(),
    /** Attempts so far in this state (lets the UI re-announce the same problem). */
    attempts: z.number().int().nonnegative(),
  }),
  face: BaseView.extend({
    /** 1-based number of the capture the UI is about to take. */
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    /** Result of the previous capture, when there was one: no match, or the image was unusable. */
    lastResult: z.enum(['noMatch', 'badImage']).optional(),
  }),
  faceCheck: BaseView.extend({
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
  }),
  payment: BaseView.extend({
    /**
     * creating: the order is being created; waiting: QR shown, waiting for payment; charging: a
     * scanned payment code is being charged; cancelling: cancelling the order and re-checking it.
     */
    phase: z.enum(['creating', 'waiting', 'charging', 'cancelling']),
    amountFen: z.number().int().nonnegative(),
    /** Payment QR content for the resident's app (render as a QR code). Absent while creating. */
    qrPayload: z.string().optional(),
    /** When the order expires (ISO instant) and seconds left at the time of this progress. */
    expiresAt: z.string().optional(),
    secondsLeft: z.number().int().nonnegative().optional(),
    /** The last scanned payment code was refused (no money taken); the resident may try again. */
    declined: z.enum(['paymentDeclined', 'insufficientFunds', 'invalidAuthCode', 'other']).optional(),
  }),
} as const;
