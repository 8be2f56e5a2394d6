/**
 * How much paper an ESC/POS document feeds, estimated from its bytes: text lines at the current line
 * spacing times the tallest character size on the line, explicit feeds, the feed before a cut, QR
 * codes (modules x module size plus a line of margin above and below) and barcodes. The kiosk counts
 * receipt paper with it (what was printed since the last refill), since the printer itself only
 * reports "near end". Pure; any input is accepted (the interpreter never throws).
 *
 * The model is the one the simulator consumes paper by (devices/receipt-printer/simulator.ts), so the
 * estimate and the simulated roll agree; on a real printer the head-to-cutter margin and the
 * printer's own line spacing add a few percent, which the "low" mark leaves room for.
 */
import QRCode from 'qrcode';
import { EscPosInterpreter } from './interpreter';
import type { QrErrorLevel } from './escpos';

/** 203 dpi thermal heads: 8 dots per millimetre. */
export const DOTS_PER_MM = 8;
/** ESC 2 default line spacing, in dots. */
export const DEFAULT_LINE_DOTS = 30;

/** Dots of paper the document feeds. */
export function paperDots(document: Uint8Array, lineDots = DEFAULT_LINE_DOTS): number {
  let dots = 0;
  let spacing = lineDots;
  let height = 1;
  let lineTallest = 0; // 0: nothing buffered on the current line
  let qrModuleSize = 3;
  let qrLevel: QrErrorLevel = 'L';
  let qrData: Uint8Array | undefined;
  let barcodeHeight = 162;
  const flush = () => {
    if (lineTallest > 0) dots += spacing * lineTallest;
    lineTallest = 0;
  };
  for (const op of new EscPosInterpreter().push(document)) {
    switch (op.op) {
      case 'init':
        spacing = lineDots;
        height = 1;
        lineTallest = 0;
        qrData = undefined;
        break;
      case 'size':
        height = op.height;
        break;
      case 'printMode':
        height = op.doubleHeight ? 2 : 1;
        break;
      case 'text':
        lineTallest = Math.max(lineTallest, height);
        break;
      case 'newline':
        dots += spacing * Math.max(1, lineTallest);
        lineTallest = 0;
        break;
      case 'feedLines':
        flush();
        dots += op.lines * spacing;
        break;
      case 'feedDots':
        flush();
        dots += op.dots;
        break;
      case 'lineSpacing':
        spacing = op.dots === 'default' ? lineDots : op.dots;
        break;
      case 'cut':
        flush();
        dots += Math.max(0, op.feedDots);
        break;
      case 'qrModuleSize':
        qrModuleSize = op.size;
        break;
      case 'qrErrorLevel':
        qrLevel = op.level;
        break;
      case 'qrStore':
        qrData = op.data;
        break;
      case 'qrPrint':
        flush();
        dots += qrDots(qrData, qrLevel, qrModuleSize, lineDots);
        break;
      case 'barcodeHeight':
        barcodeHeight = op.dots;
        break;
      case 'barcode':
        flush();
        if (op.data.length > 0) dots += barcodeHeight + lineDots;
        break;
      default:
        break;
    }
  }
  return dots;
}

/** Millimetres of paper the document feeds (rounded up). */
export function paperMillimetres(document: Uint8Array, lineDots = DEFAULT_LINE_DOTS): number {
  return Math.ceil(paperDots(document, lineDots) / DOTS_PER_MM);
}

function qrDots(data: Uint8Array | undefined, level: QrErrorLevel, moduleSize: number, lineDots: number): number {
  if (!data || data.length === 0) return 0;
  try {
    const modules = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: level }).modules.size;
    return modules * Math.min(16, Math.max(1, moduleSize)) + 2 * lineDots;
  } catch {
    return 0; // too much data for a QR code: the printer prints nothing
  }
}
