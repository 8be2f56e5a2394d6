/**
 * ReceiptPrinterSimulator: the device end of a ByteLink, behaving like an 80 mm ESC/POS printer.
 *
 * A real interpreter (interpreter.ts) drives a state machine with paper (in dots of paper length),
 * cover, autocutter and power. DLE EOT is answered at once from the state, even mid-job. When the
 * printer stops (paper end, cover open, cutter error), the rest of the job is lost, as on a real
 * printer, and the receipt being printed is recorded as interrupted. Every printed receipt is kept
 * as a model (lines of text runs, QR payloads, barcodes, cut marks) for tests and rendering.
 */
import type { ByteLink } from '../link';
import type { Alignment, CutMode } from './escpos';
import { EscPosInterpreter, type EscPosOp } from './interpreter';
import { PrintModes } from './print-modes';
import { barcodeLine, cloneReceipt, qrLine, type PrintedLine, type PrintedReceipt, type TextRun } from './printed';
import { encodeAsbBlock, encodeRealTimeStatus, notReadyCause, type NotReadyCause, type PrinterFacts } from './status';

export type { PrintedLine, PrintedReceipt, TextRun };

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

  private readonly modes: PrintModes;
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
    this.modes = new PrintModes(this.lineDots);
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
    if (this.modes.apply(op)) return;
    switch (op.op) {
      case 'init':
        this.lineRuns = [];
        this.lineAlign = undefined;
        this.modes.initialise();
        return;
      case 'chineseMode':
      case 'skipped':
        return;
      case 'text': {
        const { align, bold, width, height } = this.modes;
        this.lineAlign ??= align;
        const last = this.lineRuns.at(-1);
        if (last && last.bold === bold && last.width === width && last.height === height) last.text += op.text;
        else this.lineRuns.push({ text: op.text, bold, width, height });
        return;
      }
      case 'newline':
        this.printLine();
        return;
      case 'feedLines':
        this.flushLine();
        this.feed(op.lines * this.modes.lineSpacing);
        return;
      case 'feedDots':
        this.flushLine();
        this.feed(op.dots);
        return;
      case 'cut':
        this.cut(op.mode, op.feedDots);
        return;
      case 'qrPrint':
        this.printQr();
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
    const align = this.lineAlign ?? this.modes.align;
    this.lineRuns = [];
    this.lineAlign = undefined;
    if (!this.consume(this.modes.lineSpacing * tallest)) return;
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
    const qr =
      this.modes.qrData && qrLine(this.modes.qrData, this.modes.qrModuleSize, this.modes.qrLevel, this.modes.align);
    if (qr && this.consume(qr.dots + 2 * this.lineDots)) this.addLine(qr.line);
  }

  private printBarcode(system: number, raw: Uint8Array): void {
    this.flushLine();
    const barcode = barcodeLine(system, raw, {
      align: this.modes.align,
      height: this.modes.barcodeHeight,
      moduleWidth: this.modes.barcodeWidth,
    });
    if (barcode && this.consume(this.modes.barcodeHeight + this.lineDots)) this.addLine(barcode);
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
      lines.push({ kind: 'text', align: this.lineAlign ?? this.modes.align, runs: this.lineRuns });
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
