/**
 * The device interfaces the service flows use. A real driver (devices/<kind>/driver.ts) and an
 * in-memory fake (devices/fakes/) both implement them, so a flow never knows which it has: the
 * device manager hands out drivers, `createFakeDevices()` hands out fakes with the same surface.
 */
import type { CardPrinterEvent, CardPrintError, CardPrintOptions, CardSides } from './card-printer/driver';
import type { ContactlessEvent } from './contactless/driver';
import type { ApduChannel } from './icao9303/channel';
import type { DocumentPrintError, PrintedJob } from './document-printer/driver';
import type { IdReaderEvent } from './id-reader/driver';
import type { OcrReaderEvent } from './ocr-reader/driver';
import type { PrintOptions, ReceiptPrinterEvent, ReceiptPrintError } from './receipt-printer/driver';
import type { ScannerEvent } from './scanner/driver';
import type { CommandResult, Device } from './types';

/** Emits `cardRead` / `readFailed` once per insertion and `cardRemoved`. */
export type IdCardReaderDevice = Device<'idCardReader', IdReaderEvent>;

/** Emits `scanned` per scan. */
export type QrScannerDevice = Device<'qrScanner', ScannerEvent>;

/** Emits `ocrLine` / `ocrRejected` per read. */
export type OcrReaderDevice = Device<'ocrReader', OcrReaderEvent>;

export interface ReceiptPrinterDevice extends Device<'receiptPrinter', ReceiptPrinterEvent> {
  /** Prints one document; refused with the cause when not ready; a job stopped midway is never retried. */
  print(document: Uint8Array, options?: PrintOptions): Promise<CommandResult<void, ReceiptPrintError>>;
}

export interface CardPrinterDevice extends Device<'cardPrinter', CardPrinterEvent> {
  /** Prints one card; refused with the cause when not ready; a card that fails midway is never retried. */
  printCard(sides: CardSides, options?: CardPrintOptions): Promise<CommandResult<void, CardPrintError>>;
}

/** The A4 printer as a service uses it: one PDF per job id, never printed twice for the same id. */
export interface DocumentPrinterDevice {
  print(pdf: Uint8Array, options: { jobId: string; timeoutMs?: number; signal?: AbortSignal }): Promise<CommandResult<PrintedJob, DocumentPrintError>>;
}

/** Emits `cardInserted` / `cardRemoved`; exchanges APDUs with the chip in the field. */
export interface ContactlessReaderDevice extends Device<'contactlessReader', ContactlessEvent>, ApduChannel {}

/** The devices by kind, as a flow asks for them; each may be missing (not configured). */
export interface KioskDevices {
  idReader(): IdCardReaderDevice | undefined;
  scanner(): QrScannerDevice | undefined;
  receiptPrinter(): ReceiptPrinterDevice | undefined;
  cardPrinter(): CardPrinterDevice | undefined;
  contactlessReader(): ContactlessReaderDevice | undefined;
  ocrReader(): OcrReaderDevice | undefined;
  /** The A4 printer (IPP); the in-memory fakes have none. */
  documentPrinter?(): DocumentPrinterDevice | undefined;
}
