/**
 * Payment vocabulary of the kiosk core: the slice of the police gateway that moves money, and the
 * outcomes the service reports. Every outcome says plainly whether money was taken.
 */
import type { Result } from '../../contract/result';
import type { GatewayError, PaymentOrder, PoliceGateway } from '../gateway/types';

export type { GatewayError, PaymentOrder };

/** The only gateway methods payments need; the embedded simulator and the HTTP client both fit. */
export type PaymentGateway = Pick<
  PoliceGateway,
  'createPaymentOrder' | 'payWithCode' | 'getPaymentOrder' | 'cancelPaymentOrder' | 'refundPayment'
>;

export type PaymentChannel = PaymentOrder['channel'];
export type PaymentPurpose = PaymentOrder['purpose'];

export interface StartPaymentInput {
  /** The journal transaction this payment belongs to. */
  transactionId: string;
  amountFen: number;
  purpose: PaymentPurpose;
  channel: PaymentChannel;
  /** What the order pays for at the backend (e.g. a penalty decision number). */
  reference?: string;
  /** Everything one order pays for (e.g. several penalty decisions), when it is more than one thing. */
  references?: readonly string[];
}

/** How waiting for (or charging) a payment ended. */
export type PaymentOutcome =
  /** Money taken and recorded (`paid` step committed). `late`: it landed while we were cancelling. */
  | { kind: 'paid'; order: PaymentOrder; late: boolean }
  /** No money taken: the order expired, was cancelled, failed, or we gave up and cancelled it. */
  | { kind: 'notPaid'; reason: 'expired' | 'cancelled' | 'failed' | 'timeout' | 'aborted'; order: PaymentOrder }
  /** The resident's code was refused (no money taken); they may scan another. */
  | { kind: 'declined'; code: string; message: string }
  /** Money landed while the resident was cancelling; it was refunded. */
  | { kind: 'refunded'; order: PaymentOrder }
  /**
   * We could not learn whether money was taken (backend unreachable during cancel/re-check, or a
   * refund that failed). The transaction stays open in the journal: start-up recovery or staff resolve it.
   */
  | { kind: 'unknown'; message: string; error?: GatewayError };

export interface RefundOutcome {
  /** Orders refunded by this call. */
  refunded: { orderId: string; refundId: string; amountFen: number }[];
  /** Orders that had already been refunded before this call (nothing was sent for them). */
  alreadyRefunded: string[];
}

export type PaymentErrorCode = 'gateway' | 'journal' | 'invalidInput' | 'notPaid';

export interface PaymentError {
  code: PaymentErrorCode;
  message: string;
  gatewayError?: GatewayError;
}

export type PaymentResult<T> = Result<T, PaymentError>;

/** One line per decision, for the kiosk log: references only, never personal data. */
export interface PaymentLogEvent {
  event:
    | 'payment-create-init'
    | 'payment-create-complete'
    | 'payment-paid'
    | 'payment-cancel-init'
    | 'payment-cancel-complete'
    | 'payment-late-landing'
    | 'payment-poll-error'
    | 'refund-init'
    | 'refund-complete'
    | 'refund-failed';
  transactionId: string;
  orderId?: string;
  detail?: string;
}
