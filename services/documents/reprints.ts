/**
 * What staff can reprint: for each kind of saved document (the journal's `receipts` table, kept
 * masked at the time of printing), the device it goes to and how to build it again, marked 补打.
 * A service adds its kinds with one entry. The payload is validated before printing: what comes
 * back from the database is data, not trusted input.
 */
import { z } from 'zod';
import type { DeviceKind } from '../../contract/device';
import { tempIdReceipt, type ReprintMark } from '../temp-id/receipt';
import { tipOffSlip } from '../tip-off/slip';
import { TrackingNo } from '../../contract/applications';

export interface ReprintKind {
  /** The `kind` the service saved the payload under. */
  kind: string;
  /** The printer it goes to (A4 documents: the document printer). */
  device: DeviceKind;
  /** The document's bytes for that printer, or why the saved payload cannot be printed. */
  build(payload: unknown, mark: ReprintMark): { ok: true; bytes: Uint8Array } | { ok: false; message: string };
}

function defineReprint<T>(
  kind: string,
  device: DeviceKind,
  schema: z.ZodType<T>,
  build: (payload: T, mark: ReprintMark) => Uint8Array,
): ReprintKind {
  return {
    kind,
    device,
    build(payload, mark) {
      const parsed = schema.safeParse(payload);
      if (!parsed.success)
        return {
          ok: false,
          message: `saved ${kind} is damaged: ${parsed.error.issues.map((i) => i.path.join('.') || '(payload)').join(', ')}`,
        };
      return { ok: true, bytes: build(parsed.data, mark) };
    },
  };
}

/** A masked ID number as receipts print it: 110105********002X. */
const MaskedIdNumber = z.string().regex(/^\d{6}\*{8}\d{3}[\dX]$/);
const Iso = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO instant');

const TempIdReceiptPayload = z.object({
  transactionNo: z.string().min(1).max(64),
  applicationNo: z.string().min(1).max(40),
  maskedIdNumber: MaskedIdNumber,
  feeFen: z.number().int().nonnegative(),
  at: Iso,
  postName: z.string().min(1).max(60),
  validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timeZone: z.string().min(1).max(64).optional(),
});

/** A tip-off slip: the tracking number and when it was received (services/tip-off). */
const TipOffSlipPayload = z.object({
  trackingNo: TrackingNo,
  receivedAt: Iso,
  postName: z.string().min(1).max(60),
  timeZone: z.string().min(1).max(64).optional(),
});

export const REPRINTS: readonly ReprintKind[] = [
  defineReprint('tempIdReceipt', 'receiptPrinter', TempIdReceiptPayload, (payload, mark) =>
    tempIdReceipt(payload, { reprint: mark }),
  ),
  defineReprint('tipOffSlip', 'receiptPrinter', TipOffSlipPayload, (payload, mark) => tipOffSlip(payload, { reprint: mark })),
];

export const reprintKind = (kind: string): ReprintKind | undefined => REPRINTS.find((entry) => entry.kind === kind);
