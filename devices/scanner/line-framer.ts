/**
 * ScanLineParser: a Transform that turns scanner bytes into one string per scan.
 *
 * A scan ends with CR or CR LF (a lone LF is accepted too). Empty lines are dropped; a line longer
 * than `maxLength` bytes is discarded up to its terminator (resync); control characters are
 * stripped from the decoded UTF-8 text.
 */
import { Transform, type TransformCallback } from 'node:stream';

export interface ScanLineParserOptions {
  maxLength?: number;
}

const CR = 0x0d;
const LF = 0x0a;

/** Line framer for serial barcode/QR scanners; see the module comment. */
export class ScanLineParser extends Transform {
  private readonly maxLength: number;
  private line: number[] = [];
  private overflowing = false;
  /** Lines thrown away for being too long (diagnostics). */
  overflows = 0;

  constructor(options: ScanLineParserOptions = {}) {
    super({ readableObjectMode: true });
    this.maxLength = options.maxLength ?? 512;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        this.endLine();
      } else if (!this.overflowing) {
        this.line.push(byte);
        if (this.line.length > this.maxLength) {
          this.overflowing = true;
          this.overflows++;
          this.line = [];
        }
      }
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.line = []; // an unterminated tail is not a complete scan
    callback();
  }

  private endLine(): void {
    const bytes = this.line;
    const skipped = this.overflowing;
    this.line = [];
    this.overflowing = false;
    if (skipped || bytes.length === 0) return;
    const text = stripControlCharacters(Buffer.from(bytes).toString('utf8'));
    if (text.length > 0) this.push(text);
  }
}

/** Removes C0/C1 control characters, DEL and U+FFFD replacement characters from decoded text. */
export function stripControlCharacters(text: string): string {
  let kept = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) continue;
    kept += ch;
  }
  return kept;
}
