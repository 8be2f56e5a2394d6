/**
 * ReceiptPrinter: the ESC/POS driver over a ByteLink.
 *
 * - Real-time status (DLE EOT 1..4) before every job (refused with the cause when not ready) and
 *   after it (paper out / cover open / cutter error mid-job → the job is reported failed with the
 *   cause and how many bytes had been sent; it is never retried, so nothing is printed twice).
 * - One status query at a time, each with a timeout, answered through ONE data listener installed
 *   at start() (no listener per call).
 * - Idle polling emits `status` and unsolicited events only on change; ASB blocks are honoured too.
 * - Link loss → offline; recovery as soon as the link reopens and the printer answers.
 * - A job queue so two documents never interleave.
 */
import type { ByteLink } from '../link';
import { PolledLinkDevice } from '../polled-link-device';
import {
  fail,
  ok,
  type CommandOptions,
  type CommandResult,
  type Device,
  type DeviceEvent,
  type DeviceListeners,
} from '../types';
import { Emitter, JobQueue, OwedReplies, commandSignal, delay } from './plumbing';
import {
  ALL_STATUS_QUERIES,
  StatusFramer,
  factsFromRealTime,
  notReadyCause,
  sameStatus,
  statusFromFacts,
  type NotReadyCause,
  type PrinterFacts,
  type ReceiptPrinterStatus,
} from './status';

export type ReceiptPrintError = NotReadyCause | 'timeOut' | 'canceled';

/** How far a failed job got: bytes handed to the link out of the document's size. */
export interface JobProgress {
  jobId: string;
  bytesSent: number;
  totalBytes: number;
  cause: ReceiptPrintError;
}

export type ReceiptPrinterEvent =
  | DeviceEvent<'paperThreshold', { paper: ReceiptPrinterStatus['paper'] }>
  | DeviceEvent<'coverChanged', { cover: ReceiptPrinterStatus['cover'] }>
  | DeviceEvent<'cutterChanged', { cutter: ReceiptPrinterStatus['cutter'] }>
  | DeviceEvent<'deviceChanged', { device: ReceiptPrinterStatus['device'] }>
  | DeviceEvent<'jobInterrupted', JobProgress>
  /** A document printed to the end (for consumable counting: the bytes say how much paper it fed). */
  | DeviceEvent<'jobPrinted', { jobId: string; document: Uint8Array }>;

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

type QueryOutcome =
  { kind: 'facts'; facts: PrinterFacts } | { kind: 'timeout' } | { kind: 'offline' } | { kind: 'canceled' };

const UNKNOWN_OFFLINE = (detail: string): ReceiptPrinterStatus => ({
  kind: 'receiptPrinter',
  device: 'offline',
  paper: 'unknown',
  cover: 'unknown',
  cutter: 'unknown',
  detail,
});

const CAUSE_TEXT: Record<ReceiptPrintError, string> = {
  paperOut: 'paper out',
  coverOpen: 'cover open',
  cutterError: 'autocutter error',
  hardwareError: 'printer hardware error',
  offline: 'printer offline',
  timeOut: 'printer did not answer',
  canceled: 'canceled',
};

/** Completion code for each cause: what staff can fix (userError) versus hardware faults. */
const CAUSE_CODE: Record<ReceiptPrintError, 'userError' | 'hardwareError' | 'deviceNotReady' | 'timeOut' | 'canceled'> =
  {
    paperOut: 'userError',
    coverOpen: 'userError',
    cutterError: 'hardwareError',
    hardwareError: 'hardwareError',
    offline: 'deviceNotReady',
    timeOut: 'timeOut',
    canceled: 'canceled',
  };

/** The receipt printer driver. */
export class ReceiptPrinter extends PolledLinkDevice implements Device<'receiptPrinter', ReceiptPrinterEvent> {
  readonly identity;
  private readonly statusTimeoutMs: number;
  private readonly chunkSize: number;
  private readonly postJobSettleMs: number;
  private readonly jobTimeoutMs: number;
  private readonly emitter = new Emitter<DeviceListeners<'receiptPrinter', ReceiptPrinterEvent>>();
  private readonly queries = new JobQueue();
  private readonly framer = new StatusFramer();
  private current: ReceiptPrinterStatus = {
    kind: 'receiptPrinter',
    device: 'starting',
    paper: 'unknown',
    cover: 'unknown',
    cutter: 'unknown',
  };
  private pending: { replies: number[]; done: (outcome: QueryOutcome) => void } | undefined;
  /** Status bytes owed by abandoned queries: a stale "all good" after a job could hide a paper-out. */
  private readonly owed: OwedReplies;
  private jobCounter = 0;

  constructor(options: ReceiptPrinterOptions) {
    super(options.link, options.pollIntervalMs ?? 2000);
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.owed = new OwedReplies(this.statusTimeoutMs);
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

  /** The last known status. */
  status(): ReceiptPrinterStatus {
    return this.current;
  }

  /** Adds a listener for `status` or `event`; returns its remover. */
  on<L extends keyof DeviceListeners<'receiptPrinter', ReceiptPrinterEvent>>(
    name: L,
    listener: DeviceListeners<'receiptPrinter', ReceiptPrinterEvent>[L],
  ): () => void {
    return this.emitter.on(name, listener);
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
        return ok(this.current);
      case 'timeout':
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
    const failJob = (
      cause: ReceiptPrintError,
      stage: 'before' | 'during' | 'after',
    ): CommandResult<void, ReceiptPrintError> => {
      if (stage === 'before') {
        return fail(
          cause === 'canceled' ? 'canceled' : cause === 'timeOut' ? 'timeOut' : 'deviceNotReady',
          `${jobId} not printed: ${CAUSE_TEXT[cause]}`,
          cause,
        );
      }
      this.emit('jobInterrupted', true, { jobId, bytesSent, totalBytes: document.length, cause });
      const message =
        `${jobId} failed ${stage === 'during' ? 'while sending' : 'while printing'}: ${CAUSE_TEXT[cause]}; ` +
        `${bytesSent} of ${document.length} bytes had been sent, the receipt may be partly printed — not reprinted automatically`;
      return fail(CAUSE_CODE[cause], message, cause);
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
          this.setStatus(UNKNOWN_OFFLINE('link lost during a job'));
          return failJob('offline', 'during');
        }
        bytesSent += chunk.length;
      }

      await delay(this.postJobSettleMs, cmd.signal);
      const after = await this.queryFacts(cmd.signal);
      if (after.kind !== 'facts') return failJob(this.outcomeCause(after, cmd.timedOut()), 'after');
      const stopped = notReadyCause(after.facts);
      if (stopped) return failJob(stopped, 'after');
      this.emit('jobPrinted', true, { jobId, document });
      return ok(undefined);
    } finally {
      cmd.dispose();
    }
  }

  private outcomeCause(outcome: Exclude<QueryOutcome, { kind: 'facts' }>, timedOut: boolean): ReceiptPrintError {
    switch (outcome.kind) {
      case 'timeout':
        return 'timeOut';
      case 'offline':
        return 'offline';
      case 'canceled':
        return timedOut ? 'timeOut' : 'canceled';
    }
  }

  // ---- status ---------------------------------------------------------------------------------

  /** Sends DLE EOT 1..4 and waits for four replies; one query at a time, always with a timeout. */
  private queryFacts(signal?: AbortSignal): Promise<QueryOutcome> {
    return this.queries.run(async () => {
      if (signal?.aborted || !this.running) return { kind: 'canceled' } as const;
      if (this.link.state !== 'open') return { kind: 'offline' } as const;
      await this.owed.settle(signal);
      if (signal?.aborted || !this.running) return { kind: 'canceled' } as const;
      const outcome = await new Promise<QueryOutcome>((resolve) => {
        const timer = setTimeout(() => finish({ kind: 'timeout' }), this.statusTimeoutMs);
        const onAbort = () => finish({ kind: 'canceled' });
        const finish = (result: QueryOutcome) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (this.pending === query) {
            this.pending = undefined;
            if (result.kind !== 'facts' && result.kind !== 'offline')
              this.owed.abandon(REPLIES_PER_QUERY - query.replies.length);
          }
          resolve(result);
        };
        const query = { replies: [] as number[], done: finish };
        this.pending = query;
        signal?.addEventListener('abort', onAbort, { once: true });
        this.link.write(ALL_STATUS_QUERIES).catch(() => finish({ kind: 'offline' }));
      });
      if (outcome.kind === 'facts') this.setStatus(statusFromFacts(outcome.facts));
      else if (outcome.kind === 'timeout') this.setStatus(UNKNOWN_OFFLINE('printer does not answer status queries'));
      else if (outcome.kind === 'offline') this.setStatus(UNKNOWN_OFFLINE('link not open'));
      return outcome;
    });
  }

  protected override queryStatusNow(signal: AbortSignal): Promise<unknown> {
    return this.queryFacts(signal);
  }

  protected override reportOffline(detail: string): void {
    this.setStatus(UNKNOWN_OFFLINE(detail));
  }

  protected override cancelPending(): void {
    this.pending?.done({ kind: 'canceled' });
  }

  protected override onData(chunk: Buffer): void {
    this.owed.activity();
    for (const frame of this.framer.push(chunk)) {
      if (frame.kind === 'asb') {
        this.setStatus(statusFromFacts(frame.facts));
        continue;
      }
      if (this.owed.absorb()) continue; // a late answer to an abandoned query
      const query = this.pending;
      if (!query) continue; // a late reply after a timeout: dropped
      query.replies.push(frame.byte);
      if (query.replies.length === 4) {
        const facts = factsFromRealTime(query.replies);
        if (facts) query.done({ kind: 'facts', facts });
      }
    }
  }

  protected override onLinkClosed(): void {
    this.framer.reset();
    this.owed.reset();
    this.pending?.done({ kind: 'offline' });
    this.setStatus(UNKNOWN_OFFLINE('link lost'));
  }

  private setStatus(next: ReceiptPrinterStatus): void {
    const previous = this.current;
    if (sameStatus(previous, next)) return;
    // still offline for another reason: not a change (the first reason is kept)
    if (
      previous.device === 'offline' &&
      next.device === 'offline' &&
      previous.paper === 'unknown' &&
      next.paper === 'unknown'
    )
      return;
    this.current = next;
    this.emitter.emit('status', next);
    if (next.device !== previous.device) this.emit('deviceChanged', false, { device: next.device });
    // a supply/cover event is a change from a known value, or news of a problem (paper low after a restart)
    const changed = <T extends string>(from: T, to: T, problem: readonly string[]) =>
      from !== to && to !== 'unknown' && (from !== 'unknown' || problem.includes(to));
    if (changed(previous.paper, next.paper, ['low', 'out', 'jammed']))
      this.emit('paperThreshold', false, { paper: next.paper });
    if (changed(previous.cover, next.cover, ['open'])) this.emit('coverChanged', false, { cover: next.cover });
    if (changed(previous.cutter, next.cutter, ['error'])) this.emit('cutterChanged', false, { cutter: next.cutter });
  }

  private emit<N extends ReceiptPrinterEvent['name']>(
    name: N,
    solicited: boolean,
    data: Extract<ReceiptPrinterEvent, { name: N }>['data'],
  ): void {
    this.emitter.emit('event', { name, solicited, data, at: new Date() } as ReceiptPrinterEvent);
  }
}
