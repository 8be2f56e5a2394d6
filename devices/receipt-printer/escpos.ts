/**
 * ESC/POS document builder (pure): a fluent description of a receipt that builds to the exact
 * bytes of protocols.md §2. Chinese text is sent in Chinese mode (FS &) as GB18030; ASCII stays ASCII.
 */
import iconv from 'iconv-lite';

export type Alignment = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
export type CutMode = 'full' | 'partial';

export interface QrOptions {
  /** Module size in dots, 1..16 (GS ( k fn 43). */
  moduleSize?: number;
  errorLevel?: QrErrorLevel;
}

export interface BarcodeOptions {
  /** Bar height in dots, 1..255 (GS h). */
  height?: number;
  /** Narrow module width in dots, 2..6 (GS w). */
  moduleWidth?: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

const ALIGN_CODE: Record<Alignment, number> = { left: 0, center: 1, right: 2 };
/** GS ( k fn 45 levels: 48..51 = L, M, Q, H. */
export const QR_ERROR_CODE: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** Builds a receipt document. Every method returns the builder; `build()` returns the bytes. */
export class ReceiptBuilder {
  private readonly parts: Uint8Array[] = [];
  private chineseMode = false;

  private push(...bytes: number[]): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  /** ESC @ — reset the printer's modes (also leaves Chinese mode off). */
  init(): this {
    this.chineseMode = false;
    return this.push(ESC, 0x40);
  }

  /** ESC a n — only effective at the start of a line, as on a real printer. */
  align(alignment: Alignment): this {
    return this.push(ESC, 0x61, ALIGN_CODE[alignment]);
  }

  /** ESC E n. */
  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** GS ! n — width and height multipliers 1..8. */
  size(size: { width: number; height: number }): this {
    const w = clampInt(size.width, 1, 8) - 1;
    const h = clampInt(size.height, 1, 8) - 1;
    return this.push(GS, 0x21, (w << 4) | h);
  }

  /**
   * Text without a line feed. Runs of ASCII go as is; runs of other characters switch Chinese
   * mode on (FS &) and are encoded GB18030. Control characters are dropped (they would be commands).
   */
  text(value: string): this {
    for (const run of splitAsciiRuns(value)) {
      if (run.ascii) {
        this.parts.push(Uint8Array.from(run.text, (c) => c.charCodeAt(0)));
      } else {
        if (!this.chineseMode) this.push(FS, 0x26);
        this.chineseMode = true;
        this.parts.push(new Uint8Array(iconv.encode(run.text, 'gb18030')));
      }
    }
    return this;
  }

  /** LF — prints the buffered line. */
  newline(count = 1): this {
    for (let i = 0; i < count; i++) this.push(LF);
    return this;
  }

  /** Text followed by a line feed. */
  line(value = ''): this {
    return this.text(value).newline();
  }

  /** ESC d n — feed n lines. */
  feed(lines: number): this {
    return this.push(ESC, 0x64, clampInt(lines, 0, 255));
  }

  /**
   * QR code: model 2, module size, error level, store (pL pH = payload BYTE length + 3, so a
   * multi-byte UTF-8 payload is counted correctly), print.
   */
  qr(payload: string | Uint8Array, options: QrOptions = {}): this {
    const data = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    const storeLength = data.length + 3;
    if (storeLength > 0xffff) throw new RangeError('QR payload too long for GS ( k');
    this.push(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00); // model 2
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, clampInt(options.moduleSize ?? 6, 1, 16));
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_ERROR_CODE[options.errorLevel ?? 'M']);
    this.push(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30);
    this.parts.push(data);
    return this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  /**
   * CODE128 barcode (GS k m=73 with length), code set B for printable ASCII; height via GS h and
   * module width via GS w. Characters outside ASCII 32..126 are refused (RangeError: a programming error).
   */
  barcode(data: string, options: BarcodeOptions = {}): this {
    if (data.length === 0 || data.length > 253 || !/^[\x20-\x7e]+$/.test(data)) {
      throw new RangeError('CODE128 data must be 1..253 printable ASCII characters');
    }
    const body = [0x7b, 0x42, ...Array.from(data, (c) => c.charCodeAt(0))]; // "{B" selects code set B
    this.push(GS, 0x68, clampInt(options.height ?? 80, 1, 255));
    this.push(GS, 0x77, clampInt(options.moduleWidth ?? 2, 2, 6));
    return this.push(GS, 0x6b, 73, body.length, ...body);
  }

  /** GS V — full (00) or partial (01) cut; with `feedLines`, GS V 42 n (feed n then partial cut). */
  cut(mode: CutMode = 'partial', feedLines?: number): this {
    if (feedLines !== undefined) return this.push(GS, 0x56, 0x42, clampInt(feedLines, 0, 255));
    return this.push(GS, 0x56, mode === 'full' ? 0x00 : 0x01);
  }

  /** Raw bytes for commands the builder does not model. */
  raw(bytes: Uint8Array | number[]): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  /** Concatenates everything into one document. */
  build(): Uint8Array {
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

/** Starts a new receipt document. */
export const receipt = (): ReceiptBuilder => new ReceiptBuilder();

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** Splits text into printable-ASCII runs and non-ASCII runs; control characters are dropped. */
export function splitAsciiRuns(value: string): { ascii: boolean; text: string }[] {
  const runs: { ascii: boolean; text: string }[] = [];
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) continue;
    const ascii = code < 0x80;
    const last = runs[runs.length - 1];
    if (last && last.ascii === ascii) last.text += ch;
    else runs.push({ ascii, text: ch });
  }
  return runs;
}
