/**
 * The simulated A4 printer's mechanism: paper tray, toner, door, jams and a job queue printed one
 * page at a time. Every page that comes out is the PDF page rendered to PNG (in a worker thread),
 * so the dev dock and the tests see exactly what the printer was sent. The IPP server (server.ts)
 * is the only way in from a driver; the methods here are the dev dock's and the tests' hands.
 */
import { JobState, PrinterState } from '../ipp/constants';
import type { PdfRenderer } from '../render/render-pool';

export interface SimulatedJob {
  id: number;
  name: string;
  user: string;
  state: number;
  reasons: string[];
  pageCount: number | undefined;
  impressionsCompleted: number;
  /** PNG of each page printed so far. */
  printed: Buffer[];
  createdAt: Date;
  completedAt?: Date;
  readonly pdf: Uint8Array;
  /** Every page rendered, waiting to come out (dropped when the job ends). */
  rendered: Buffer[] | undefined;
}

export interface EngineOptions {
  renderer: PdfRenderer;
  /** Time to print one page. */
  pageMs?: number;
  paperSheets?: number;
  paperCapacity?: number;
  tonerPercent?: number;
  /** Jobs remembered after they end (Get-Jobs which-jobs=all). */
  history?: number;
}

const PAPER_LOW = 25;
const TONER_LOW = 10;
/** One A4 page at 5 % coverage uses this much of a cartridge. */
const TONER_PER_PAGE = 0.05;

export class PrinterEngine {
  paperSheets: number;
  readonly paperCapacity: number;
  tonerPercent: number;
  doorOpen = false;
  jammed = false;
  offline = false;
  /** Jam after this many more pages (dev dock: "jam mid-job"). */
  jamAfterPages: number | undefined;
  /** The next job is aborted by the printer once it starts. */
  abortNextJob = false;
  /** Jobs stay queued (pending) until released: a kiosk can crash while a job waits. */
  holdQueue = false;
  private readonly jobs: SimulatedJob[] = [];
  private nextJobId = 1;
  private working = false;
  private wake: (() => void) | undefined;
  private closed = false;
  private readonly pageMs: number;
  private readonly history: number;

  constructor(private readonly options: EngineOptions) {
    this.paperCapacity = options.paperCapacity ?? 250;
    this.paperSheets = options.paperSheets ?? this.paperCapacity;
    this.tonerPercent = options.tonerPercent ?? 100;
    this.pageMs = options.pageMs ?? 400;
    this.history = options.history ?? 200;
  }

  // ---- what IPP reports -----------------------------------------------------------------------

  reasons(): string[] {
    const reasons: string[] = [];
    if (this.offline) reasons.push('offline-report');
    if (this.doorOpen) reasons.push('door-open-error');
    if (this.jammed) reasons.push('media-jam-error');
    if (this.paperSheets <= 0) reasons.push('media-empty-error', 'media-needed-error');
    else if (this.paperSheets <= PAPER_LOW) reasons.push('media-low-report');
    if (this.tonerPercent <= 0) reasons.push('toner-empty-error');
    else if (this.tonerPercent <= TONER_LOW) reasons.push('toner-low-report');
    return reasons.length ? reasons : ['none'];
  }

  /** Whether a page can be printed now. */
  blocked(): boolean {
    return this.offline || this.doorOpen || this.jammed || this.paperSheets <= 0 || this.tonerPercent <= 0;
  }

  printerState(): number {
    if (this.blocked()) return PrinterState.stopped;
    return this.jobs.some((j) => j.state === JobState.processing) ? PrinterState.processing : PrinterState.idle;
  }

  acceptingJobs(): boolean {
    return !this.offline;
  }

  stateMessage(): string {
    if (this.offline) return 'Offline';
    if (this.doorOpen) return 'Door open';
    if (this.jammed) return 'Paper jam';
    if (this.paperSheets <= 0) return 'Load A4 paper in tray 1';
    if (this.tonerPercent <= 0) return 'Replace toner';
    return this.printerState() === PrinterState.processing ? 'Printing' : 'Ready';
  }

  allJobs(): readonly SimulatedJob[] {
    return this.jobs;
  }

  job(id: number): SimulatedJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /** PNGs of every page that came out, oldest first. */
  printedPages(): Buffer[] {
    return this.jobs.flatMap((j) => j.printed);
  }

  // ---- what IPP does --------------------------------------------------------------------------

  submit(name: string, user: string, pdf: Uint8Array): SimulatedJob {
    const job: SimulatedJob = {
      id: this.nextJobId++,
      name,
      user,
      state: JobState.pending,
      reasons: ['job-incoming'],
      pageCount: undefined,
      impressionsCompleted: 0,
      printed: [],
      createdAt: new Date(),
      pdf,
      rendered: undefined,
    };
    this.jobs.push(job);
    while (this.jobs.length > this.history) {
      const oldest = this.jobs.findIndex((j) => j.state >= JobState.canceled);
      if (oldest < 0) break;
      this.jobs.splice(oldest, 1);
    }
    void this.prepare(job);
    return job;
  }

  /** Cancels a job; false when it has already ended. */
  cancel(id: number): boolean {
    const job = this.job(id);
    if (!job || job.state >= JobState.canceled) return false;
    this.finish(job, JobState.canceled, 'job-canceled-by-user');
    return true;
  }

  // ---- the dev dock's and tests' hands --------------------------------------------------------

  setPaper(sheets: number): void {
    this.paperSheets = Math.max(0, Math.min(this.paperCapacity, Math.floor(sheets)));
    this.kick();
  }
  setToner(percent: number): void {
    this.tonerPercent = Math.max(0, Math.min(100, percent));
    this.kick();
  }
  setDoor(open: boolean): void {
    this.doorOpen = open;
    this.kick();
  }
  jamNow(): void {
    this.jammed = true;
  }
  clearJam(): void {
    this.jammed = false;
    this.kick();
  }
  setOffline(offline: boolean): void {
    this.offline = offline;
    this.kick();
  }
  releaseQueue(): void {
    this.holdQueue = false;
    this.kick();
  }

  close(): void {
    this.closed = true;
    this.kick();
  }

  // ---- the mechanism --------------------------------------------------------------------------

  private async prepare(job: SimulatedJob): Promise<void> {
    try {
      const rendered = await this.options.renderer.render(job.pdf);
      job.pageCount = rendered.pageCount;
      job.rendered = rendered.pages;
      if (job.state === JobState.pending) job.reasons = ['none'];
    } catch {
      if (job.state < JobState.canceled) this.finish(job, JobState.aborted, 'document-format-error');
    }
    this.kick();
  }

  private kick(): void {
    this.wake?.();
    if (!this.working && !this.closed) void this.work();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Prints queued jobs one page at a time until nothing is left to do. */
  private async work(): Promise<void> {
    this.working = true;
    try {
      for (;;) {
        if (this.closed) return;
        const job = this.jobs.find((j) => j.state === JobState.pending || j.state === JobState.processing || j.state === JobState.processingStopped);
        if (!job || job.pageCount === undefined || (this.holdQueue && job.state === JobState.pending)) return;
        if (this.blocked()) {
          if (job.state === JobState.processing) {
            job.state = JobState.processingStopped;
            job.reasons = ['printer-stopped'];
          }
          return; // a change through the dock kicks the engine again
        }
        if (this.abortNextJob) {
          this.abortNextJob = false;
          this.finish(job, JobState.aborted, 'aborted-by-system');
          continue;
        }
        job.state = JobState.processing;
        job.reasons = ['job-printing'];
        if (job.impressionsCompleted >= job.pageCount) {
          this.finish(job, JobState.completed, 'job-completed-successfully');
          continue;
        }
        await this.sleep(this.pageMs);
        if (job.state !== JobState.processing || this.blocked()) continue;
        this.printPage(job);
      }
    } finally {
      this.working = false;
      this.wake = undefined;
    }
  }

  private printPage(job: SimulatedJob): void {
    const rendered = job.rendered ?? [];
    const png = rendered[job.impressionsCompleted];
    if (png) job.printed.push(png);
    job.impressionsCompleted += 1;
    this.paperSheets -= 1;
    this.tonerPercent = Math.max(0, Math.round((this.tonerPercent - TONER_PER_PAGE) * 100) / 100);
    if (this.jamAfterPages !== undefined && --this.jamAfterPages <= 0) {
      this.jamAfterPages = undefined;
      this.jammed = true;
    }
  }

  private finish(job: SimulatedJob, state: number, reason: string): void {
    job.state = state;
    job.reasons = [reason];
    job.completedAt = new Date();
    job.rendered = undefined;
  }
}
