/**
 * CardPrinter: the Evolis-style card printer driver over a ByteLink (ACK/NACK mode).
 *
 * - Status = Rse (state words) + Rcr (ribbon count), queried before every card (refused with the
 *   cause when the feeder is empty, the ribbon is out, the cover is open or a card is jammed) and
 *   by idle polling, which emits `status` and unsolicited events only on change.
 * - One command in flight at a time, each with a timeout, answered through one data listener; a late
 *   ACK of an abandoned command never answers the next one (devices/shared/reply-matcher.ts).
 * - A card is printed by a fixed sequence; a NACK stops it, the printer is reset (Srs) and the job
 *   is reported failed with the cause and the step reached. Jobs are queued, never retried.
 * - Link loss → offline; recovery when the link reopens and the printer answers.
 */
import type { ByteLink } from '../link';
import { PRINTER_POLLING } from '../shared/link-device';
import { ReplyDevice } from '../shared/reply-device';
import type { Exchange } from '../shared/reply-matcher';
import { commandSignal } from '../shared/timing';
import { fail, ok, type CommandOptions, type CommandResult } from '../types';
import {
  CardReplyFramer,
  encodeBitmapDownload,
  encodeCommand,
  parseSensorReply,
  type CardReply,
  type NackCode,
} from './protocol';
import {
  cardCauseCode,
  cardJobFailure,
  cardNotReadyCause,
  cardPrinterOffline,
  cardStatusRules,
  invalidSides,
  cardStatusFromSensors,
  type CardPrinterEvent,
  type CardPrinterStatus,
  type CardPrintError,
} from './status';

export { cardNotReadyCause, cardStatusFromSensors, type CardPrinterEvent, type CardPrinterStatus, type CardPrintError };

export interface CardPrinterOptions {
  id?: string;
  link: ByteLink;
  pollIntervalMs?: number;
  /** Timeout of a short command or query. */
  commandTimeoutMs?: number;
  /** Timeout of a step that moves a card or prints a side (Si, Sv, Se) or downloads a panel. */
  printStepTimeoutMs?: number;
  /** Ribbon type for `Pr` (temporary ID cards: monochrome `k`). */
  ribbonType?: string;
  /** Ribbon counts at or below this are reported `low` even if the printer does not say so. */
  ribbonLowCount?: number;
  /** Panel name for Db (black panel `k`). */
  panel?: string;
}

/** The panels to print; at least one side. A card taken from the manual slot may get only its back. */
export type CardSides =
  | {
      /** Packed front panel (648 x 1016, rows MSB-first, 82,296 bytes); see bitmap.ts. */
      front: Uint8Array;
      back?: Uint8Array;
    }
  | { front?: undefined; back: Uint8Array };

export interface CardPrintOptions extends CommandOptions {
  jobId?: string;
  /**
   * Where the card comes from (insertion mode `Pmi`): a blank card from the feeder (default), or the
   * card in the manual slot — a document the resident inserted, e.g. a travel permit whose back
   * carries an endorsement. A manual card needs no blank cards in the feeder.
   */
  source?: 'feeder' | 'manual';
}

const NACK_CAUSE: Record<NackCode, CardPrintError> = {
  command: 'commandRejected',
  parameter: 'invalidData',
  mechanical: 'cardJam',
  coverOpen: 'coverOpen',
  feederEmpty: 'feederEmpty',
  ribbon: 'ribbonOut',
  magnetic: 'commandRejected',
  unknown: 'commandRejected',
};

/** The card printer driver. */
export class CardPrinter extends ReplyDevice<'cardPrinter', CardPrinterEvent, CardReply, CardReply> {
  protected override readonly statusRules = cardStatusRules;
  readonly identity;
  private readonly commandTimeoutMs: number;
  private readonly printStepTimeoutMs: number;
  private readonly ribbonType: string;
  private readonly ribbonLowCount: number;
  private readonly panel: string;
  private jobCounter = 0;
  /** Ribbon prints left as the printer last reported them (Rcr), if it reports a count. */
  private lastRibbonCount: number | undefined;

  constructor(options: CardPrinterOptions) {
    super(
      options.link,
      {
        kind: 'cardPrinter',
        device: 'starting',
        cardStock: 'unknown',
        ribbon: 'unknown',
        cover: 'unknown',
        media: 'unknown',
      },
      {
        pollIntervalMs: options.pollIntervalMs ?? 3000,
        ...PRINTER_POLLING,
        // Replies owed by abandoned commands are dropped: a late ACK must not answer the next command
        // (e.g. the reset after a failed card).
        quietMs: options.commandTimeoutMs ?? 1000,
      },
      new CardReplyFramer(),
    );
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.printStepTimeoutMs = options.printStepTimeoutMs ?? 30_000;
    this.ribbonType = options.ribbonType ?? 'k';
    this.ribbonLowCount = options.ribbonLowCount ?? 50;
    this.panel = options.panel ?? 'k';
    this.identity = {
      id: options.id ?? 'cardPrinter',
      kind: 'cardPrinter' as const,
      driver: 'evolis',
      port: options.link.path,
    };
  }

  /** Ribbon prints left as the printer last reported them (Rcr); undefined when it gave no count. */
  ribbonRemaining(): number | undefined {
    return this.lastRibbonCount;
  }

  /** Queries sensors and ribbon count now; updates and returns the status. */
  async refreshStatus(options: CommandOptions = {}): Promise<CommandResult<CardPrinterStatus, CardPrintError>> {
    const cmd = commandSignal(options.timeoutMs ?? 10_000, options.signal, this.lifetime.signal);
    try {
      const result = await this.queryStatus(cmd.signal);
      return typeof result === 'string'
        ? fail(cardCauseCode(result), `status query failed: ${result}`, result)
        : ok(result);
    } finally {
      cmd.dispose();
    }
  }

  /**
   * Prints one card (front, optional back). Refused with the cause when the printer is not ready;
   * a card that fails mid-sequence is reported with the cause and step and is not retried.
   */
  printCard(sides: CardSides, options: CardPrintOptions = {}): Promise<CommandResult<void, CardPrintError>> {
    const jobId = options.jobId ?? `card-${++this.jobCounter}`;
    return this.jobs.run(() => this.runJob(jobId, sides, options));
  }

  private async runJob(
    jobId: string,
    sides: CardSides,
    options: CardPrintOptions,
  ): Promise<CommandResult<void, CardPrintError>> {
    const invalid = invalidSides(sides);
    if (invalid) return invalid;
    const cmd = commandSignal(options.timeoutMs ?? 120_000, options.signal, this.lifetime.signal);
    let started = false;
    const failed = async (cause: CardPrintError, step: string): Promise<CommandResult<void, CardPrintError>> => {
      if (started) {
        this.emitEvent('cardFailed', { jobId, step, cause }, true);
        // abort the sequence so the next card starts clean; best effort, its own short timeout
        if (this.link.state === 'open' && this.running)
          await this.exchange(encodeCommand('Srs'), this.commandTimeoutMs);
        await this.queryStatus(this.lifetime.signal);
      }
      return cardJobFailure(jobId, cause, started ? step : undefined);
    };
    try {
      const before = await this.queryStatus(cmd.signal);
      if (typeof before === 'string') return await failed(cmd.timedOut() ? 'timeOut' : before, 'status');
      const source = options.source ?? 'feeder';
      const blocked = cardNotReadyCause(before, source);
      if (blocked) return await failed(blocked, 'status');

      const steps: [string, Uint8Array, number][] = [
        ['ribbon', encodeCommand('Pr', this.ribbonType), this.commandTimeoutMs],
        ['insertion mode', encodeCommand('Pmi', source === 'manual' ? 'm' : 'a'), this.commandTimeoutMs],
        ['start', encodeCommand('Ss'), this.commandTimeoutMs],
        ['insert card', encodeCommand('Si'), this.printStepTimeoutMs],
      ];
      if (sides.front) {
        steps.push(
          ['front', encodeCommand('Sr'), this.printStepTimeoutMs],
          ['download front', encodeBitmapDownload(this.panel, sides.front), this.printStepTimeoutMs],
        );
      }
      if (sides.back) {
        steps.push(
          ['back', encodeCommand('Sv'), this.printStepTimeoutMs],
          ['download back', encodeBitmapDownload(this.panel, sides.back), this.printStepTimeoutMs],
        );
      }
      steps.push(['print and eject', encodeCommand('Se'), this.printStepTimeoutMs]);

      for (const [step, bytes, timeoutMs] of steps) {
        if (cmd.signal.aborted) return await failed(cmd.timedOut() ? 'timeOut' : 'canceled', step);
        if (step === 'start') started = true;
        const outcome = await this.exchange(bytes, timeoutMs, cmd.signal);
        switch (outcome.kind) {
          case 'reply':
            if (outcome.reply.kind === 'ack') continue;
            if (outcome.reply.kind === 'nack') return await failed(NACK_CAUSE[outcome.reply.code], step);
            return await failed('invalidData', step); // a text reply to an action command
          case 'timeOut':
            return await failed('timeOut', step);
          case 'offline':
            this.setStatus(cardPrinterOffline('link lost during a card'));
            return await failed('offline', step);
          case 'canceled':
            return await failed(cmd.timedOut() ? 'timeOut' : 'canceled', step);
        }
      }
      this.emitEvent('cardPrinted', { jobId, sides: sides.front && sides.back ? 2 : 1 }, true);
      await this.queryStatus(cmd.signal); // supplies changed: report thresholds now
      return ok(undefined);
    } finally {
      cmd.dispose();
    }
  }

  // ---- exchanges --------------------------------------------------------------------------------

  /** Sends one command and waits for its one reply; one exchange at a time, always with a timeout. */
  private async exchange(bytes: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<Exchange<CardReply>> {
    if (signal?.aborted || !this.running) return { kind: 'canceled' };
    const outcome = await this.replies.exchange({ bytes, timeoutMs, ...(signal ? { signal } : {}) });
    if (outcome.kind === 'timeOut') this.framer.reset();
    return outcome;
  }

  /** Rse then Rcr → status (updated and emitted on change), or the cause of failure. */
  private async queryStatus(signal?: AbortSignal): Promise<CardPrinterStatus | CardPrintError> {
    const sensors = await this.exchange(encodeCommand('Rse'), this.commandTimeoutMs, signal);
    const ribbon =
      sensors.kind === 'reply' ? await this.exchange(encodeCommand('Rcr'), this.commandTimeoutMs, signal) : sensors;
    for (const outcome of [sensors, ribbon]) {
      if (outcome.kind === 'timeOut') {
        this.setStatus(cardPrinterOffline('printer does not answer'));
        return 'timeOut';
      }
      if (outcome.kind === 'offline') {
        this.setStatus(cardPrinterOffline('link not open'));
        return 'offline';
      }
      if (outcome.kind === 'canceled') return 'canceled';
      if (outcome.reply.kind !== 'text') return 'invalidData';
    }
    if (
      sensors.kind !== 'reply' ||
      ribbon.kind !== 'reply' ||
      sensors.reply.kind !== 'text' ||
      ribbon.reply.kind !== 'text'
    )
      return 'invalidData';
    const count = /^\s*\d+\s*$/.test(ribbon.reply.text) ? Number(ribbon.reply.text) : undefined;
    this.lastRibbonCount = count;
    const status = cardStatusFromSensors(parseSensorReply(sensors.reply.text), count, this.ribbonLowCount);
    this.setStatus(status);
    return status;
  }

  protected override async poll(): Promise<void> {
    await this.queryStatus(this.lifetime.signal);
  }

  protected override reportLinkDown(detail: string): void {
    this.setStatus(cardPrinterOffline(detail));
  }

  protected override onFrame(reply: CardReply): void {
    this.replies.onReply(reply); // replies with nobody waiting (late after a timeout) are dropped
  }

  protected override onLinkLost(): void {
    this.setStatus(cardPrinterOffline('link lost'));
  }
}
