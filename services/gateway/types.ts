/**
 * The police-backend gateway as the rest of the kiosk sees it. Two implementations:
 * `createHttpGateway` (services/gateway/http-client.ts, the real backend over HTTP) and
 * `createEmbeddedGateway` (services/backend-sim/embedded.ts, the simulator in-process).
 * Every method resolves to a GatewayResult; nothing throws for an expected failure.
 */
import type { Result } from '../../contract/result';
import type {
  ApplicationProgress,
  ApplicationProgressRequest,
  ApplyTempIdCardRequest,
  ApproveEndorsementRequest,
  CertificateVoiding,
  CompareFaceRequest,
  CreatePaymentOrderRequest,
  CriminalRecordCheck,
  CriminalRecordCheckRequest,
  DecisionSummary,
  EndorsementApproval,
  EndorsementEligibility,
  EndorsementEligibilityRequest,
  EndorsementWithdrawal,
  ErrorCode,
  FaceComparison,
  HandleViolationRequest,
  IdentityRecord,
  IssueCertificateRequest,
  LicenceViolations,
  NoticeImage,
  NoticeList,
  SubmitTipOffRequest,
  TipOffReceipt,
  TipOffStatus,
  NoCriminalRecordCertificate,
  PaymentOrder,
  PaymentRefund,
  PayWithCodeRequest,
  PenaltyDecision,
  PenaltyDecisionDocument,
  PermitFaceComparison,
  PermitFaceComparisonRequest,
  PersonTraffic,
  PersonTrafficRequest,
  RefundPaymentRequest,
  TempIdCardIssue,
  TempIdEligibility,
  TempIdEligibilityRequest,
  TempIdWithdrawal,
  VoidCertificateRequest,
  WithdrawTempIdApplicationRequest,
  WithdrawEndorsementRequest,
  VehicleViolations,
  VerifyIdentityRequest,
  ViolationsByLicenceRequest,
  ViolationsByVehicleRequest,
} from './schemas';
import type { ProviderStatement } from './statement-schemas';

export type * from './schemas';
export type * from './statement-schemas';

/** Why a call failed. `retryable` says whether trying again (same idempotency key) may succeed. */
export interface GatewayError {
  kind: 'network' | 'timeout' | 'rejected' /* 4xx, with the server's error code */ | 'server' /* 5xx */ | 'malformed' /* body failed validation */ | 'unauthorized';
  status?: number;
  /** The server's error code (ErrorCode) for `rejected`/`unauthorized`/`server`. */
  code?: ErrorCode | string;
  /** Typed refusal reason when code is 'notEligible' or 'kioskNotAllowed' (e.g. 'fineOverLimit'). */
  reason?: string;
  /** For logs and staff; never contains personal data. */
  message: string;
  retryable: boolean;
}

export type GatewayResult<T> = Result<T, GatewayError>;

/** Every operation with an effect carries a key; the backend applies it at most once per key. */
export interface Idempotent {
  idempotencyKey: string;
}

/** One async method per backend operation (operationId = method name). */
export interface PoliceGateway {
  /** Registry record for an ID number (read-only). */
  verifyIdentity(req: VerifyIdentityRequest): Promise<GatewayResult<IdentityRecord>>;
  /** Compares a live capture with the photo on file (read-only). */
  compareFace(req: CompareFaceRequest): Promise<GatewayResult<FaceComparison>>;
  /** May this person get a temporary ID card here? Refusals are values (`eligible: false`). */
  checkTempIdEligibility(req: TempIdEligibilityRequest): Promise<GatewayResult<TempIdEligibility>>;
  /** Registers a temporary-ID application against a paid fee order; returns what the card shows. */
  applyTempIdCard(req: Idempotent & ApplyTempIdCardRequest): Promise<GatewayResult<TempIdCardIssue>>;
  /**
   * Compensation of applyTempIdCard: withdraws an application whose card was not handed over, so the
   * registry does not count it as issued and the resident can apply again. Idempotent.
   */
  withdrawTempIdApplication(req: Idempotent & WithdrawTempIdApplicationRequest & { applicationNo: string }): Promise<GatewayResult<TempIdWithdrawal>>;
  /** Violations of a vehicle (plate + type + VIN last 6). */
  queryViolationsByVehicle(req: ViolationsByVehicleRequest): Promise<GatewayResult<VehicleViolations>>;
  /** Violations of a driving licence (licence number + file number). */
  queryViolationsByLicence(req: ViolationsByLicenceRequest): Promise<GatewayResult<LicenceViolations>>;
  /** A person's licence (with its file number), the vehicles registered to them and their records. */
  queryPersonTraffic(req: PersonTrafficRequest): Promise<GatewayResult<PersonTraffic>>;
  /**
   * Handles one violation at the kiosk: penalty decision with fine, points booked. Not compensated:
   * a decision is a legal act and stands even when its fine is not paid (15 days to pay, then 3 % a day).
   */
  handleViolation(req: Idempotent & HandleViolationRequest & { violationNo: string }): Promise<GatewayResult<PenaltyDecision>>;
  /** A decision by its 16-digit number, masked (to pay one handled elsewhere). */
  lookupDecision(req: { decisionNo: string }): Promise<GatewayResult<DecisionSummary>>;
  /** A decision's printed fields and the issuer's signed verification code (verified before printing). */
  getDecisionDocument(req: { decisionNo: string }): Promise<GatewayResult<PenaltyDecisionDocument>>;
  /** Would a no-criminal-record certificate be issued? */
  checkCriminalRecord(req: CriminalRecordCheckRequest): Promise<GatewayResult<CriminalRecordCheck>>;
  /** Issues a no-criminal-record certificate, signed (refused with 'recordExists' when a record exists). */
  issueCriminalRecordCertificate(req: Idempotent & IssueCertificateRequest): Promise<GatewayResult<NoCriminalRecordCertificate>>;
  /** An issued certificate by its number (read-only), for a reprint after a restart or by staff. */
  getCriminalRecordCertificate(req: { certificateNo: string }): Promise<GatewayResult<NoCriminalRecordCertificate>>;
  /**
   * Compensation of issueCriminalRecordCertificate: voids the certificate issued under a kiosk
   * reference that was never delivered (or makes sure none will be issued under it). Idempotent.
   */
  voidCriminalRecordCertificate(req: Idempotent & VoidCertificateRequest): Promise<GatewayResult<CertificateVoiding>>;
  /** Compares a live capture with a permit chip's photo and the holder's photo on file (read-only). */
  comparePermitFace(req: PermitFaceComparisonRequest): Promise<GatewayResult<PermitFaceComparison>>;
  /** What a permit's holder may have endorsed at a kiosk, with the facts the post's rules need (read-only). */
  checkEndorsementEligibility(req: EndorsementEligibilityRequest): Promise<GatewayResult<EndorsementEligibility>>;
  /** Approves a paid endorsement: the record and the issuer's write authorisation for the chip. */
  approveEndorsement(req: Idempotent & ApproveEndorsementRequest): Promise<GatewayResult<EndorsementApproval>>;
  /**
   * Compensation of approveEndorsement: withdraws the endorsement approved under a kiosk reference
   * that the chip did not (or may not) receive, or makes sure none will be approved under it. Idempotent.
   */
  withdrawEndorsement(req: Idempotent & WithdrawEndorsementRequest): Promise<GatewayResult<EndorsementWithdrawal>>;
  /** Creates a payment order with a QR payload for the resident's payment app. */
  createPaymentOrder(req: Idempotent & CreatePaymentOrderRequest): Promise<GatewayResult<PaymentOrder>>;
  /** Charges a scanned payment code (付款码) against a pending order. */
  payWithCode(req: Idempotent & PayWithCodeRequest & { orderId: string }): Promise<GatewayResult<PaymentOrder>>;
  /** Current state of an order (a QR order turns paid when the resident pays). */
  getPaymentOrder(req: { orderId: string }): Promise<GatewayResult<PaymentOrder>>;
  /** Cancels a pending order. */
  cancelPaymentOrder(req: Idempotent & { orderId: string }): Promise<GatewayResult<PaymentOrder>>;
  /** Refunds a paid order in full (amountFen omitted) or in part. */
  refundPayment(req: Idempotent & RefundPaymentRequest & { orderId: string }): Promise<GatewayResult<PaymentRefund>>;
  /** The payment provider's statement of one day (charges, refunds, fees), for reconciliation. */
  getProviderStatement(req: { date: string }): Promise<GatewayResult<ProviderStatement>>;
  /** Every application the backend knows for a person, or one of them by its number (read-only). */
  getApplicationProgress(req: ApplicationProgressRequest): Promise<GatewayResult<ApplicationProgress>>;
  /** Receives a tip-off; the same idempotency key (the kiosk's transaction) is one tip-off. Not compensated. */
  submitTipOff(req: Idempotent & SubmitTipOffRequest): Promise<GatewayResult<TipOffReceipt>>;
  /** A tip-off's state by its (unguessable) tracking number: no personal data, never the text. */
  getTipOffStatus(req: { trackingNo: string }): Promise<GatewayResult<TipOffStatus>>;
  /** The notices for this kiosk's attract screen. */
  getNotices(req: { kioskId: string }): Promise<GatewayResult<NoticeList>>;
  /** One notice image (PNG or JPEG, base64): untrusted bytes, checked and re-encoded by services/notices. */
  getNoticeImage(req: { imageId: string }): Promise<GatewayResult<NoticeImage>>;
}

export type OperationId = keyof PoliceGateway;
