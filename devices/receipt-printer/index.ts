/** Thermal receipt printer (ESC/POS): document builder, status decoding, driver, simulator, rendering. */
export {
  receipt,
  ReceiptBuilder,
  type Alignment,
  type QrErrorLevel,
  type CutMode,
  type QrOptions,
  type BarcodeOptions,
} from './escpos';
export {
  StatusFramer,
  decodeRealTimeStatus,
  decodeAsbBlock,
  statusFromFacts,
  notReadyCause,
  type PrinterFacts,
  type NotReadyCause,
  type ReceiptPrinterStatus,
} from './status';
export {
  ReceiptPrinter,
  type ReceiptPrinterOptions,
  type ReceiptPrinterEvent,
  type ReceiptPrintError,
  type PrintOptions,
  type JobProgress,
} from './driver';
export {
  ReceiptPrinterSimulator,
  type ReceiptPrinterSimulatorOptions,
  type PrintedReceipt,
  type PrintedLine,
  type TextRun,
  type PaperSetting,
} from './simulator';
export { EscPosInterpreter, type EscPosOp } from './interpreter';
export { renderReceiptPng, PAPER_WIDTH_DOTS, type RenderResult, type QrPlacement } from './render';
