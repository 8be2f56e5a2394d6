/**
 * What a simulated receipt printer put on paper: a model of each receipt (lines of text runs, QR
 * codes, barcodes, feeds and cuts) for tests, the dev dock and rendering, and the pure pieces that
 * turn a QR or barcode command into a printed line.
 */
import QRCode from 'qrcode';
import type { Alignment, CutMode, QrErrorLevel } from './escpos';
import type { NotReadyCause } from './status';

export interface TextRun {
  text: string;
  bold: boolean;
  width: number;
  height: number;
}

export type PrintedLine =
  | { kind: 'text'; align: Alignment; runs: TextRun[] }
  | { kind: 'qr'; align: Alignment; payload: string; data: Uint8Array; moduleSize: number; errorLevel: QrErrorLevel }
  | {
      kind: 'barcode';
      align: Alignment;
      symbology: 'CODE128' | 'other';
      data: string;
      height: number;
      moduleWidth: number;
    }
  | { kind: 'feed'; dots: number }
  | { kind: 'cut'; mode: CutMode };

export interface PrintedReceipt {
  lines: PrintedLine[];
  /** Set when the printer stopped before the cut; the rest of the job was lost. */
  interrupted?: NotReadyCause;
}

/** A QR code as printed (`dots`: its height on paper), or undefined when the data cannot make one (nothing prints). */
export function qrLine(
  data: Uint8Array,
  moduleSize: number,
  errorLevel: QrErrorLevel,
  align: Alignment,
): { line: PrintedLine; dots: number } | undefined {
  if (data.length === 0) return undefined;
  let modules: number;
  try {
    modules = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: errorLevel }).modules.size;
  } catch {
    return undefined; // too much data for a QR code: real printers print nothing
  }
  const size = Math.min(16, Math.max(1, moduleSize));
  const line: PrintedLine = {
    kind: 'qr',
    align,
    payload: new TextDecoder().decode(data),
    data: data.slice(),
    moduleSize: size,
    errorLevel,
  };
  return { line, dots: modules * size };
}

/** A barcode as printed (GS k; system 73 is CODE128), or undefined when it carries no text. */
export function barcodeLine(
  system: number,
  raw: Uint8Array,
  style: { align: Alignment; height: number; moduleWidth: number },
): PrintedLine | undefined {
  const code128 = system === 73;
  const data = code128 ? decodeCode128Data(raw) : String.fromCharCode(...raw);
  if (data.length === 0) return undefined;
  return { kind: 'barcode', symbology: code128 ? 'CODE128' : 'other', data, ...style };
}

/** CODE128 data as sent with GS k 73: "{A"/"{B" text, "{C" digit pairs as byte values. */
export function decodeCode128Data(raw: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] ?? 0;
    if (b === 0x7b && i + 1 < raw.length) {
      const sel = raw[i + 1];
      if (sel === 0x41 || sel === 0x42 || sel === 0x43) {
        set = sel === 0x41 ? 'A' : sel === 0x42 ? 'B' : 'C';
        i++;
        continue;
      }
      if (sel === 0x7b) {
        out += '{';
        i++;
        continue;
      }
      i++; // other function codes (FNC1…) carry no text
      continue;
    }
    out += set === 'C' ? String(b % 100).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

/** A deep copy of a receipt (callers may not change the printer's record). */
export function cloneReceipt(r: PrintedReceipt): PrintedReceipt {
  const lines = r.lines.map((l): PrintedLine =>
    l.kind === 'text' ? { ...l, runs: l.runs.map((run) => ({ ...run })) } : { ...l },
  );
  return r.interrupted ? { lines, interrupted: r.interrupted } : { lines };
}
