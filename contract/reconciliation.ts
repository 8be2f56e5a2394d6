/**
 * Reconciliation of one day: the payment provider's statement against the kiosk's journal. Only
 * transaction numbers, order ids, provider references and amounts; no personal data.
 */
import { z } from 'zod';

/** `YYYY-MM-DD`, a calendar day in the post's time zone. */
export const CalendarDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD');

export const MismatchKind = z.enum([
  /** The journal says paid, nothing was delivered and nothing refunded. */
  'paidNotDelivered',
  /** The provider charged an order the journal has no payment for. */
  'chargeWithoutJournal',
  /** The journal recorded a payment the provider's statement does not show. */
  'journalChargeMissing',
  /** Both sides know the charge, with different amounts. */
  'amountDiffers',
  /** The provider refunded an order more than once (or more than was charged). */
  'refundedTwice',
  /** The provider refunded an order the journal has no refund for. */
  'refundWithoutJournal',
  /** The journal recorded a refund the provider's statement does not show. */
  'journalRefundMissing',
]);
export type MismatchKind = z.infer<typeof MismatchKind>;

export const Mismatch = z.object({
  kind: MismatchKind,
  /** The kiosk's transaction number, when the journal knows the order. */
  transactionId: z.string().nullable(),
  orderId: z.string(),
  /** The provider's charge or refund reference(s). */
  providerReference: z.string().optional(),
  journalFen: z.number().int().optional(),
  providerFen: z.number().int().optional(),
});
export type Mismatch = z.infer<typeof Mismatch>;

const Sum = z.object({ count: z.number().int().nonnegative(), fen: z.number().int() });

export const ReconciliationReport = z.object({
  date: CalendarDay,
  kioskId: z.string(),
  generatedAt: z.string(),
  journal: z.object({ charges: Sum, refunds: Sum }),
  provider: z.object({ charges: Sum, refunds: Sum, feesFen: z.number().int(), netFen: z.number().int() }),
  /** Charges and refunds found on both sides with the same amount. */
  matched: z.number().int().nonnegative(),
  mismatches: z.array(Mismatch),
});
export type ReconciliationReport = z.infer<typeof ReconciliationReport>;
