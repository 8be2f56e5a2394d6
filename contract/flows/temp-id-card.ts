/**
 * Contract of the temporary resident ID card flow (临时居民身份证) between the kiosk core
 * (services/temp-id) and the touch UI: state names, the payload schema of every event the UI may
 * send (`flow.send`), the `view` each state publishes in `flow.progress`, and the stable reason
 * codes the UI maps to plain words and "what to do instead".
 *
 * Pure zod, no Node imports. Views are already masked: never a full ID number, never a photo.
 *
 * Ending: a flow that ends shows status `done`, `failed` or `cancelled` in `FlowProgress`; for the
 * last two `error.code` is one of `TempIdReason` and `view` is the view of the state it ended in,
 * whose `money` (when present) says exactly what happens to the resident's money.
 */
import { z } from 'zod';

/** Card-printer error codes as the flow reports them (devices/card-printer driver vocabulary). */
const CardPrinterProblem = z.enum(['feederEmpty', 'ribbonOut', 'coverOpen', 'cardJam', 'offline', 'timeOut', 'other']);

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

/**
 * notice (step 1) → identity (2) → eligibility (3) → face (4) ⇄ faceCheck (4) → confirm (5) →
 * payment (6) → printing (7) → done (8).
 * `eligibility`, `faceCheck`, `printing` and `done` are core work. `notice`, `face` and `confirm`
 * wait for the resident (status `waiting`); `identity` and `payment` report `running` because the
 * core is listening to the card reader / scanner and the order, but they accept the resident's
 * events all the same: render by `state`, not by `status`. Every state has a timeout (resident
 * walked away).
 */
export const TempIdState = z.enum(['notice', 'identity', 'eligibility', 'face', 'faceCheck', 'confirm', 'payment', 'printing', 'done']);
export type TempIdState = z.infer<typeof TempIdState>;

/** Number of steps in the step indicator (FlowProgress.totalSteps). */
export const TEMP_ID_TOTAL_STEPS = 8;

// ---------------------------------------------------------------------------------------------
// Reason codes
// ---------------------------------------------------------------------------------------------

/**
 * Why the flow ended badly (`FlowProgress.error.code`). The UI maps each to plain words and the
 * next thing to do:
 *  - cancelled: resident declined the notice, pressed cancel (or cancelPayment), or the session ended.
 *  - timeout: nobody answered in a state (walked away).
 *  - serviceDisabled: the post switched the service off.
 *  - rareCharacter: the name holds a character the card cannot print correctly → counter.
 *  - identityNotFound: no registry record for the number → counter.
 *  - under16: a guardian applies at the counter.
 *  - applicationInProgress: a temporary-card application is already being processed.
 *  - alreadyHoldsTempCard: a valid temporary card was issued recently.
 *  - notRegisteredInJurisdiction: this post issues only to locally registered residents.
 *  - cameraUnavailable: camera missing or permission denied → counter.
 *  - faceMismatch: face comparison failed after the allowed attempts → counter.
 *  - backendUnavailable: the police backend could not be reached (try later / counter).
 *  - paymentFailed: the payment order could not be created or the payment failed.
 *  - paymentTimeout: not paid before the order's time ran out (nothing charged).
 *  - deviceNotReady: a device the service needs (the card printer) stopped working before any money
 *    was asked for; nothing charged → counter.
 *  - applicationRefused: the backend refused the application after payment (money refunded).
 *  - cardPrinterFailed: the card could not be printed after payment (see view.money, view.printerProblem).
 *  - journalUnavailable / internalError: kiosk fault; staff informed.
 */
export const TempIdReason = z.enum([
  'cancelled',
  'timeout',
  'serviceDisabled',
  'rareCharacter',
  'identityNotFound',
  'under16',
  'applicationInProgress',
  'alreadyHoldsTempCard',
  'notRegisteredInJurisdiction',
  'cameraUnavailable',
  'faceMismatch',
  'backendUnavailable',
  'paymentFailed',
  'paymentTimeout',
  'deviceNotReady',
  'applicationRefused',
  'cardPrinterFailed',
  'journalUnavailable',
  'internalError',
]);
export type TempIdReason = z.infer<typeof TempIdReason>;

/**
 * Why an identity attempt was not accepted; the flow stays in `identity` and the UI offers
 * another try (or typing the number). `readFailed`: the card could not be read.
 * `notResidentCard`: a residence permit or foreigner's card (this service is only for resident ID
 * cards; permit holders go to the counter). The others are GB 11643 problems of a typed number
 * (`badCheckCharacter`: the last character does not match the first 17).
 */
export const IdentityProblem = z.enum([
  'readFailed',
  'notResidentCard',
  'tooShort',
  'tooLong',
  'invalidCharacter',
  'badRegion',
  'badBirthDate',
  'badCheckCharacter',
]);
export type IdentityProblem = z.infer<typeof IdentityProblem>;

/**
 * What happens to the resident's money:
 *  - notCharged: nothing was taken.
 *  - charged: the fee was taken and the card issued.
 *  - refunded: the fee was taken and has been refunded to the same payment app.
 *  - refundByStaff: the fee was taken, the automatic refund did not go through; a staff ticket is
 *    open and staff will refund it (keep the slip).
 *  - unknownByStaff: the kiosk could not confirm whether money was taken; a staff ticket is open
 *    and staff will check and refund any charge (keep the payment record).
 */
export const MoneyStatus = z.enum(['notCharged', 'charged', 'refunded', 'refundByStaff', 'unknownByStaff']);
export type MoneyStatus = z.infer<typeof MoneyStatus>;

export const MoneyView = z.object({
  status: MoneyStatus,
  /** Amount concerned, in fen (1 yuan = 100 fen). */
  amountFen: z.number().int().nonnegative(),
  /** Staff ticket number when staff must act (refundByStaff, unknownByStaff, card printer faults), e.g. `WBJ-DC-0101-20261201-003`. */
  ticketNo: z.string().min(1).max(64).optional(),
  /** True when an explanatory slip was printed on the receipt printer. */
  slipPrinted: z.boolean().optional(),
});
export type MoneyView = z.infer<typeof MoneyView>;

// ---------------------------------------------------------------------------------------------
// Events (the UI sends these with flow.send; `cancel` is flow.cancel)
// ---------------------------------------------------------------------------------------------

/** Largest accepted face capture: 600 KB of JPEG = 819,200 base64 characters. */
export const MAX_FACE_IMAGE_BASE64 = 819_200;

const Empty = z.object({}).strict();

/** Payload schema per event name; the flow definition uses this very object as its `events`. */
export const tempIdEvents = {
  /** notice: the resident accepts the fee and consents to face comparison and data use. */
  accept: Empty,
  /** notice: the resident declines → the flow ends `cancelled`. */
  decline: Empty,
  /**
   * identity: the typed ID number (18 characters, `x` accepted for `X`). A wrong number is not an
   * invalid payload: it is refused in the view (`identity.problem`).
   */
  idNumberEntered: z.object({ idNumber: z.string().max(32) }).strict(),
  /** face: one still from the camera, base64 JPEG (≤ 600 KB). Held in memory only for the comparison. */
  faceCaptured: z.object({ imageJpegBase64: z.base64().min(8).max(MAX_FACE_IMAGE_BASE64) }).strict(),
  /** face: the camera is missing or the permission was denied → the flow ends `cameraUnavailable`. */
  cameraUnavailable: z.object({ reason: z.enum(['missing', 'denied']) }).strict(),
  /** confirm: the details are right; go to payment. */
  confirm: Empty,
  /** confirm: go back to `identity` (e.g. the wrong number was typed); identity and face are redone. */
  back: Empty,
  /** payment: the resident cancels; same as flow.cancel (any money that lands anyway is refunded). */
  cancelPayment: Empty,
} as const;
export type TempIdEventName = keyof typeof tempIdEvents;
export type TempIdEventPayload<E extends TempIdEventName> = z.infer<(typeof tempIdEvents)[E]>;

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/** Fields every view may carry. */
const Base = z.object({
  /** Present once a payment order exists: what happens to the money (see MoneyStatus). */
  money: MoneyView.optional(),
});

/** Masked ID number as shown on screens and paper: 6 digits, eight `*`, last 4. */
const MaskedIdNumber = z.string().regex(/^\d{6}\*{8}\d{3}[\dX]$/);
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const tempIdViews = {
  notice: Base.extend({
    /** The fee in fen (1000 = 10 yuan). */
    feeFen: z.number().int().nonnegative(),
    /** How long the temporary card is valid. */
    validityMonths: z.number().int().positive(),
  }),
  identity: Base.extend({
    /** Why the last card or typed number was not accepted (absent before the first try). */
    problem: IdentityProblem.optional(),
    /** Attempts so far in this state (lets the UI re-announce the same problem). */
    attempts: z.number().int().nonnegative(),
  }),
  eligibility: Base.extend({ maskedIdNumber: MaskedIdNumber }),
  face: Base.extend({
    /** 1-based number of the capture the UI is about to take. */
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    /** Result of the previous capture, when there was one: no match, or the image was unusable. */
    lastResult: z.enum(['noMatch', 'badImage']).optional(),
  }),
  faceCheck: Base.extend({
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
  }),
  confirm: Base.extend({
    /** The details that will be printed on the card (the number masked here; printed in full on the card only). */
    name: z.string(),
    sex: z.enum(['male', 'female']),
    ethnicity: z.string(),
    birthDate: CalendarDate,
    address: z.string(),
    maskedIdNumber: MaskedIdNumber,
    /** Validity: from today for `validityMonths` (inclusive dates). */
    validFrom: CalendarDate,
    validUntil: CalendarDate,
    issuingAuthority: z.string(),
    feeFen: z.number().int().nonnegative(),
  }),
  payment: Base.extend({
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
  printing: Base.extend({
    /**
     * registering: applying at the backend; card: printing the card; receipt: printing the
     * receipt; compensating: the card failed: refunding and printing a slip.
     */
    phase: z.enum(['registering', 'card', 'receipt', 'compensating']),
    /** Set when the card printer failed (cardPrinterFailed). */
    printerProblem: CardPrinterProblem.optional(),
  }),
  done: Base.extend({
    /** Transaction number printed on the receipt (not personal). */
    transactionNo: z.string(),
    maskedIdNumber: MaskedIdNumber,
    validUntil: CalendarDate,
    /** True when the receipt could not be printed: staff can reprint it; the card was issued. */
    receiptPending: z.boolean(),
  }),
} as const satisfies Record<TempIdState, z.ZodType>;

export type TempIdViews = { [S in TempIdState]: z.infer<(typeof tempIdViews)[S]> };
export type TempIdView<S extends TempIdState = TempIdState> = TempIdViews[S];

/** Parses a progress `view` for its state; undefined when the state or the view does not fit. */
export function parseTempIdView<S extends TempIdState>(state: S, view: unknown): TempIdViews[S] | undefined {
  const parsed = tempIdViews[state].safeParse(view ?? {});
  return parsed.success ? (parsed.data as TempIdViews[S]) : undefined;
}
