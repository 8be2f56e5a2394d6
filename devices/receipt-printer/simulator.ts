/**
 * ReceiptPrinterSimulator: the device end of a ByteLink, behaving like an 80 mm ESC/POS printer.
 *
 * A real interpreter (interpreter.ts) drives a state machine with paper (in dots of paper length),
 * cover, autocutter and power. DLE EOT is answered at once from the state, even mid-job. When the
 * printer stops (paper end, cover open, cutter error), the rest of the job is lost, as on a real
 * printer, and the receipt being printed is recorded as interrupted. Every printed receipt is kept
 * as a model (lines of text runs, QR payloads, barcodes, cut marks) for tests and rendering.
 */
import QRCode from 'qrcode';
import type { ByteLink } from '../link';
import type { Alignment, CutMode, QrErrorLevel } from './escpos';
import { EscPosInterpreter, type EscPosOp } from './interpreter';
import { encodeAsbBlock, encodeRealTimeStatus, notReadyCause, type NotReadyCause, type PrinterFacts } from './status';

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

export interface ReceiptPrinterSimulatorOptions {
  /** Dots of paper per text line at the default line spacing (ESC 2). */
  lineDots?: number;
  /** Paper length of a full roll, in lines. */
  fullRollLines?: number;
  /** The near-end sensor trips when this many lines or fewer remain. */
  nearEndLines?: number;
  /** Replies go through this writer (e.g. the link helper's pacedWriter); default link.write. */
  write?: (bytes: Uint8Array) => Promise<unknown>;
  /** A half-received command is dropped after this much silence (ms); 0 disables. */
  partialCommandTimeoutMs?: number;
  /** Called after each line reaches the paper (dev dock, tests that act mid-job). Must not throw. */
  onLinePrinted?: (line: PrintedLine) => void;
}

export type PaperSetting = 'full' | 'low' | 'out' | { remainingLines: number };

const DEFAULT_LINE_DOTS = 30;

/** The printer side of the wire, with controls for tests and the dev dock. */
export class ReceiptPrinterSimulator {
  private readonly interpreter = new EscPosInterpreter();
  private readonly lineDots: number;
  private readonly fullRollLines: number;
  private readonly nearEndLines: number;
  private readonly write: (bytes: Uint8Array) => Promise<unknown>;
  private readonly partialTimeoutMs: number;
  private readonly onLinePrinted: ((line: PrintedLine) => void) | undefined;
  private replyChain: Promise<void> = Promise.resolve();
  private partialTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  private paperDots: number;
  private coverOpen = false;
  private cutterError = false;
  private cutterFailsNextCut = false;
  private powered = true;
  private asbMask = 0;
  private lastAsb = '';

  // print modes
  private align: Alignment = 'left';
  private bold = false;
  private width = 1;
  private height = 1;
  private lineSpacing = DEFAULT_LINE_DOTS;
  private qrModuleSize = 3;
  private qrLevel: QrErrorLevel = 'L';
  private qrData: Uint8Array | undefined;
  private barcodeHeight = 162;
  private barcodeWidth = 3;

  private lineRuns: TextRun[] = [];
  private lineAlign: Alignment | undefined;
  private current: PrintedReceipt = { lines: [] };
  private readonly finished: PrintedReceipt[] = [];
  private stoppedCause: NotReadyCause | undefined;

  constructor(
    private readonly link: ByteLink,
    options: ReceiptPrinterSimulatorOptions = {},
  ) {
    this.lineDots = options.lineDots ?? DEFAULT_LINE_DOTS;
    this.fullRollLines = options.fullRollLines ?? 3000;
    this.nearEndLines = options.nearEndLines ?? 100;
    this.write = options.write ?? ((bytes) => link.write(bytes));
    this.partialTimeoutMs = options.partialCommandTimeoutMs ?? 1000;
    this.onLinePrinted = options.onLinePrinted;
    this.paperDots = this.fullRollLines * this.lineDots;
    this.unsubscribe = link.on('data', (chunk) => this.receive(chunk));
  }

  /** Opens the device end of the link (a no-op when already open). */
  async start(): Promise<void> {
    await this.link.open();
  }

  /** Stops listening to the link and clears timers. */
  dispose(): void {
    this.unsubscribe();
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Sets the paper level; loading paper after a paper-out lets the printer print again. */
  setPaper(setting: PaperSetting): void {
    const lines =
      setting === 'full'
        ? this.fullRollLines
        : setting === 'low'
          ? this.nearEndLines
          : setting === 'out'
            ? 0
            : Math.max(0, setting.remainingLines);
    this.paperDots = lines * this.lineDots;
    if (lines > 0 && this.stoppedCause === 'paperOut') this.stoppedCause = undefined;
    if (lines === 0) this.stop('paperOut');
    this.statusChanged();
  }

  /** Loads a full roll. */
  reload(): void {
    this.setPaper('full');
  }

  openCover(): void {
    this.coverOpen = true;
    this.stop('coverOpen');
    this.statusChanged();
  }

  closeCover(): void {
    this.coverOpen = false;
    if (this.stoppedCause === 'coverOpen') this.stoppedCause = undefined;
    // closing the cover is how an operator clears an autocutter error
    if (this.cutterError) {
      this.cutterError = false;
      if (this.stoppedCause === 'cutterError') this.stoppedCause = undefined;
    }
    this.statusChanged();
  }

  /** `now`: the cutter is jammed at once; `nextCut`: the next cut command fails. */
  setCutterError(when: 'now' | 'nextCut' = 'now'): void {
    if (when === 'nextCut') {
      this.cutterFailsNextCut = true;
      return;
    }
    this.cutterError = true;
    this.stop('cutterError');
    this.statusChanged();
  }

  /** Power/cable: while off the printer neither prints nor answers. */
  setPowered(on: boolean): void {
    this.powered = on;
    if (!on) this.interpreter.discardPartial();
  }

  /** Remaining paper, in lines. */
  remainingLines(): number {
    return Math.floor(this.paperDots / this.lineDots);
  }

  /** Every receipt printed so far, including one still being printed. */
  receipts(): PrintedReceipt[] {
    const all = [...this.finished];
    if (this.current.lines.length > 0 || this.lineRuns.length > 0) all.push(this.snapshotCurrent());
    return all.map(cloneReceipt);
  }

  /** The latest receipt, or undefined if nothing was printed. */
  lastReceipt(): PrintedReceipt | undefined {
    return this.receipts().at(-1);
  }

  /** The printer's status flags as it would report them. */
  facts(): PrinterFacts {
    const paperOut = this.paperDots <= 0;
    const stopped = this.stoppedCause !== undefined || this.coverOpen || this.cutterError || paperOut;
    return {
      offline: stopped,
      coverOpen: this.coverOpen,
      paperEndStop: paperOut,
      error: this.cutterError,
      cutterError: this.cutterError,
      recoverableError: this.cutterError,
      unrecoverableError: false,
      paperNearEnd: this.paperDots <= this.nearEndLines * this.lineDots,
      paperOut,
    };
  }

  // ---- wire -----------------------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (!this.powered) return;
    let ops: EscPosOp[];
    try {
      ops = this.interpreter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      ops = []; // the interpreter is written not to throw; never let a stream handler throw anyway
      this.interpreter.discardPartial();
    }
    for (const op of ops) this.apply(op);
    this.armPartialTimer();
  }

  private armPartialTimer(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
    if (this.partialTimeoutMs > 0 && this.interpreter.pendingBytes > 0) {
      this.partialTimer = setTimeout(() => {
        this.partialTimer = undefined;
        this.interpreter.discardPartial();
      }, this.partialTimeoutMs);
      this.partialTimer.unref?.();
    }
  }

  private reply(bytes: Uint8Array): void {
    this.replyChain = this.replyChain
      .then(() => this.write(bytes))
      .then(
        () => undefined,
        () => undefined,
      );
  }

  private apply(op: EscPosOp): void {
    // real-time and set-up commands act even while the printer is stopped
    switch (op.op) {
      case 'realTimeStatus':
        this.reply(Uint8Array.of(encodeRealTimeStatus(op.n, this.facts())));
        return;
      case 'autoStatusBack':
        this.asbMask = op.mask;
        this.lastAsb = '';
        this.statusChanged();
        return;
      default:
    }
    if (this.stoppedCause !== undefined || notReadyCause(this.facts()) !== undefined) {
      this.stop(this.stoppedCause ?? notReadyCause(this.facts()) ?? 'offline');
      return; // print data received while stopped is lost
    }
    switch (op.op) {
      case 'init':
        this.lineRuns = [];
        this.lineAlign = undefined;
        this.align = 'left';
        this.bold = false;
        this.width = 1;
        this.height = 1;
        this.lineSpacing = this.lineDots;
        this.qrData = undefined;
        return;
      case 'align':
        this.align = op.align;
        return;
      case 'bold':
        this.bold = op.on;
        return;
      case 'size':
        this.width = op.width;
        this.height = op.height;
        return;
      case 'printMode':
        this.bold = op.bold;
        this.width = op.doubleWidth ? 2 : 1;
        this.height = op.doubleHeight ? 2 : 1;
        return;
      case 'chineseMode':
      case 'skipped':
        return;
      case 'text': {
        this.lineAlign ??= this.align;
        const last = this.lineRuns.at(-1);
        if (last && last.bold === this.bold && last.width === this.width && last.height === this.height)
          last.text += op.text;
        else this.lineRuns.push({ text: op.text, bold: this.bold, width: this.width, height: this.height });
        return;
      }
      case 'newline':
        this.printLine();
        return;
      case 'feedLines':
        this.flushLine();
        this.feed(op.lines * this.lineSpacing);
        return;
      case 'feedDots':
        this.flushLine();
        this.feed(op.dots);
        return;
      case 'lineSpacing':
        this.lineSpacing = op.dots === 'default' ? this.lineDots : op.dots;
        return;
      case 'cut':
        this.cut(op.mode, op.feedDots);
        return;
      case 'qrModuleSize':
        this.qrModuleSize = op.size;
        return;
      case 'qrErrorLevel':
        this.qrLevel = op.level;
        return;
      case 'qrStore':
        this.qrData = op.data;
        return;
      case 'qrPrint':
        this.printQr();
        return;
      case 'barcodeHeight':
        this.barcodeHeight = op.dots;
        return;
      case 'barcodeWidth':
        this.barcodeWidth = op.dots;
        return;
      case 'barcode':
        this.printBarcode(op.system, op.data);
        return;
      default: {
        const unreachable: never = op;
        return unreachable;
      }
    }
  }

  // ---- printing ------------------------------------------------------------------------------

  /** Consumes paper; false (and the printer stops) when the paper runs out first. */
  private consume(dots: number): boolean {
    if (dots <= this.paperDots) {
      const wasNearEnd = this.facts().paperNearEnd;
      this.paperDots -= dots;
      if (this.facts().paperNearEnd !== wasNearEnd) this.statusChanged();
      return true;
    }
    this.paperDots = 0;
    this.stop('paperOut');
    this.statusChanged();
    return false;
  }

  private printLine(): void {
    const tallest = this.lineRuns.reduce((h, r) => Math.max(h, r.height), 1);
    const runs = this.lineRuns;
    const align = this.lineAlign ?? this.align;
    this.lineRuns = [];
    this.lineAlign = undefined;
    if (!this.consume(this.lineSpacing * tallest)) return;
    this.addLine({ kind: 'text', align, runs });
  }

  private addLine(line: PrintedLine): void {
    this.current.lines.push(line);
    try {
      this.onLinePrinted?.(line);
    } catch {
      // a hook must not break the printer
    }
  }

  /** Flushes a partly filled line (commands like feed and cut print the buffer first). */
  private flushLine(): void {
    if (this.lineRuns.length > 0) this.printLine();
  }

  private feed(dots: number): void {
    if (dots <= 0 || !this.consume(dots)) return;
    const last = this.current.lines.at(-1);
    if (last?.kind === 'feed') last.dots += dots;
    else this.current.lines.push({ kind: 'feed', dots });
  }

  private printQr(): void {
    this.flushLine();
    if (!this.qrData || this.qrData.length === 0) return;
    let modules: number;
    try {
      modules = QRCode.create([{ data: this.qrData, mode: 'byte' }], { errorCorrectionLevel: this.qrLevel }).modules
        .size;
    } catch {
      return; // too much data for a QR code: real printers print nothing
    }
    const size = Math.min(16, Math.max(1, this.qrModuleSize));
    if (!this.consume(modules * size + 2 * this.lineDots)) return;
    this.addLine({
      kind: 'qr',
      align: this.align,
      payload: new TextDecoder().decode(this.qrData),
      data: this.qrData.slice(),
      moduleSize: size,
      errorLevel: this.qrLevel,
    });
  }

  private printBarcode(system: number, raw: Uint8Array): void {
    this.flushLine();
    let symbology: 'CODE128' | 'other' = 'other';
    let data = String.fromCharCode(...raw);
    if (system === 73) {
      symbology = 'CODE128';
      data = decodeCode128Data(raw);
    }
    if (data.length === 0 || !this.consume(this.barcodeHeight + this.lineDots)) return;
    this.addLine({
      kind: 'barcode',
      align: this.align,
      symbology,
      data,
      height: this.barcodeHeight,
      moduleWidth: this.barcodeWidth,
    });
  }

  private cut(mode: CutMode, feedDots: number): void {
    this.flushLine();
    if (feedDots > 0) this.feed(feedDots);
    if (this.stoppedCause) return;
    if (this.cutterFailsNextCut) {
      this.cutterFailsNextCut = false;
      this.cutterError = true;
      this.stop('cutterError');
      this.statusChanged();
      return;
    }
    this.current.lines.push({ kind: 'cut', mode });
    this.finished.push(this.current);
    this.current = { lines: [] };
  }

  /** The printer stops: the receipt in progress is recorded as interrupted; later data is lost. */
  private stop(cause: NotReadyCause): void {
    if (this.stoppedCause === undefined) this.stoppedCause = cause;
    this.lineRuns = [];
    this.lineAlign = undefined;
    if (this.current.lines.length > 0) {
      this.current.interrupted = cause;
      this.finished.push(this.current);
      this.current = { lines: [] };
    }
  }

  private snapshotCurrent(): PrintedReceipt {
    const lines = [...this.current.lines];
    if (this.lineRuns.length > 0)
      lines.push({ kind: 'text', align: this.lineAlign ?? this.align, runs: this.lineRuns });
    return { lines };
  }

  /** Sends an ASB block when enabled and the status changed since the last one. */
  private statusChanged(): void {
    if (this.asbMask === 0 || !this.powered) return;
    const block = encodeAsbBlock(this.facts());
    const key = block.join(',');
    if (key === this.lastAsb) return;
    this.lastAsb = key;
    this.reply(block);
  }
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

function cloneReceipt(r: PrintedReceipt): PrintedReceipt {
  const lines = r.lines.map((l): PrintedLine =>
    l.kind === 'text' ? { ...l, runs: l.runs.map((run) => ({ ...run })) } : { ...l },
  );
  return r.interrupted ? { lines, interrupted: r.interrupted } : { lines };
}
