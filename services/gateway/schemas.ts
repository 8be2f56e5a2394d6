/**
 * The police-backend contract: one zod schema per request and response body. TypeScript types are
 * `z.infer` of these, and services/gateway/openapi.json is generated from them
 * (scripts/gen-openapi.ts), so the code, the types and the document cannot drift apart.
 */
import { z } from 'zod';
import { CalendarDate, Fen, IdNumber, JurisdictionCode, KioskReference, PaymentChannel, PaymentPurpose, PaymentStatus, Timestamp } from './scalars';
import { ViolationNo } from './traffic-schemas';

export * from './scalars';
export * from './traffic-schemas';
export * from './exit-entry-schemas';
export * from './info-schemas';

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Machine codes the backend answers with on a 4xx/5xx. Refusal reasons of domain rules are codes too. */
export const ErrorCode = z.enum([
  'badRequest',
  'unauthorized',
  'notFound',
  'idempotencyKeyRequired',
  'idempotencyKeyReused',
  'internal',
  // identity
  'badImage',
  // temporary ID card
  'notEligible',
  'notWithdrawable',
  // traffic
  'alreadyHandled',
  'kioskNotAllowed',
  'alreadyPaid',
  'amountMismatch',
  // criminal record
  'recordExists',
  'purposeRequired',
  'certificateVoided',
  // exit-entry endorsements
  'endorsementWithdrawn',
  // payments
  'orderNotPending',
  'orderExpired',
  'orderNotPaid',
  'paymentDeclined',
  'insufficientFunds',
  'invalidAuthCode',
  'refundExceedsPaid',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    /** For logs and staff; never contains personal data. */
    message: z.string().max(500),
    /** Typed refusal reason when code is notEligible / kioskNotAllowed. */
    reason: z.string().max(64).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

export const VerifyIdentityRequest = z.object({ idNumber: IdNumber });
export type VerifyIdentityRequest = z.infer<typeof VerifyIdentityRequest>;

/** The population-registry record for one person. */
export const IdentityRecord = z.object({
  idNumber: IdNumber,
  name: z.string().min(1).max(40),
  sex: z.enum(['male', 'female']),
  ethnicity: z.string().min(1).max(20),
  birthDate: CalendarDate,
  registeredAddress: z.string().min(1).max(120),
  regionCode: z.string().regex(/^\d{6}$/),
  jurisdictionCode: JurisdictionCode,
  jurisdictionName: z.string().min(1).max(60),
  /** Opaque reference to the photo on file; the kiosk never receives the photo itself here. */
  photoRef: z.string().min(1).max(80),
  age: z.number().int().nonnegative(),
  under16: z.boolean(),
});
export type IdentityRecord = z.infer<typeof IdentityRecord>;

export const CompareFaceRequest = z.object({
  idNumber: IdNumber,
  /** The captured live image, base64 JPEG (at most ~3 MB encoded). */
  imageBase64: z.base64().min(8).max(4_000_000),
});
export type CompareFaceRequest = z.infer<typeof CompareFaceRequest>;

export const FaceComparison = z.object({
  score: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  match: z.boolean(),
});
export type FaceComparison = z.infer<typeof FaceComparison>;

// ---------------------------------------------------------------------------------------------
// Temporary resident ID card
// ---------------------------------------------------------------------------------------------

export const TempIdEligibilityRequest = z.object({
  idNumber: IdNumber,
  /** The post's jurisdiction. */
  jurisdictionCode: JurisdictionCode,
  /** Configuration: refuse people registered outside `jurisdictionCode`'s region. */
  localRegistrationOnly: z.boolean(),
});
export type TempIdEligibilityRequest = z.infer<typeof TempIdEligibilityRequest>;

/**
 * under16: guardians apply at the counter. applicationInProgress: a temporary-card application is
 * already being processed. alreadyHoldsTempCard: a temporary card issued less than its validity ago.
 * notRegisteredInJurisdiction: registered elsewhere while local registration is required.
 */
export const TempIdRefusalReason = z.enum(['under16', 'applicationInProgress', 'alreadyHoldsTempCard', 'notRegisteredInJurisdiction']);
export type TempIdRefusalReason = z.infer<typeof TempIdRefusalReason>;

export const TempIdEligibility = z.discriminatedUnion('eligible', [
  z.object({ eligible: z.literal(true) }),
  z.object({ eligible: z.literal(false), reason: TempIdRefusalReason }),
]);
export type TempIdEligibility = z.infer<typeof TempIdEligibility>;

export const ApplyTempIdCardRequest = z.object({
  idNumber: IdNumber,
  jurisdictionCode: JurisdictionCode,
  localRegistrationOnly: z.boolean(),
  /** The paid fee order. */
  paymentOrderId: z.string().min(1).max(40),
});
export type ApplyTempIdCardRequest = z.infer<typeof ApplyTempIdCardRequest>;

/** What a temporary card shows (plus the application number); printed by the kiosk's card printer. */
export const TempIdCardIssue = z.object({
  applicationNo: z.string().min(1).max(40),
  idNumber: IdNumber,
  name: z.string().min(1).max(40),
  sex: z.enum(['male', 'female']),
  ethnicity: z.string(),
  birthDate: CalendarDate,
  registeredAddress: z.string(),
  photoRef: z.string(),
  issuingAuthority: z.string().min(1).max(40),
  validFrom: CalendarDate,
  validUntil: CalendarDate,
});
export type TempIdCardIssue = z.infer<typeof TempIdCardIssue>;

/** Compensation of `applyTempIdCard`: the card was not handed over (and the fee was refunded). */
export const WithdrawTempIdApplicationRequest = z.object({
  /** Why, for the registry's record (no personal data), e.g. "card printer jammed; fee refunded". */
  reason: z.string().min(1).max(200),
});
export type WithdrawTempIdApplicationRequest = z.infer<typeof WithdrawTempIdApplicationRequest>;

export const TempIdWithdrawal = z.object({
  applicationNo: z.string().min(1).max(40),
  status: z.literal('withdrawn'),
  withdrawnAt: Timestamp,
});
export type TempIdWithdrawal = z.infer<typeof TempIdWithdrawal>;

// ---------------------------------------------------------------------------------------------
// No-criminal-record certificate
// ---------------------------------------------------------------------------------------------

export const CriminalRecordCheckRequest = z.object({ idNumber: IdNumber });
export type CriminalRecordCheckRequest = z.infer<typeof CriminalRecordCheckRequest>;

export const CriminalRecordCheck = z.object({
  /** True when no record would appear on a certificate (sealed juvenile records do not). */
  clean: z.boolean(),
  /** Certificates issued to this person this calendar year (voided ones do not count). */
  certificatesThisYear: z.number().int().nonnegative(),
  /** True when the next certificate needs a stated purpose (more than N requests a year). */
  purposeRequired: z.boolean(),
});
export type CriminalRecordCheck = z.infer<typeof CriminalRecordCheck>;

export const IssueCertificateRequest = z.object({
  idNumber: IdNumber,
  kioskReference: KioskReference,
  /** 用途 as printed on the certificate, e.g. 就业, or the resident's own short text. */
  purpose: z.string().min(1).max(30),
  /** 用途说明: required after N certificates in a year (the backend's rule). Not printed. */
  purposeStatement: z.string().min(1).max(60).optional(),
  /** 证明时限: from the 18th birthday (or from birth) up to the day of issue. */
  periodRule: z.enum(['fromAge18', 'fromBirth']),
  validityMonths: z.number().int().min(1).max(12),
});
export type IssueCertificateRequest = z.infer<typeof IssueCertificateRequest>;

/** Certificate number in the issuing unit's format: <省>公(<单位>)证字〔<年>〕第<N>号. */
export const CertificateNo = z.string().regex(/^[\u4e00-\u9fa5]公\([\u4e00-\u9fa5]{1,6}\)证字〔\d{4}〕第\d{1,8}号$/);
export const CertificateNoParams = z.object({ certificateNo: CertificateNo });

/**
 * Exactly the fields printed on the certificate (services/documents NoCriminalRecordCertificate):
 * the signed verification code's digest covers these, so the kiosk prints them as they are.
 */
export const CertificateDocument = z.object({
  number: CertificateNo,
  name: z.string().min(1),
  sex: z.enum(['男', '女']),
  nationality: z.string().min(1),
  documentType: z.literal('居民身份证'),
  documentNumber: IdNumber,
  purpose: z.string().min(1).max(30),
  periodFrom: CalendarDate,
  periodTo: CalendarDate,
  issuingUnit: z.string().min(1),
  issuedOn: CalendarDate,
  validMonths: z.number().int().min(1).max(12),
  notes: z.array(z.string()).optional(),
});
export type CertificateDocument = z.infer<typeof CertificateDocument>;

export const NoCriminalRecordCertificate = z.object({
  certificateNo: CertificateNo,
  /** `voided`: withdrawn (never delivered); a voided certificate must not be printed. */
  status: z.enum(['issued', 'voided']),
  document: CertificateDocument,
  /** The last day it is valid. */
  validUntil: CalendarDate,
  /** The issuer's SM2/SM3-signed verification code (KV1|NCR|…), printed as a QR code. */
  verificationCode: z.string().startsWith('KV1|NCR|').max(600),
});
export type NoCriminalRecordCertificate = z.infer<typeof NoCriminalRecordCertificate>;

export const VoidCertificateRequest = z.object({ kioskReference: KioskReference, reason: z.string().min(1).max(200) });
export type VoidCertificateRequest = z.infer<typeof VoidCertificateRequest>;

export const CertificateVoiding = z.object({
  kioskReference: KioskReference,
  /** The voided certificate; null when nothing had been issued under the reference (none ever will be). */
  certificateNo: CertificateNo.nullable(),
  status: z.enum(['voided', 'nothingIssued']),
  voidedAt: Timestamp,
});
export type CertificateVoiding = z.infer<typeof CertificateVoiding>;

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

export const OrderId = z.string().regex(/^PO[0-9A-Z]{6,30}$/);

export const CreatePaymentOrderRequest = z.object({
  amountFen: z.number().int().positive().max(100_000_00),
  purpose: PaymentPurpose,
  channel: PaymentChannel,
  /** What the order pays for, e.g. a penalty decision number; a paid trafficFine order marks it paid. */
  reference: z.string().min(1).max(40).optional(),
  /**
   * Everything one order pays for, e.g. several penalty decisions: for a trafficFine order each
   * must be an unpaid decision and the amount their fines plus today's late fees, and paying the
   * order marks them paid (a full refund marks them unpaid again).
   */
  references: z.array(z.string().min(1).max(40)).min(1).max(20).optional(),
});
export type CreatePaymentOrderRequest = z.infer<typeof CreatePaymentOrderRequest>;

export const PaymentOrder = z.object({
  orderId: OrderId,
  /** The payment provider's transaction id; null until the order is paid. */
  transactionId: z.string().nullable(),
  amountFen: Fen,
  purpose: PaymentPurpose,
  channel: PaymentChannel,
  status: PaymentStatus,
  /** Text to render as a QR code on screen for the resident's payment app. */
  qrPayload: z.string().min(1).max(300),
  reference: z.string().optional(),
  references: z.array(z.string()).optional(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  paidAt: Timestamp.optional(),
  refundedFen: Fen,
});
export type PaymentOrder = z.infer<typeof PaymentOrder>;

export const PayWithCodeRequest = z.object({
  /** The resident's payment code (付款码) as scanned: WeChat 10-15 + 16 digits, Alipay 25-30 + 14-22, UnionPay 62 + 17. */
  authCode: z.string().regex(/^\d{16,24}$/),
});
export type PayWithCodeRequest = z.infer<typeof PayWithCodeRequest>;

export const RefundPaymentRequest = z.object({
  /** Omit for a full refund of what remains. */
  amountFen: z.number().int().positive().optional(),
  reason: z.string().min(1).max(80),
});
export type RefundPaymentRequest = z.infer<typeof RefundPaymentRequest>;

export const PaymentRefund = z.object({
  refundId: z.string(),
  amountFen: Fen,
  refundedAt: Timestamp,
  order: PaymentOrder,
});
export type PaymentRefund = z.infer<typeof PaymentRefund>;

// Path parameters
export const OrderIdParams = z.object({ orderId: OrderId });
export const ViolationNoParams = z.object({ violationNo: ViolationNo });
export const ApplicationNo = z.string().regex(/^[A-Z0-9]{1,40}$/);
export const ApplicationNoParams = z.object({ applicationNo: ApplicationNo });
export const NoBody = z.object({});
