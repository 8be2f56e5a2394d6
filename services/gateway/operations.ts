/**
 * The operation catalogue: method, path, schemas and whether an operation has an effect. The HTTP
 * client, the simulator's router, the embedded gateway and the OpenAPI generator all read this one
 * table, so a route cannot exist in one place and not the others.
 */
import type { z } from 'zod';
import * as s from './schemas';
import { ProviderStatement, StatementDateParams } from './statement-schemas';
import type { OperationId } from './types';

export interface OperationSpec {
  method: 'GET' | 'POST';
  /** Path under the base URL, with `{name}` path parameters. */
  path: string;
  summary: string;
  /** Path parameters, taken out of the method's request object. */
  params?: z.ZodObject;
  /** Request body (absent for GET). */
  body?: z.ZodType;
  response: z.ZodType;
  /** Success status. */
  status: 200 | 201;
  /**
   * Effectful operations need an Idempotency-Key header. Read-only ones are POST only when the
   * request carries personal data (ID numbers must not appear in URLs, which end up in access logs).
   */
  effect: boolean;
  /** Error codes this operation may answer with (besides badRequest/unauthorized/internal). */
  errors: readonly s.ErrorCode[];
}

export const operations = {
  verifyIdentity: {
    method: 'POST', path: '/v1/identity/verify', summary: 'Registry record for an ID number',
    body: s.VerifyIdentityRequest, response: s.IdentityRecord, status: 200, effect: false, errors: ['notFound'],
  },
  compareFace: {
    method: 'POST', path: '/v1/identity/face-comparisons', summary: 'Compare a live capture with the photo on file',
    body: s.CompareFaceRequest, response: s.FaceComparison, status: 200, effect: false, errors: ['notFound', 'badImage'],
  },
  checkTempIdEligibility: {
    method: 'POST', path: '/v1/temp-id/eligibility', summary: 'May this person get a temporary ID card here?',
    body: s.TempIdEligibilityRequest, response: s.TempIdEligibility, status: 200, effect: false, errors: ['notFound'],
  },
  applyTempIdCard: {
    method: 'POST', path: '/v1/temp-id/applications', summary: 'Register a temporary-ID application against a paid fee order',
    body: s.ApplyTempIdCardRequest, response: s.TempIdCardIssue, status: 201, effect: true,
    errors: ['notFound', 'notEligible', 'orderNotPaid', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  withdrawTempIdApplication: {
    method: 'POST', path: '/v1/temp-id/applications/{applicationNo}/withdrawal', summary: 'Withdraw a temporary-ID application whose card was not handed over (compensates applyTempIdCard)',
    params: s.ApplicationNoParams, body: s.WithdrawTempIdApplicationRequest, response: s.TempIdWithdrawal, status: 200, effect: true,
    errors: ['notFound', 'notWithdrawable', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  queryViolationsByVehicle: {
    method: 'POST', path: '/v1/traffic/violations/by-vehicle', summary: 'Violations of a vehicle (plate + type + VIN last 6 or 4, or engine number last 6)',
    body: s.ViolationsByVehicleRequest, response: s.VehicleViolations, status: 200, effect: false, errors: ['notFound'],
  },
  queryViolationsByLicence: {
    method: 'POST', path: '/v1/traffic/violations/by-licence', summary: 'Violations of a driving licence (licence + file number)',
    body: s.ViolationsByLicenceRequest, response: s.LicenceViolations, status: 200, effect: false, errors: ['notFound'],
  },
  queryPersonTraffic: {
    method: 'POST', path: '/v1/traffic/persons/lookup', summary: "A person's licence, the vehicles registered to them and their violations",
    body: s.PersonTrafficRequest, response: s.PersonTraffic, status: 200, effect: false, errors: ['notFound'],
  },
  handleViolation: {
    method: 'POST', path: '/v1/traffic/violations/{violationNo}/handle',
    summary: 'Handle a violation at the kiosk (penalty decision). Not compensated: a decision is a legal act and stands whether or not its fine is paid',
    params: s.ViolationNoParams, body: s.HandleViolationRequest, response: s.PenaltyDecision, status: 201, effect: true,
    errors: ['notFound', 'alreadyHandled', 'kioskNotAllowed', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  lookupDecision: {
    method: 'GET', path: '/v1/traffic/decisions/{decisionNo}', summary: 'A penalty decision by its 16-digit number, masked (to pay one handled elsewhere)',
    params: s.DecisionNoParams, response: s.DecisionSummary, status: 200, effect: false, errors: ['notFound'],
  },
  getDecisionDocument: {
    method: 'GET', path: '/v1/traffic/decisions/{decisionNo}/document', summary: "A penalty decision's printed fields and the issuer's signed verification code",
    params: s.DecisionNoParams, response: s.PenaltyDecisionDocument, status: 200, effect: false, errors: ['notFound'],
  },
  checkCriminalRecord: {
    method: 'POST', path: '/v1/criminal-record/check', summary: 'Would a no-criminal-record certificate be issued?',
    body: s.CriminalRecordCheckRequest, response: s.CriminalRecordCheck, status: 200, effect: false, errors: ['notFound'],
  },
  issueCriminalRecordCertificate: {
    method: 'POST', path: '/v1/criminal-record/certificates', summary: 'Issue a no-criminal-record certificate',
    body: s.IssueCertificateRequest, response: s.NoCriminalRecordCertificate, status: 201, effect: true,
    errors: ['notFound', 'recordExists', 'purposeRequired', 'certificateVoided', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  getCriminalRecordCertificate: {
    method: 'GET', path: '/v1/criminal-record/certificates/{certificateNo}', summary: 'An issued certificate again, for a reprint (the kiosk keeps only its number)',
    params: s.CertificateNoParams, response: s.NoCriminalRecordCertificate, status: 200, effect: false, errors: ['notFound'],
  },
  voidCriminalRecordCertificate: {
    method: 'POST', path: '/v1/criminal-record/certificate-voidings', summary: 'Void the certificate issued under a kiosk reference, never delivered (compensates issueCriminalRecordCertificate)',
    body: s.VoidCertificateRequest, response: s.CertificateVoiding, status: 200, effect: true,
    errors: ['idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  comparePermitFace: {
    method: 'POST', path: '/v1/exit-entry/face-comparisons', summary: "Compare a live capture with a permit chip's photo and the holder's photo on file",
    body: s.PermitFaceComparisonRequest, response: s.PermitFaceComparison, status: 200, effect: false, errors: ['notFound', 'badImage'],
  },
  checkEndorsementEligibility: {
    method: 'POST', path: '/v1/exit-entry/eligibility', summary: 'What the holder of a permit may have endorsed at a kiosk, and the facts the post\'s rules need',
    body: s.EndorsementEligibilityRequest, response: s.EndorsementEligibility, status: 200, effect: false, errors: ['notFound'],
  },
  approveEndorsement: {
    method: 'POST', path: '/v1/exit-entry/endorsements', summary: "Approve a paid endorsement; returns the record and the issuer's write authorisation for the chip",
    body: s.ApproveEndorsementRequest, response: s.EndorsementApproval, status: 201, effect: true,
    errors: ['notFound', 'notEligible', 'orderNotPaid', 'amountMismatch', 'endorsementWithdrawn', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  withdrawEndorsement: {
    method: 'POST', path: '/v1/exit-entry/endorsement-withdrawals', summary: 'Withdraw the endorsement approved under a kiosk reference that the chip did not (or may not) receive (compensates approveEndorsement)',
    body: s.WithdrawEndorsementRequest, response: s.EndorsementWithdrawal, status: 200, effect: true,
    errors: ['idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  createPaymentOrder: {
    method: 'POST', path: '/v1/payments/orders', summary: 'Create a payment order with a QR payload',
    body: s.CreatePaymentOrderRequest, response: s.PaymentOrder, status: 201, effect: true,
    errors: ['notFound', 'alreadyPaid', 'amountMismatch', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  payWithCode: {
    method: 'POST', path: '/v1/payments/orders/{orderId}/pay', summary: "Charge the resident's scanned payment code",
    params: s.OrderIdParams, body: s.PayWithCodeRequest, response: s.PaymentOrder, status: 200, effect: true,
    errors: ['notFound', 'orderNotPending', 'orderExpired', 'paymentDeclined', 'insufficientFunds', 'invalidAuthCode', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  getPaymentOrder: {
    method: 'GET', path: '/v1/payments/orders/{orderId}', summary: 'Current state of a payment order',
    params: s.OrderIdParams, response: s.PaymentOrder, status: 200, effect: false, errors: ['notFound'],
  },
  cancelPaymentOrder: {
    method: 'POST', path: '/v1/payments/orders/{orderId}/cancel', summary: 'Cancel a pending order',
    params: s.OrderIdParams, body: s.NoBody, response: s.PaymentOrder, status: 200, effect: true,
    errors: ['notFound', 'orderNotPending', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  refundPayment: {
    method: 'POST', path: '/v1/payments/orders/{orderId}/refunds', summary: 'Refund a paid order in full or in part',
    params: s.OrderIdParams, body: s.RefundPaymentRequest, response: s.PaymentRefund, status: 201, effect: true,
    errors: ['notFound', 'orderNotPaid', 'refundExceedsPaid', 'idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  getProviderStatement: {
    method: 'GET', path: '/v1/payments/statements/{date}', summary: "The payment provider's statement of one day (Beijing time): charges, refunds and fees",
    params: StatementDateParams, response: ProviderStatement, status: 200, effect: false, errors: ['notFound'],
  },
  getApplicationProgress: {
    method: 'POST', path: '/v1/applications/progress',
    summary: "Every application the backend knows for a person (ID cards, temporary ID cards, certificates, traffic decisions, named tip-offs), or one of them by its number",
    body: s.ApplicationProgressRequest, response: s.ApplicationProgress, status: 200, effect: false, errors: ['notFound'],
  },
  submitTipOff: {
    method: 'POST', path: '/v1/tip-offs', summary: 'Receive a tip-off (anonymous unless the reporter proved their identity); answers its tracking number. Not compensated: a report cannot be unsent',
    body: s.SubmitTipOffRequest, response: s.TipOffReceipt, status: 201, effect: true, errors: ['idempotencyKeyRequired', 'idempotencyKeyReused'],
  },
  getTipOffStatus: {
    method: 'GET', path: '/v1/tip-offs/{trackingNo}', summary: "A tip-off's state by its tracking number (no personal data, never the text)",
    params: s.TrackingNoParams, response: s.TipOffStatus, status: 200, effect: false, errors: ['notFound'],
  },
  getNotices: {
    method: 'GET', path: '/v1/kiosks/{kioskId}/notices', summary: "The notices for a kiosk's attract screen (anti-fraud tips, missing and wanted persons, announcements, the post's WeChat group)",
    params: s.NoticeListParams, response: s.NoticeList, status: 200, effect: false, errors: [],
  },
  getNoticeImage: {
    method: 'GET', path: '/v1/notices/images/{imageId}', summary: "A notice's image (PNG or JPEG), base64",
    params: s.NoticeImageParams, response: s.NoticeImage, status: 200, effect: false, errors: ['notFound'],
  },
} as const satisfies Record<OperationId, OperationSpec>;

export const operationIds = Object.keys(operations) as OperationId[];

/** Fills `{name}` path parameters (URL-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/**
 * Splits a gateway method's request object into idempotency key, path parameters and body, the
 * way both the HTTP client and the embedded gateway send it.
 */
export function splitRequest(
  spec: OperationSpec,
  req: Record<string, unknown>,
): { idempotencyKey?: string; params: Record<string, string>; body: Record<string, unknown> | undefined } {
  const { idempotencyKey, ...rest } = req;
  const params: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  const paramNames = spec.params ? Object.keys(spec.params.shape) : [];
  for (const [k, v] of Object.entries(rest)) {
    if (paramNames.includes(k)) params[k] = String(v);
    else body[k] = v;
  }
  return {
    ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
    params,
    body: spec.method === 'GET' ? undefined : body,
  };
}
