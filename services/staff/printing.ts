/**
 * Sends ready-made document bytes to a printer of a given kind (reprints). Adding a printer kind
 * (the A4 document printer) is one entry.
 */
import type { DeviceKind } from '../../contract/device';
import type { DeviceManager } from '../../devices/manager';
import { DocumentPrinter } from '../../devices/document-printer/driver';
import { ReceiptPrinter } from '../../devices/receipt-printer/driver';

type Driver = ReturnType<DeviceManager['list']>[number]['driver'];

export type PrintOutcome = { ok: true } | { ok: false; notReady: boolean; message: string };

export const PRINT_BYTES: Partial<
  Record<DeviceKind, (driver: Driver, bytes: Uint8Array, jobId: string) => Promise<PrintOutcome>>
> = {
  async receiptPrinter(driver, bytes, jobId) {
    if (!(driver instanceof ReceiptPrinter))
      return { ok: false, notReady: false, message: 'not a receipt printer driver' };
    const printed = await driver.print(bytes, { jobId, timeoutMs: 30_000 });
    return printed.ok
      ? { ok: true }
      : {
          ok: false,
          notReady: printed.error.code === 'deviceNotReady' || printed.error.code === 'userError',
          message: printed.error.message,
        };
  },
  /** A saved A4 document is a PDF; the job id is new per reprint, so the printer's never-twice rule does not swallow it. */
  async documentPrinter(driver, bytes, jobId) {
    if (!(driver instanceof DocumentPrinter))
      return { ok: false, notReady: false, message: 'not a document printer driver' };
    const printed = await driver.print(bytes, { jobId, timeoutMs: 120_000 });
    return printed.ok
      ? { ok: true }
      : {
          ok: false,
          notReady: printed.error.code === 'deviceNotReady' || printed.error.code === 'userError',
          message: printed.error.message,
        };
  },
};
