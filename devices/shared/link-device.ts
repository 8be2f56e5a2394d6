/**
 * LinkDevice: the lifecycle every driver on a ByteLink shares (ID reader, scanner, OCR reader,
 * receipt and card printers), so none of them repeats it:
 *
 * - start() subscribes to the link, opens it (a serial link keeps retrying by itself and never
 *   throws for a missing port) and lets the driver look at the device; it never throws.
 * - A driver with a poll interval polls while the link is open: at once when the link (re)opens,
 *   then every `pollIntervalMs` — measured between poll starts, or after each poll ends
 *   (`pollSpacing: 'afterEnd'`, the printers: a slow answer never makes polls pile up). A poll is
 *   skipped while a job runs (a job asks for status itself).
 * - Jobs (a receipt, a card, an explicit read) run one at a time on `jobs`.
 * - stop() aborts `lifetime` (every request and job of this run listens to it), ends the loop,
 *   lets the driver cancel what is pending, waits for a running job to see the cancel, and closes
 *   the link.
 */
import type { DeviceEvent, DeviceKind, StatusOf } from '../types';
import type { ByteLink } from '../link';
import { DeviceBase } from './device-base';
import { JobQueue } from './job-queue';

export interface LinkDeviceOptions {
  /** 0 (the default) means the device is never polled. */
  pollIntervalMs?: number;
  pollSpacing?: 'betweenStarts' | 'afterEnd';
  /** start() returns only after a first poll, so the status is known (the printers). */
  awaitFirstPoll?: boolean;
}

/** How printers are polled: their status is known when start() returns, and a slow answer never makes polls pile up. */
export const PRINTER_POLLING = { pollSpacing: 'afterEnd', awaitFirstPoll: true } as const;

export abstract class LinkDevice<K extends DeviceKind, E extends DeviceEvent> extends DeviceBase<K, E> {
  protected running = false;
  /** Aborted by stop(). */
  protected lifetime = new AbortController();
  protected readonly jobs = new JobQueue();
  private offLink: (() => void)[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  /** Bumped by stop() and whenever the loop restarts, so a poll finishing late never revives an old loop. */
  private pollGeneration = 0;
  private pollRunning = false;
  private readonly pollIntervalMs: number;
  private readonly pollSpacing: 'betweenStarts' | 'afterEnd';
  private readonly awaitFirstPoll: boolean;

  protected constructor(
    protected readonly link: ByteLink,
    initial: StatusOf<K>,
    options: LinkDeviceOptions = {},
  ) {
    super(initial);
    this.pollIntervalMs = options.pollIntervalMs ?? 0;
    this.pollSpacing = options.pollSpacing ?? 'betweenStarts';
    this.awaitFirstPoll = options.awaitFirstPoll ?? false;
  }

  /** Bytes from the device. */
  protected abstract onData(chunk: Buffer): void;

  /** The link (re)opened. By default the device is polled at once. */
  protected onLinkOpen(): void {
    this.pollSoon();
  }

  /** The link was lost or closed under the driver. */
  protected abstract onLinkClose(error?: Error): void;

  /** The link is not open where the device should be asked (at start, at a poll). */
  protected reportLinkDown(_detail: string): void {}

  /** One poll of the device; pollers override it. */
  protected async poll(): Promise<void> {}

  /** A poll threw (a bug, not a device failure: those are reported as status). */
  protected onPollError(_error: unknown): void {}

  /** stop() is under way: cancel whatever is pending (before the running job is awaited). */
  protected cancelPending(): void {}

  /** stop() closed the link. */
  protected afterStop(): void {}

  /** Opens the link and starts watching the device. Never throws for a missing device. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lifetime = new AbortController();
    this.offLink = [
      this.link.on('data', (chunk) => this.onData(chunk)),
      this.link.on('open', () => {
        if (this.running) this.onLinkOpen();
      }),
      this.link.on('close', (error) => {
        if (this.running) this.onLinkClose(error);
      }),
    ];
    await this.link.open().catch(() => undefined);
    if (this.link.state !== 'open') return this.reportLinkDown('link not open');
    if (!this.awaitFirstPoll) return this.onLinkOpen();
    await this.pollNow();
    this.schedulePoll(this.pollIntervalMs);
  }

  /** Stops polling, cancels pending requests and jobs, and closes the link. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.lifetime.abort();
    this.stopPolling();
    this.cancelPending();
    await this.jobs.run(async () => undefined); // let a running job observe the cancel and finish
    for (const off of this.offLink.splice(0)) off();
    await this.link.close().catch(() => undefined);
    this.afterStop();
  }

  /**
   * Polls at once (a poll under way counts), then every `pollIntervalMs` while the link is open;
   * without an interval, just once.
   */
  protected pollSoon(): void {
    if (!this.running) return;
    if (this.pollIntervalMs <= 0) {
      void this.pollNow().catch((error: unknown) => this.onPollError(error));
      return;
    }
    if (!this.pollRunning) this.schedulePoll(0);
  }

  /** Polls once now, unless stopped or a job runs. */
  protected async pollNow(): Promise<void> {
    if (!this.running || this.jobs.busy) return;
    if (this.link.state !== 'open') return this.reportLinkDown('link not open');
    await this.poll();
  }

  /** (Re)starts the poll loop with its next poll in `delayMs`. */
  private schedulePoll(delayMs: number): void {
    if (!this.running || this.pollIntervalMs <= 0) return;
    clearTimeout(this.pollTimer);
    const generation = ++this.pollGeneration;
    this.pollTimer = setTimeout(() => void this.pollLoop(generation), delayMs);
  }

  private stopPolling(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.pollGeneration++;
    this.pollRunning = false; // a poll still finishing belongs to the old loop and ends it
  }

  private async pollLoop(generation: number): Promise<void> {
    this.pollTimer = undefined;
    const startedAt = performance.now();
    this.pollRunning = true;
    try {
      await this.pollNow();
    } catch (error) {
      this.onPollError(error);
    } finally {
      this.pollRunning = false;
    }
    // Stopped, restarted, or the link is down (its reopening restarts the loop).
    if (generation !== this.pollGeneration || !this.running || this.link.state !== 'open') return;
    const elapsed = performance.now() - startedAt;
    const delay = this.pollSpacing === 'afterEnd' ? this.pollIntervalMs : Math.max(0, this.pollIntervalMs - elapsed);
    this.pollTimer = setTimeout(() => void this.pollLoop(generation), delay);
  }
}
