/**
 * DocumentPrinter: the A4 printer driver, an IPP/2.0 client of a CUPS queue or an IPP Everywhere
 * printer (or the in-process simulator).
 *
 * - Status: Get-Printer-Attributes every `pollIntervalMs` while idle, mapped by status.ts; emitted
 *   only on change. An unreachable printer is `offline`, and polling goes on until it answers.
 * - Printing is idempotent per kiosk job id: the job is named `kiosk:<jobId>`, and before submitting
 *   the driver asks the printer for every job it remembers (Get-Jobs, which-jobs=all). A job of that
 *   name that is queued, printing or completed is waited for instead of printed again — so a retry
 *   after a crash or restart never prints a second copy. Only a job the printer itself reports as
 *   aborted or canceled (no complete copy) is submitted again.
 * - A job is followed with Get-Job-Attributes until completed, aborted or canceled. When the printer
 *   stops in the middle (paper out, jam, door) the job is cancelled, so it cannot come out later
 *   with no one there to take it, and the result names the cause and the pages already printed.
 */
import { DeviceBase, statusChangeEvents } from '../shared/device-base';
import { JobQueue } from '../shared/job-queue';
import { sleep } from '../shared/timing';
import { fail, ok, type CommandOptions, type CommandResult, type DeviceEvent } from '../types';
import { IppClient, type IppCallError, type JobAttributes, type PrinterAttributes } from './ipp/client';
import { JobState, isTerminalJobState, jobStateName } from './ipp/constants';
import { notReadyCause, statusFromFacts, unreachableStatus, type DocumentPrinterStatus, type NotReadyCause, type PrinterFacts } from './status';

export type DocumentPrintError = NotReadyCause | 'unreachable' | 'notIpp' | 'rejected' | 'jobAborted' | 'jobCanceled' | 'timeOut' | 'canceled';

/** A printed (or found already printed) job. */
export interface PrintedJob {
  /** The kiosk's job id, e.g. `TK001-20260301-00042/certificate`. */
  jobId: string;
  /** The printer's job id. */
  ippJobId: number;
  /** True when the job had been submitted before (a retry found it) and was not sent again. */
  foundExisting: boolean;
  /** State of the earlier job when it was found ('pending', 'processing', 'completed' …). */
  foundState?: string;
  pagesPrinted?: number;
}

export type DocumentPrinterEvent =
  | DeviceEvent<'deviceChanged', { device: DocumentPrinterStatus['device'] }>
  | DeviceEvent<'jobInterrupted', { jobId: string; ippJobId: number; cause: DocumentPrintError; pagesPrinted: number }>
  /** A job the printer completed (for consumable counting; `foundExisting`: submitted before a restart). */
  | DeviceEvent<'jobPrinted', { jobId: string; ippJobId: number; pagesPrinted: number; foundExisting: boolean }>;

export interface DocumentPrinterOptions {
  id?: string;
  /** Printer URI (ipp://host:631/printers/queue), or a function giving it. */
  uri: string | (() => string);
  /** What identity.port shows (defaults to the URI when it is a string). */
  displayUri?: string;
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  /** How often a running job is asked for its state. */
  jobPollMs?: number;
  /** Default overall time for one document, from submit to completed. */
  jobTimeoutMs?: number;
  userName?: string;
  model?: string;
}

export interface DocumentPrintOptions extends CommandOptions {
  /** The kiosk's id for this document: the transaction id plus the document, unique per copy. */
  jobId: string;
}

const CAUSE_TEXT: Record<DocumentPrintError, string> = {
  coverOpen: 'printer door open',
  paperJammed: 'paper jam',
  paperOut: 'out of paper',
  tonerOut: 'toner empty',
  offline: 'printer offline',
  notAcceptingJobs: 'print queue not accepting jobs',
  hardwareError: 'printer error',
  unreachable: 'printer unreachable',
  notIpp: 'printer answered with something that is not IPP',
  rejected: 'printer refused the job',
  jobAborted: 'printer aborted the job',
  jobCanceled: 'job canceled at the printer',
  timeOut: 'printing did not finish in time',
  canceled: 'canceled',
};

const CAUSE_CODE: Record<DocumentPrintError, 'userError' | 'hardwareError' | 'deviceNotReady' | 'timeOut' | 'canceled' | 'invalidData'> = {
  coverOpen: 'userError',
  paperJammed: 'userError',
  paperOut: 'userError',
  tonerOut: 'userError',
  offline: 'deviceNotReady',
  notAcceptingJobs: 'deviceNotReady',
  hardwareError: 'hardwareError',
  unreachable: 'deviceNotReady',
  notIpp: 'hardwareError',
  rejected: 'invalidData',
  jobAborted: 'hardwareError',
  jobCanceled: 'canceled',
  timeOut: 'timeOut',
  canceled: 'canceled',
};

/** The IPP job-name for a kiosk job id (IPP names are at most 255 octets). */
export const ippJobName = (jobId: string): string => `kiosk:${jobId}`.slice(0, 255);

export class DocumentPrinter extends DeviceBase<'documentPrinter', DocumentPrinterEvent> {
  protected override readonly statusRules = { events: (previous: DocumentPrinterStatus, next: DocumentPrinterStatus) => statusChangeEvents<DocumentPrinterStatus, DocumentPrinterEvent>(previous, next, []) };
  readonly identity;
  private readonly client: IppClient;
  private readonly jobs = new JobQueue();
  private readonly pollIntervalMs: number;
  private readonly jobPollMs: number;
  private readonly jobTimeoutMs: number;
  private running = false;
  private lifetime = new AbortController();
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(options: DocumentPrinterOptions) {
    super({ ...unreachableStatus('starting'), device: 'starting' });
    this.client = new IppClient({ uri: options.uri, ...(options.userName ? { userName: options.userName } : {}), requestTimeoutMs: options.requestTimeoutMs ?? 5000 });
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.jobPollMs = options.jobPollMs ?? 500;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 180_000;
    this.identity = {
      id: options.id ?? 'documentPrinter',
      kind: 'documentPrinter' as const,
      driver: 'ipp',
      port: options.displayUri ?? (typeof options.uri === 'string' ? options.uri : 'in-process'),
      ...(options.model ? { model: options.model } : {}),
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lifetime = new AbortController();
    await this.pollOnce();
    this.schedulePoll();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.lifetime.abort();
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    await this.jobs.run(async () => undefined);
  }

  /** Asks the printer for its status now; updates and returns it. */
  async refreshStatus(options: CommandOptions = {}): Promise<CommandResult<DocumentPrinterStatus, 'unreachable' | 'notIpp'>> {
    const facts = await this.readPrinter(options.signal);
    if (!facts.ok) return fail('deviceNotReady', facts.error.message, facts.error.kind === 'notIpp' ? 'notIpp' : 'unreachable');
    return ok(this.current);
  }

  /**
   * Prints one PDF. Never prints a job id twice: a retry finds the earlier job and waits for it.
   * Resolves with the printer's job id once the printer reports the job completed.
   */
  print(pdf: Uint8Array, options: DocumentPrintOptions): Promise<CommandResult<PrintedJob, DocumentPrintError>> {
    return this.jobs.run(() => this.runJob(pdf, options));
  }

  /** Cancels the printer's job for a kiosk job id, if it is still queued or printing. */
  async cancel(jobId: string, options: CommandOptions = {}): Promise<CommandResult<{ ippJobId: number } | undefined, 'unreachable' | 'notIpp'>> {
    const jobs = await this.client.jobs(options.signal);
    if (!jobs.ok) return fail('deviceNotReady', jobs.error.message, jobs.error.kind === 'notIpp' ? 'notIpp' : 'unreachable');
    const job = jobs.value.filter((j) => j.name === ippJobName(jobId) && !isTerminalJobState(j.state)).at(-1);
    if (!job) return ok(undefined);
    const canceled = await this.client.cancelJob(job.jobId, options.signal);
    if (!canceled.ok) return fail('deviceNotReady', canceled.error.message, canceled.error.kind === 'notIpp' ? 'notIpp' : 'unreachable');
    return ok({ ippJobId: job.jobId });
  }

  // ---- job ------------------------------------------------------------------------------------

  private async runJob(pdf: Uint8Array, options: DocumentPrintOptions): Promise<CommandResult<PrintedJob, DocumentPrintError>> {
    const jobId = options.jobId;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.jobTimeoutMs);
    const signal = AbortSignal.any([timeout, this.lifetime.signal, ...(options.signal ? [options.signal] : [])]);
    const stopped = (): DocumentPrintError => (timeout.aborted ? 'timeOut' : 'canceled');
    const refuse = (cause: DocumentPrintError, why?: string) =>
      fail(cause === 'canceled' || cause === 'timeOut' ? cause : CAUSE_CODE[cause], `${jobId} not printed: ${why ?? CAUSE_TEXT[cause]}`, cause);

    // 1. Is there already a job of this name (an earlier attempt, before a crash or restart)?
    const earlier = await this.client.jobs(signal);
    if (!earlier.ok && (earlier.error.kind === 'unreachable' || earlier.error.kind === 'timeOut' || earlier.error.kind === 'notIpp' || earlier.error.kind === 'httpError')) {
      this.setStatus(unreachableStatus(earlier.error.message));
    }
    if (!earlier.ok) return refuse(signal.aborted ? stopped() : this.transportCause(earlier.error), earlier.error.message);
    const existing = earlier.value.filter((j) => j.name === ippJobName(jobId) && j.state !== JobState.aborted && j.state !== JobState.canceled).at(-1);
    if (existing) {
      const foundState = jobStateName(existing.state) ?? String(existing.state);
      return this.follow(jobId, existing, signal, stopped, { foundExisting: true, foundState });
    }

    // 2. Can the printer take it?
    const facts = await this.readPrinter(signal);
    if (!facts.ok) return refuse(signal.aborted ? stopped() : this.transportCause(facts.error), facts.error.message);
    const blocked = notReadyCause(facts.value);
    if (blocked) return refuse(blocked, `${CAUSE_TEXT[blocked]}${this.current.detail ? ` (${this.current.detail})` : ''}`);

    // 3. Submit.
    const submitted = await this.client.printJob(ippJobName(jobId), pdf, signal);
    if (!submitted.ok) {
      if (signal.aborted) return refuse(stopped());
      const error = submitted.error;
      if (error.kind === 'ippStatus') return refuse(error.status === 0x0506 ? 'notAcceptingJobs' : 'rejected', error.message);
      // The request may have reached the printer: a retry with the same job id will find it.
      return refuse(this.transportCause(error), `${error.message}; if the printer received it, a retry finds the job instead of printing again`);
    }
    return this.follow(jobId, submitted.value, signal, stopped, { foundExisting: false });
  }

  /** Waits for a job to end; cancels it when the printer stops mid-job, on timeout or cancel. */
  private async follow(
    jobId: string,
    job: JobAttributes,
    signal: AbortSignal,
    stopped: () => DocumentPrintError,
    found: { foundExisting: boolean; foundState?: string },
  ): Promise<CommandResult<PrintedJob, DocumentPrintError>> {
    let state = job;
    let unreachableSince: number | undefined;
    const interrupted = async (cause: DocumentPrintError, why: string, cancel: boolean) => {
      const latest = await this.client.jobAttributes(state.jobId);
      if (latest.ok) state = latest.value;
      if (cancel) await this.client.cancelJob(state.jobId);
      const pagesPrinted = state.impressionsCompleted ?? 0;
      this.emitEvent('jobInterrupted', { jobId, ippJobId: state.jobId, cause, pagesPrinted }, true);
      return fail(CAUSE_CODE[cause], `${jobId} (printer job ${state.jobId}) ${why}; ${pagesPrinted} page(s) had printed${cancel ? '; the job was cancelled at the printer, not reprinted automatically' : ''}`, cause);
    };
    // The driver is stopping (kiosk shutdown): the job stays at the printer; after the restart a
    // print with the same job id finds it and waits for it.
    const leftQueued = () =>
      fail('canceled', `${jobId} (printer job ${state.jobId}) not followed to the end: the driver stopped; the job stays at the printer`, 'canceled' as const);
    for (;;) {
      if (state.state === JobState.completed) {
        this.emitEvent('jobPrinted', { jobId, ippJobId: state.jobId, pagesPrinted: state.impressionsCompleted ?? 0, foundExisting: found.foundExisting }, true);
        void this.pollOnce();
        return ok({ jobId, ippJobId: state.jobId, ...found, ...(state.impressionsCompleted !== undefined ? { pagesPrinted: state.impressionsCompleted } : {}) });
      }
      if (state.state === JobState.aborted) return interrupted('jobAborted', `aborted by the printer (${state.reasons.join(', ') || 'no reason given'})`, false);
      if (state.state === JobState.canceled) return interrupted('jobCanceled', `canceled at the printer (${state.reasons.join(', ') || 'no reason given'})`, false);

      if (!(await sleep(this.jobPollMs, signal))) return this.lifetime.signal.aborted ? leftQueued() : interrupted(stopped(), stopped() === 'timeOut' ? 'did not finish in time' : 'canceled', true);
      const printer = await this.readPrinter(signal);
      if (printer.ok) {
        const cause = notReadyCause(printer.value);
        const printerStopped = state.state === JobState.processingStopped || printer.value.state === 5;
        if (cause && cause !== 'notAcceptingJobs' && printerStopped) return interrupted(cause, `stopped: ${CAUSE_TEXT[cause]}`, true);
      }
      const next = await this.client.jobAttributes(state.jobId, signal);
      if (next.ok) {
        state = next.value;
        unreachableSince = undefined;
        continue;
      }
      if (signal.aborted) return this.lifetime.signal.aborted ? leftQueued() : interrupted(stopped(), stopped() === 'timeOut' ? 'did not finish in time' : 'canceled', true);
      if (next.error.kind === 'ippStatus' && next.error.status === 0x0406) return interrupted('jobAborted', 'is no longer known to the printer', false);
      // Unreachable for a while: the job may still print; say so rather than guess.
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince > Math.max(5 * this.jobPollMs, 3000)) {
        return interrupted(this.transportCause(next.error), `lost contact with the printer (${next.error.message}); the job may still print — a retry with the same job id waits for it`, false);
      }
    }
  }

  private transportCause(error: IppCallError): DocumentPrintError {
    switch (error.kind) {
      case 'notIpp':
      case 'httpError':
        return 'notIpp';
      case 'timeOut':
      case 'unreachable':
        return 'unreachable';
      case 'canceled':
        return 'canceled';
      case 'ippStatus':
        return 'rejected';
    }
  }

  // ---- status ---------------------------------------------------------------------------------

  private async readPrinter(signal?: AbortSignal): Promise<{ ok: true; value: PrinterFacts } | { ok: false; error: IppCallError }> {
    const attrs = await this.client.printerAttributes(signal);
    if (!attrs.ok) {
      if (attrs.error.kind !== 'canceled') this.setStatus(unreachableStatus(attrs.error.message));
      return attrs;
    }
    const facts = factsOf(attrs.value);
    this.setStatus(statusFromFacts(facts));
    return { ok: true, value: facts };
  }

  private schedulePoll(): void {
    if (!this.running || this.pollIntervalMs <= 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void (this.jobs.busy ? Promise.resolve() : this.pollOnce()).finally(() => this.schedulePoll());
    }, this.pollIntervalMs);
  }

  private async pollOnce(): Promise<void> {
    if (!this.running) return;
    await this.readPrinter(this.lifetime.signal);
  }

}

const factsOf = (attrs: PrinterAttributes): PrinterFacts => ({
  state: attrs.state,
  reasons: attrs.reasons,
  acceptingJobs: attrs.acceptingJobs,
  ...(attrs.message ? { message: attrs.message } : {}),
});
