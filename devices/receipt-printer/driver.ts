/**
 * ReceiptPrinter: the ESC/POS driver over a ByteLink.
 *
 * - Real-time status (DLE EOT 1..4) before every job (refused with the cause when not ready) and
 *   after it (paper out / cover open / cutter error mid-job → the job is reported failed with the
 *   cause and how many bytes had been sent; it is never retried, so nothing is printed twice).
 * - One status query at a time, each with a timeout, answered through ONE data listener installed
 *   at start() (no listener per call); a late answer to an abandoned query is never taken for the
 *   next one's (devices/shared/reply-matcher.ts).
 * - Idle polling emits `status` and unsolicited events only on change; ASB blocks are honoured too.
 * - Link loss → offline; recovery as soon as the link reopens and the printer answers.
 * - A job queue so two documents never interleave.
 */
import type { ByteLink } from '../link';
import { PRINTER_POLLING } from '../shared/link-device';
import { ReplyDevice } from '../shared/reply-device';
import type { Exchange } from '../shared/reply-matcher';
import { commandSignal, sleep } from '../shared/timing';
import { fail, ok, type CommandOptions, type CommandResult } from '../types';
import {
  ALL_STATUS_QUERIES,
  StatusFramer,
  factsFromRealTime,
  notReadyCause,
  receiptJobFailure,
  receiptPrinterOffline,
  receiptStatusRules,
  statusFromFacts,
  type JobProgress,
  type JobStage,
  type PrinterFacts,
  type ReceiptPrinterEvent,
  type ReceiptPrinterStatus,
  type StatusFrame,
  type ReceiptPrintError,
} from './status';

export type { JobProgress, ReceiptPrinterEvent, ReceiptPrintError };

export interface ReceiptPrinterOptions {
  id?: string;
  link: ByteLink;
  /** Idle status polling period; 0 disables polling. */
  pollIntervalMs?: number;
  /** How long to wait for the four DLE EOT replies. */
  statusTimeoutMs?: number;
  /** Job bytes are written in chunks of this size (cancellation is checked between chunks). */
  chunkSize?: number;
  /** Wait after the last byte before the after-job status query (the printer is still printing). */
  postJobSettleMs?: number;
  /** Default overall job timeout. */
  jobTimeoutMs?: number;
  model?: string;
}

export interface PrintOptions extends CommandOptions {
  /** Caller's job id, echoed in jobInterrupted events and messages. */
  jobId?: string;
}

/** One reply byte per DLE EOT n (three bytes each) in ALL_STATUS_QUERIES. */
const REPLIES_PER_QUERY = ALL_STATUS_QUERIES.length / 3;

type QueryOutcome = { kind: 'facts'; facts: PrinterFacts } | Exclude<Exchange<never>, { kind: 'reply' }>;

/** The receipt printer driver. */
export class ReceiptPrinter extends ReplyDevice<'receiptPrinter', ReceiptPrinterEvent, StatusFrame, number> {
  protected override readonly statusRules = receiptStatusRules;
  readonly identity;
  private readonly statusTimeoutMs: number;
  private readonly chunkSize: number;
  private readonly postJobSettleMs: number;
  private readonly jobTimeoutMs: number;
  private jobCounter = 0;

  constructor(options: ReceiptPrinterOptions) {
    super(
      options.link,
      { kind: 'receiptPrinter', device: 'starting', paper: 'unknown', cover: 'unknown', cutter: 'unknown' },
      {
        pollIntervalMs: options.pollIntervalMs ?? 2000,
        ...PRINTER_POLLING,
        // Owed status bytes of abandoned queries are dropped: a stale "all good" could hide a paper-out.
        quietMs: options.statusTimeoutMs ?? 1000,
      },
      new StatusFramer(),
    );
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.chunkSize = Math.max(1, options.chunkSize ?? 512);
    this.postJobSettleMs = options.postJobSettleMs ?? 300;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 60_000;
    this.identity = {
      id: options.id ?? 'receiptPrinter',
      kind: 'receiptPrinter' as const,
      driver: 'escpos',
      port: options.link.path,
      ...(options.model ? { model: options.model } : {}),
    };
  }

  /**
   * Prints one document. Refuses with the cause when the printer is not ready; reports a job that
   * the printer stopped in the middle as failed with the cause (never retried).
   */
  print(document: Uint8Array, options: PrintOptions = {}): Promise<CommandResult<void, ReceiptPrintError>> {
    const jobId = options.jobId ?? `job-${++this.jobCounter}`;
    return this.jobs.run(() => this.runJob(jobId, document, options));
  }

  /** Asks the printer for its status now (outside polling); updates and returns it. */
  async refreshStatus(
    options: CommandOptions = {},
  ): Promise<CommandResult<ReceiptPrinterStatus, 'timeOut' | 'offline' | 'canceled'>> {
    const outcome = await this.queryFacts(options.signal);
    switch (outcome.kind) {
      case 'facts':
        return ok(this.status());
      case 'timeOut':
        return fail('timeOut', 'printer did not answer the status query', 'timeOut');
      case 'offline':
        return fail('deviceNotReady', 'printer link is not open', 'offline');
      case 'canceled':
        return fail('canceled', 'status query canceled', 'canceled');
    }
  }

  // ---- job ------------------------------------------------------------------------------------

  private async runJob(
    jobId: string,
    document: Uint8Array,
    options: PrintOptions,
  ): Promise<CommandResult<void, ReceiptPrintError>> {
    const cmd = commandSignal(options.timeoutMs ?? this.jobTimeoutMs, options.signal, this.lifetime.signal);
    let bytesSent = 0;
    const failJob = (cause: ReceiptPrintError, stage: JobStage): CommandResult<void, ReceiptPrintError> => {
      if (stage !== 'before')
        this.emitEvent('jobInterrupted', { jobId, bytesSent, totalBytes: document.length, cause }, true);
      return receiptJobFailure({ jobId, bytesSent, totalBytes: document.length, cause }, stage);
    };
    try {
      const before = await this.queryFacts(cmd.signal);
      if (before.kind !== 'facts') return failJob(this.outcomeCause(before, cmd.timedOut()), 'before');
      const blocked = notReadyCause(before.facts);
      if (blocked) return failJob(blocked, 'before');

      for (let offset = 0; offset < document.length; offset += this.chunkSize) {
        if (cmd.signal.aborted) return failJob(cmd.timedOut() ? 'timeOut' : 'canceled', 'during');
        const chunk = document.subarray(offset, Math.min(document.length, offset + this.chunkSize));
        try {
          await this.link.write(chunk);
        } catch {
          this.setStatus(receiptPrinterOffline('link lost during a job'));
          return failJob('offline', 'during');
        }
        bytesSent += chunk.length;
      }

      await sleep(this.postJobSettleMs, cmd.signal);
      const after = await this.queryFacts(cmd.signal);
      if (after.kind !== 'facts') return failJob(this.outcomeCause(after, cmd.timedOut()), 'after');
      const stopped = notReadyCause(after.facts);
      if (stopped) return failJob(stopped, 'after');
      this.emitEvent('jobPrinted', { jobId, document }, true);
      return ok(undefined);
    } finally {
      cmd.dispose();
    }
  }

  private outcomeCause(outcome: Exclude<QueryOutcome, { kind: 'facts' }>, timedOut: boolean): ReceiptPrintError {
    switch (outcome.kind) {
      case 'timeOut':
        return 'timeOut';
      case 'offline':
        return 'offline';
      case 'canceled':
        return timedOut ? 'timeOut' : 'canceled';
    }
  }

  // ---- status ---------------------------------------------------------------------------------

  /** Sends DLE EOT 1..4 and waits for the four replies; one query at a time, always with a timeout. */
  private async queryFacts(signal?: AbortSignal): Promise<QueryOutcome> {
    if (signal?.aborted || !this.running) return { kind: 'canceled' };
    const request = { bytes: ALL_STATUS_QUERIES, timeoutMs: this.statusTimeoutMs, ...(signal ? { signal } : {}) };
    const outcome = await this.replies.exchangeMany(request, REPLIES_PER_QUERY);
    if (outcome.kind !== 'reply') {
      if (outcome.kind === 'timeOut') this.setStatus(receiptPrinterOffline('printer does not answer status queries'));
      else if (outcome.kind === 'offline') this.setStatus(receiptPrinterOffline('link not open'));
      return outcome;
    }
    const facts = factsFromRealTime(outcome.reply);
    if (!facts) return { kind: 'timeOut' }; // the framer only passes status-pattern bytes: cannot happen
    this.setStatus(statusFromFacts(facts));
    return { kind: 'facts', facts };
  }

  protected override async poll(): Promise<void> {
    await this.queryFacts(this.lifetime.signal);
  }

  protected override reportLinkDown(detail: string): void {
    this.setStatus(receiptPrinterOffline(detail));
  }

  protected override onFrame(frame: StatusFrame): void {
    if (frame.kind === 'asb') this.setStatus(statusFromFacts(frame.facts));
    else this.replies.onReply(frame.byte);
  }

  protected override onLinkLost(): void {
    this.setStatus(receiptPrinterOffline('link lost'));
  }
}
