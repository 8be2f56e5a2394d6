/**
 * Incremental ESC/POS interpreter (the printer's side of the wire): bytes in, operations out.
 *
 * It never throws on any input. Commands split across chunks wait for the rest; unknown commands
 * are skipped by their known parameter counts (an unknown `ESC x` / `FS x` / `GS x` is taken as
 * two bytes, which is what most printers do for undefined codes). Text is decoded GB18030 in
 * Chinese mode (FS &) and as code page 437 otherwise; a GB18030 sequence split across chunks waits.
 * A length-prefixed command with a huge bogus length would swallow what follows, exactly as on a
 * real printer; `discardPartial()` lets the owner drop it after an idle gap.
 */
import iconv from 'iconv-lite';
import type { Alignment, CutMode, QrErrorLevel } from './escpos';
import { ESC_PARAMS, FS_PARAMS, GS_PARAMS, NEED_MORE, gb18030Length } from './command-lengths';
import type { StatusQuery } from './status';

export type EscPosOp =
  | { op: 'init' }
  | { op: 'align'; align: Alignment }
  | { op: 'bold'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'printMode'; bold: boolean; doubleWidth: boolean; doubleHeight: boolean }
  | { op: 'chineseMode'; on: boolean }
  | { op: 'text'; text: string }
  | { op: 'newline' }
  | { op: 'feedLines'; lines: number }
  | { op: 'feedDots'; dots: number }
  | { op: 'lineSpacing'; dots: number | 'default' }
  | { op: 'cut'; mode: CutMode; feedDots: number }
  | { op: 'qrModuleSize'; size: number }
  | { op: 'qrErrorLevel'; level: QrErrorLevel }
  | { op: 'qrStore'; data: Uint8Array }
  | { op: 'qrPrint' }
  | { op: 'barcodeHeight'; dots: number }
  | { op: 'barcodeWidth'; dots: number }
  | { op: 'barcode'; system: number; data: Uint8Array }
  | { op: 'realTimeStatus'; n: StatusQuery }
  | { op: 'autoStatusBack'; mask: number }
  | { op: 'skipped'; bytes: number };

const QR_LEVELS: Record<number, QrErrorLevel> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
const ALIGNS: Record<number, Alignment> = { 0: 'left', 1: 'center', 2: 'right', 48: 'left', 49: 'center', 50: 'right' };

/** Streams bytes into ESC/POS operations. Keep one per connection. */
export class EscPosInterpreter {
  private pending: Uint8Array = new Uint8Array(0);
  private chinese = false;

  /** Whether text is currently decoded as GB18030. */
  get chineseMode(): boolean {
    return this.chinese;
  }

  /** Bytes held back waiting for the rest of a command. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Feeds a chunk; returns the operations it completed, in order. Never throws. */
  push(chunk: Uint8Array): EscPosOp[] {
    const buf = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const ops: EscPosOp[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const used = this.parseOne(buf, pos, ops);
      if (used === NEED_MORE) break;
      pos += used;
    }
    this.pending = buf.slice(pos);
    return ops;
  }

  /** Drops a half-received command (the owner calls this after an idle gap). */
  discardPartial(): number {
    const n = this.pending.length;
    this.pending = new Uint8Array(0);
    return n;
  }

  /** Parses one command or text run at `pos`; returns bytes used or NEED_MORE. */
  private parseOne(buf: Uint8Array, pos: number, ops: EscPosOp[]): number {
    const b = buf[pos] ?? 0;
    const avail = buf.length - pos;
    const at = (i: number): number => buf[pos + i] ?? 0;
    if (b >= 0x20 && b !== 0x7f) return this.parseText(buf, pos, ops);
    switch (b) {
      case 0x0a:
        ops.push({ op: 'newline' });
        return 1;
      case 0x10: {
        // DLE: real-time commands
        if (avail < 2) return NEED_MORE;
        const c = at(1);
        const len = c === 0x04 || c === 0x05 ? 3 : c === 0x14 ? 5 : 1;
        if (avail < len) return NEED_MORE;
        const n = at(2);
        if (c === 0x04 && n >= 1 && n <= 4) ops.push({ op: 'realTimeStatus', n: n as StatusQuery });
        else ops.push({ op: 'skipped', bytes: len });
        return len;
      }
      case 0x1b:
        return this.parseEsc(buf, pos, ops);
      case 0x1c:
        return this.parseFs(buf, pos, ops);
      case 0x1d:
        return this.parseGs(buf, pos, ops);
      default:
        return 1; // CR, HT, NUL and other control bytes: ignored
    }
  }

  private parseText(buf: Uint8Array, pos: number, ops: EscPosOp[]): number {
    let end = pos;
    let text = '';
    let runStart = pos;
    const flushSingle = () => {
      if (end > runStart)
        text += iconv.decode(Buffer.from(buf.subarray(runStart, end)), this.chinese ? 'gb18030' : 'cp437');
    };
    while (end < buf.length) {
      const b = buf[end] ?? 0;
      if (b < 0x20 || b === 0x7f) break;
      if (!this.chinese || b < 0x80) {
        end++;
        continue;
      }
      const seq = gb18030Length(buf, end);
      if (seq === NEED_MORE) {
        if (end === pos) return NEED_MORE; // nothing decodable yet: wait for the rest of the character
        break;
      }
      if (seq === 0) {
        // invalid lead/trail: replace this byte
        flushSingle();
        text += '\ufffd';
        end++;
        runStart = end;
        continue;
      }
      end += seq;
    }
    flushSingle();
    if (text.length > 0) ops.push({ op: 'text', text });
    return end - pos;
  }

  private parseEsc(buf: Uint8Array, pos: number, ops: EscPosOp[]): number {
    const avail = buf.length - pos;
    if (avail < 2) return NEED_MORE;
    const at = (i: number): number => buf[pos + i] ?? 0;
    const c = at(1);
    if (c === 0x2a) {
      // ESC * m nL nH d…: bit image
      if (avail < 5) return NEED_MORE;
      const n = at(3) + at(4) * 256;
      const len = 5 + (at(2) >= 32 ? 3 * n : n);
      if (avail < len) return NEED_MORE;
      ops.push({ op: 'skipped', bytes: len });
      return len;
    }
    if (c === 0x44) {
      // ESC D n1…nk NUL: tab stops (at most 32)
      for (let i = 2; i < Math.min(avail, 35); i++) {
        if (at(i) === 0) {
          ops.push({ op: 'skipped', bytes: i + 1 });
          return i + 1;
        }
      }
      if (avail < 35) return NEED_MORE;
      ops.push({ op: 'skipped', bytes: 2 });
      return 2;
    }
    const params = ESC_PARAMS[c];
    const len = 2 + (params ?? 0);
    if (avail < len) return NEED_MORE;
    const p = at(2);
    switch (c) {
      case 0x40:
        this.chinese = false;
        ops.push({ op: 'init' });
        break;
      case 0x61: {
        const align = ALIGNS[p];
        ops.push(align ? { op: 'align', align } : { op: 'skipped', bytes: len });
        break;
      }
      case 0x45:
        ops.push({ op: 'bold', on: (p & 1) === 1 });
        break;
      case 0x21:
        ops.push({
          op: 'printMode',
          bold: (p & 0x08) !== 0,
          doubleHeight: (p & 0x10) !== 0,
          doubleWidth: (p & 0x20) !== 0,
        });
        break;
      case 0x64:
        ops.push({ op: 'feedLines', lines: p });
        break;
      case 0x4a:
        ops.push({ op: 'feedDots', dots: p });
        break;
      case 0x32:
        ops.push({ op: 'lineSpacing', dots: 'default' });
        break;
      case 0x33:
        ops.push({ op: 'lineSpacing', dots: p });
        break;
      default:
        ops.push({ op: 'skipped', bytes: len });
    }
    return len;
  }

  private parseFs(buf: Uint8Array, pos: number, ops: EscPosOp[]): number {
    const avail = buf.length - pos;
    if (avail < 2) return NEED_MORE;
    const c = buf[pos + 1] ?? 0;
    const len = 2 + (FS_PARAMS[c] ?? 0);
    if (avail < len) return NEED_MORE;
    if (c === 0x26) {
      this.chinese = true;
      ops.push({ op: 'chineseMode', on: true });
    } else if (c === 0x2e) {
      this.chinese = false;
      ops.push({ op: 'chineseMode', on: false });
    } else ops.push({ op: 'skipped', bytes: len });
    return len;
  }

  private parseGs(buf: Uint8Array, pos: number, ops: EscPosOp[]): number {
    const avail = buf.length - pos;
    if (avail < 2) return NEED_MORE;
    const at = (i: number): number => buf[pos + i] ?? 0;
    const c = at(1);
    switch (c) {
      case 0x28: {
        // GS ( fn pL pH …: every function of this family is length-prefixed
        if (avail < 5) return NEED_MORE;
        const len = 5 + at(3) + at(4) * 256;
        if (avail < len) return NEED_MORE;
        if (at(2) === 0x6b) this.qrOp(buf.subarray(pos + 5, pos + len), ops);
        else ops.push({ op: 'skipped', bytes: len });
        return len;
      }
      case 0x56: {
        // GS V m [n]
        if (avail < 3) return NEED_MORE;
        const m = at(2);
        if (m === 0 || m === 1 || m === 48 || m === 49) {
          ops.push({ op: 'cut', mode: m % 48 === 0 ? 'full' : 'partial', feedDots: 0 });
          return 3;
        }
        if (avail < 4) return NEED_MORE;
        ops.push({ op: 'cut', mode: m === 65 ? 'full' : 'partial', feedDots: at(3) });
        return 4;
      }
      case 0x6b: {
        // GS k m …: m 0..6 NUL-terminated, m 65.. length-prefixed
        if (avail < 3) return NEED_MORE;
        const m = at(2);
        if (m <= 6) {
          for (let i = 3; i < Math.min(avail, 3 + 256); i++) {
            if (at(i) === 0) {
              ops.push({ op: 'barcode', system: m, data: buf.slice(pos + 3, pos + i) });
              return i + 1;
            }
          }
          if (avail < 3 + 256) return NEED_MORE;
          ops.push({ op: 'skipped', bytes: 3 });
          return 3;
        }
        if (avail < 4) return NEED_MORE;
        const len = 4 + at(3);
        if (avail < len) return NEED_MORE;
        ops.push({ op: 'barcode', system: m, data: buf.slice(pos + 4, pos + len) });
        return len;
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d…: raster image
        if (avail < 8) return NEED_MORE;
        const len = 8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256);
        if (avail < len) return NEED_MORE;
        ops.push({ op: 'skipped', bytes: len });
        return len;
      }
      case 0x2a: {
        // GS * x y d…: downloaded bit image
        if (avail < 4) return NEED_MORE;
        const len = 4 + at(2) * at(3) * 8;
        if (avail < len) return NEED_MORE;
        ops.push({ op: 'skipped', bytes: len });
        return len;
      }
    }
    const len = 2 + (GS_PARAMS[c] ?? 0);
    if (avail < len) return NEED_MORE;
    const p = at(2);
    switch (c) {
      case 0x21:
        ops.push({ op: 'size', width: ((p >> 4) & 0x07) + 1, height: (p & 0x07) + 1 });
        break;
      case 0x68:
        ops.push({ op: 'barcodeHeight', dots: p });
        break;
      case 0x77:
        ops.push({ op: 'barcodeWidth', dots: p });
        break;
      case 0x61:
        ops.push({ op: 'autoStatusBack', mask: p });
        break;
      default:
        ops.push({ op: 'skipped', bytes: len });
    }
    return len;
  }

  /** GS ( k body (after pL pH): cn fn params. Only cn 49 (QR) is modelled. */
  private qrOp(body: Uint8Array, ops: EscPosOp[]): void {
    const cn = body[0];
    const fn = body[1];
    const p = body[2] ?? 0;
    if (cn !== 0x31 || body.length < 2) {
      ops.push({ op: 'skipped', bytes: body.length + 5 });
      return;
    }
    if (fn === 0x43 && body.length >= 3) ops.push({ op: 'qrModuleSize', size: p });
    else if (fn === 0x45 && body.length >= 3 && QR_LEVELS[p]) ops.push({ op: 'qrErrorLevel', level: QR_LEVELS[p] });
    else if (fn === 0x50 && body.length >= 3) ops.push({ op: 'qrStore', data: body.slice(3) });
    else if (fn === 0x51) ops.push({ op: 'qrPrint' });
    else ops.push({ op: 'skipped', bytes: body.length + 5 });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
