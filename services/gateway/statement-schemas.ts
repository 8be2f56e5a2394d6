/**
 * The payment provider's daily statement (对账单), as the police backend relays it: every charge and
 * refund the provider moved for this kiosk's merchant terminal on one calendar day (Beijing time),
 * with the provider's fee. The staff console reconciles it against the kiosk's journal.
 */
import { z } from 'zod';
import { CalendarDate, Fen, OrderId, PaymentChannel, Timestamp } from './schemas';

export const StatementDateParams = z.object({ date: CalendarDate });

export const StatementEntry = z.object({
  entryId: z.string().min(1).max(40),
  kind: z.enum(['charge', 'refund']),
  orderId: OrderId,
  /** The provider's charge transaction id, or the refund id. */
  reference: z.string().min(1).max(64),
  channel: PaymentChannel,
  amountFen: Fen,
  /** The provider's fee: charged on a charge (positive), returned pro rata on a refund (negative). */
  feeFen: z.number().int(),
  at: Timestamp,
});
export type StatementEntry = z.infer<typeof StatementEntry>;

export const ProviderStatement = z.object({
  date: CalendarDate,
  entries: z.array(StatementEntry),
  totals: z.object({
    chargesFen: Fen,
    refundsFen: Fen,
    feesFen: z.number().int(),
    /** Charges - refunds - fees: what the merchant account receives for the day. */
    netFen: z.number().int(),
  }),
});
export type ProviderStatement = z.infer<typeof ProviderStatement>;
