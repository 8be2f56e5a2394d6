/**
 * ScanLineParser: turns scanner (or OCR window) bytes into one string per scan; a Framer
 * (devices/shared/framer.ts).
 *
 * A scan ends with CR or CR LF (a lone LF is accepted too). Empty lines are dropped; a line longer
 * than `maxLength` bytes is discarded up to its terminator (resync); control characters are
 * stripped from the decoded UTF-8 text. An unterminated tail is not a complete scan.
 */
import { Framer } from '../shared/framer';

export interface ScanLineParserOptions {
  maxLength?: number;
}

const CR = 0x0d;
const LF = 0x0a;

/** Line framer for serial barcode/QR scanners and OCR windows; see the module comment. */
export class ScanLineParser extends Framer<string> {
  private readonly maxLength: number;
  private line: number[] = [];
  private overflowing = false;

  constructor(options: ScanLineParserOptions = {}) {
    super();
    this.maxLength = options.maxLength ?? 512;
  }

  override write(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        this.endLine();
      } else if (!this.overflowing) {
        this.line.push(byte);
        if (this.line.length > this.maxLength) {
          this.overflowing = true;
          this.line = [];
        }
      }
    }
  }

  override reset(): void {
    this.line = [];
    this.overflowing = false;
  }

  private endLine(): void {
    const bytes = this.line;
    const skipped = this.overflowing;
    this.line = [];
    this.overflowing = false;
    if (skipped || bytes.length === 0) return;
    const text = stripControlCharacters(Buffer.from(bytes).toString('utf8'));
    if (text.length > 0) this.emitFrame(text);
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
