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
  CompareFaceRequest,
  CreatePaymentOrderRequest,
  CriminalRecordCheck,
  CriminalRecordCheckRequest,
  ErrorCode,
  FaceComparison,
  HandleViolationRequest,
  IdentityRecord,
  IssueCertificateRequest,
  LicenceViolations,
  NoCriminalRecordCertificate,
  PaymentOrder,
  PaymentRefund,
  PayWithCodeRequest,
  PenaltyDecision,
  RefundPaymentRequest,
  TempIdCardIssue,
  TempIdEligibility,
  TempIdEligibilityRequest,
  TempIdWithdrawal,
  WithdrawTempIdApplicationRequest,
  VehicleViolations,
  VerifyIdentityRequest,
  ViolationsByLicenceRequest,
  ViolationsByVehicleRequest,
} from './schemas';

export type * from './schemas';

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
  /** Handles one violation at the kiosk: penalty decision with fine and late fee, points booked. */
  handleViolation(req: Idempotent & HandleViolationRequest & { violationNo: string }): Promise<GatewayResult<PenaltyDecision>>;
  /** Would a no-criminal-record certificate be issued? */
  checkCriminalRecord(req: CriminalRecordCheckRequest): Promise<GatewayResult<CriminalRecordCheck>>;
  /** Issues a no-criminal-record certificate (refused with 'recordExists' when a record exists). */
  issueCriminalRecordCertificate(req: Idempotent & IssueCertificateRequest): Promise<GatewayResult<NoCriminalRecordCertificate>>;
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
  /** Progress of a person's applications. */
  getApplicationProgress(req: ApplicationProgressRequest): Promise<GatewayResult<ApplicationProgress>>;
}

export type OperationId = keyof PoliceGateway;
