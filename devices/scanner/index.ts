/** Serial QR/barcode scanner: driver, simulator, line framer and payment-code classification. */
export { QrScanner, type QrScannerOptions, type Scan, type ScannerEvent } from './driver';
export { ScannerSimulator, type ScannerSimulatorOptions } from './simulator';
export { ScanLineParser, stripControlCharacters } from './line-framer';
export { classifyCode, isPaymentCode, type ScanKind } from './payment-code';
