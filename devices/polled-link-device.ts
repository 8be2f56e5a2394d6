/**
 * The lifecycle shared by drivers that poll their device's status over a ByteLink (the printers):
 * start opens the link and asks for status at once, then every `pollIntervalMs` while no job runs;
 * a lost link is reported offline and polling resumes by itself when the link comes back; stop
 * cancels the request in flight, lets a running job see the cancel, and closes the link.
 */
import type { ByteLink } from './link';
import { JobQueue } from './receipt-printer/plumbing';

export abstract class PolledLinkDevice {
  protected running = false;
  /** Aborted by stop(): every request and job of this run listens to it. */
  protected lifetime = new AbortController();
  /** Jobs (a receipt, a card) run one at a time; idle polls are skipped while one runs. */
  protected readonly jobs = new JobQueue();
  private unsubscribers: (() => void)[] = [];
  private pollTimer: NodeJS.Timeout | undefined;

  protected constructor(
    protected readonly link: ByteLink,
    private readonly pollIntervalMs: number,
  ) {}

  /** Bytes from the device. */
  protected abstract onData(chunk: Buffer): void;
  /** The link was lost: fail the request in flight and report offline. */
  protected abstract onLinkClosed(): void;
  /** Asks the device for its status (and updates it). */
  protected abstract queryStatusNow(signal: AbortSignal): Promise<unknown>;
  /** Reports the device offline for `detail`. */
  protected abstract reportOffline(detail: string): void;
  /** Ends the request in flight, if any, as cancelled. */
  protected abstract cancelPending(): void;

  /** Opens the link and starts polling. Never throws for a missing device. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lifetime = new AbortController();
    this.unsubscribers = [
      this.link.on('data', (chunk) => this.onData(chunk)),
      this.link.on('close', () => this.onLinkClosed()),
      this.link.on('open', () => {
        if (this.running) void this.pollOnce();
      }),
    ];
    try {
      await this.link.open();
    } catch {
      // a serial link keeps retrying by itself; the device stays offline until it opens
    }
    if (this.link.state === 'open') await this.pollOnce();
    else this.reportOffline('link not open');
    this.schedulePoll();
  }

  /** Stops polling, cancels the request in flight and jobs, and closes the link. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.lifetime.abort();
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.cancelPending();
    await this.jobs.run(async () => undefined); // let a running job observe the cancel and finish
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    await this.link.close().catch(() => undefined);
  }

  private schedulePoll(): void {
    if (!this.running || this.pollIntervalMs <= 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.pollOnce().finally(() => this.schedulePoll());
    }, this.pollIntervalMs);
  }

  /** One idle poll; skipped while a job runs (a job asks for status itself). */
  private async pollOnce(): Promise<void> {
    if (!this.running || this.jobs.busy) return;
    if (this.link.state !== 'open') {
      this.reportOffline('link not open');
      return;
    }
    await this.queryStatusNow(this.lifetime.signal);
  }
}
