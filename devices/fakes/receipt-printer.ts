/**
 * FakeReceiptPrinter: a receipt printer in memory. print() records the document and answers what
 * the driver answers: refused with the cause when the printer is not ready (status from the
 * driver's own statusFromFacts/notReadyCause), and — after failNextPrint() — a job that the printer
 * stopped partway, reported with `jobInterrupted` and never retried. No timers unless `printMs`.
 */
import type { ReceiptPrinterDevice } from '../interfaces';
import type { PrintOptions, ReceiptPrinterEvent, ReceiptPrintError } from '../receipt-printer/driver';
import {
  notReadyCause,
  receiptJobFailure,
  receiptPrinterOffline,
  receiptStatusRules,
  statusFromFacts,
  type JobStage,
  type NotReadyCause,
  type PrinterFacts,
  type ReceiptPrinterStatus,
} from '../receipt-printer/status';
import { JobQueue } from '../shared/job-queue';
import { ok, type CommandResult } from '../types';
import { FakeDevice, type FakeDeviceOptions } from './fake-device';

export interface PrintedDocument {
  jobId: string;
  bytes: Uint8Array;
  /** Set when the printer stopped partway: the receipt may be partly printed. */
  interrupted?: ReceiptPrintError;
}

export interface FakeReceiptPrinterOptions extends FakeDeviceOptions {
  /** How long a print takes (ms); 0, the default, completes at once with no timer. */
  printMs?: number;
}

export class FakeReceiptPrinter
  extends FakeDevice<'receiptPrinter', ReceiptPrinterEvent>
  implements ReceiptPrinterDevice
{
  protected override readonly statusRules = receiptStatusRules;
  private readonly facts: PrinterFacts = {};
  private readonly printed: PrintedDocument[] = [];
  private readonly jobs = new JobQueue();
  private readonly printMs: number;
  private nextFailure: NotReadyCause | undefined;
  private jobCounter = 0;

  constructor(options: FakeReceiptPrinterOptions = {}) {
    super('receiptPrinter', 'receiptPrinter', options, receiptPrinterOffline('starting'));
    this.printMs = options.printMs ?? 0;
    this.refresh();
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Paper level; loading paper after a paper-out lets the printer print again. */
  setPaper(level: 'full' | 'low' | 'out'): void {
    this.facts.paperNearEnd = level !== 'full';
    this.facts.paperOut = level === 'out';
    this.refresh();
  }

  openCover(): void {
    this.facts.coverOpen = true;
    this.refresh();
  }

  /** Closing the cover is also how an operator clears an autocutter error. */
  closeCover(): void {
    this.facts.coverOpen = false;
    this.facts.cutterError = false;
    this.refresh();
  }

  /** The autocutter jams now. */
  setCutterError(): void {
    this.facts.cutterError = true;
    this.refresh();
  }

  /** Service cleared a hardware fault (after failNextPrint('hardwareError')). */
  clearFault(): void {
    this.facts.unrecoverableError = false;
    this.refresh();
  }

  /**
   * The next job stops partway with `cause`, and the printer is left in that state (paper out,
   * cover open, cutter jammed, a hardware fault, or unplugged).
   */
  failNextPrint(cause: NotReadyCause = 'paperOut'): void {
    this.nextFailure = cause;
  }

  /** Every document that reached the paper, in order (interrupted ones marked). */
  documents(): PrintedDocument[] {
    return this.printed.map((d) => ({ ...d, bytes: Uint8Array.from(d.bytes) }));
  }

  // ---- the device -----------------------------------------------------------------------------

  print(document: Uint8Array, options: PrintOptions = {}): Promise<CommandResult<void, ReceiptPrintError>> {
    const jobId = options.jobId ?? `job-${++this.jobCounter}`;
    return this.jobs.run(() => this.runJob(jobId, Uint8Array.from(document), options));
  }

  protected override readyStatus(): ReceiptPrinterStatus {
    return statusFromFacts(this.facts);
  }

  protected override offlineStatus(detail: string): ReceiptPrinterStatus {
    return receiptPrinterOffline(detail);
  }

  private async runJob(
    jobId: string,
    bytes: Uint8Array,
    options: PrintOptions,
  ): Promise<CommandResult<void, ReceiptPrintError>> {
    const fail = (cause: ReceiptPrintError, stage: JobStage) => {
      const progress = { jobId, bytesSent: stage === 'before' ? 0 : bytes.length, totalBytes: bytes.length, cause };
      if (stage !== 'before') {
        this.printed.push({ jobId, bytes, interrupted: cause });
        this.emitEvent('jobInterrupted', progress, true);
      }
      return receiptJobFailure(progress, stage);
    };
    if (options.signal?.aborted) return fail('canceled', 'before');
    if (!this.online) return fail('offline', 'before');
    const blocked = notReadyCause(this.facts);
    if (blocked) return fail(blocked, 'before');
    const took = await this.takeTime(this.printMs, options.timeoutMs ?? 60_000, options.signal);
    if (took !== 'done') return fail(took, 'during');
    const cause = this.nextFailure;
    this.nextFailure = undefined;
    if (!cause) {
      this.printed.push({ jobId, bytes });
      return ok(undefined);
    }
    this.enter(cause);
    return fail(cause, cause === 'offline' ? 'during' : 'after');
  }

  /** Leaves the printer in the state that stopped a job. */
  private enter(cause: NotReadyCause): void {
    if (cause === 'offline') return this.unplug();
    if (cause === 'paperOut') Object.assign(this.facts, { paperOut: true, paperNearEnd: true });
    if (cause === 'coverOpen') this.facts.coverOpen = true;
    if (cause === 'cutterError') this.facts.cutterError = true;
    if (cause === 'hardwareError') this.facts.unrecoverableError = true;
    this.refresh();
  }
}
