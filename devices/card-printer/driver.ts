/**
 * CardPrinter: the Evolis-style card printer driver over a ByteLink (ACK/NACK mode).
 *
 * - Status = Rse (state words) + Rcr (ribbon count), queried before every card (refused with the
 *   cause when the feeder is empty, the ribbon is out, the cover is open or a card is jammed) and
 *   by idle polling, which emits `status` and unsolicited events only on change.
 * - One command in flight at a time, each with a timeout, answered through one data listener.
 * - A card is printed by a fixed sequence; a NACK stops it, the printer is reset (Srs) and the job
 *   is reported failed with the cause and the step reached. Jobs are queued, never retried.
 * - Link loss → offline; recovery when the link reopens and the printer answers.
 */
import type { ByteLink } from '../link';
import { PolledLinkDevice } from '../polled-link-device';
import { Emitter, JobQueue, OwedReplies, commandSignal } from '../receipt-printer/plumbing';
import {
  fail,
  ok,
  type CommandOptions,
  type CommandResult,
  type Device,
  type DeviceEvent,
  type DeviceListeners,
  type StatusOf,
} from '../types';
import { PANEL_BYTES } from './bitmap';
import {
  CardReplyFramer,
  encodeBitmapDownload,
  encodeCommand,
  parseSensorReply,
  type CardReply,
  type NackCode,
  type SensorFlags,
} from './protocol';

export type CardPrinterStatus = StatusOf<'cardPrinter'>;
export type CardPrintError =
  | 'feederEmpty'
  | 'ribbonOut'
  | 'coverOpen'
  | 'cardJam'
  | 'offline'
  | 'timeOut'
  | 'canceled'
  | 'commandRejected'
  | 'invalidData';

export type CardPrinterEvent =
  | DeviceEvent<'cardStockThreshold', { cardStock: CardPrinterStatus['cardStock'] }>
  | DeviceEvent<'ribbonThreshold', { ribbon: CardPrinterStatus['ribbon'] }>
  | DeviceEvent<'coverChanged', { cover: CardPrinterStatus['cover'] }>
  | DeviceEvent<'mediaChanged', { media: CardPrinterStatus['media'] }>
  | DeviceEvent<'deviceChanged', { device: CardPrinterStatus['device'] }>
  | DeviceEvent<'cardFailed', { jobId: string; step: string; cause: CardPrintError }>
  /** A card printed and ejected; `sides` ribbon panels were used (for consumable counting). */
  | DeviceEvent<'cardPrinted', { jobId: string; sides: 1 | 2 }>;

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

type Exchange = { kind: 'reply'; reply: CardReply } | { kind: 'timeout' } | { kind: 'offline' } | { kind: 'canceled' };

const OFFLINE = (detail: string): CardPrinterStatus => ({
  kind: 'cardPrinter',
  device: 'offline',
  cardStock: 'unknown',
  ribbon: 'unknown',
  cover: 'unknown',
  media: 'unknown',
  detail,
});

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

const CAUSE_CODE: Record<
  CardPrintError,
  'userError' | 'hardwareError' | 'deviceNotReady' | 'timeOut' | 'canceled' | 'invalidData' | 'internalError'
> = {
  feederEmpty: 'userError',
  ribbonOut: 'userError',
  coverOpen: 'userError',
  cardJam: 'hardwareError',
  offline: 'deviceNotReady',
  timeOut: 'timeOut',
  canceled: 'canceled',
  commandRejected: 'internalError',
  invalidData: 'invalidData',
};

/** Maps sensor words and the ribbon count to the kiosk status. */
export function cardStatusFromSensors(
  flags: SensorFlags,
  ribbonCount: number | undefined,
  ribbonLowCount: number,
): CardPrinterStatus {
  const cardStock = flags.feederEmpty ? 'out' : flags.feederNearEmpty ? 'low' : 'full';
  const ribbon =
    flags.ribbonEnded || flags.noRibbon || ribbonCount === 0
      ? 'out'
      : flags.ribbonLow || (ribbonCount !== undefined && ribbonCount <= ribbonLowCount)
        ? 'low'
        : 'full';
  const cover = flags.coverOpen ? 'open' : 'closed';
  const media = flags.mechanicalError ? 'jammed' : 'ok';
  const device =
    media === 'jammed'
      ? 'hardwareError'
      : cover === 'open' || cardStock === 'out' || ribbon === 'out'
        ? 'userError'
        : 'online';
  const detail = [
    media === 'jammed' ? 'card jammed: open the cover and remove the card' : '',
    cover === 'open' ? 'cover open: close the printer cover' : '',
    cardStock === 'out' ? 'no blank cards: refill the feeder' : cardStock === 'low' ? 'few blank cards left' : '',
    ribbon === 'out'
      ? 'ribbon used up: replace the ribbon'
      : ribbon === 'low'
        ? `ribbon low${ribbonCount !== undefined ? ` (${ribbonCount} prints left)` : ''}`
        : '',
    flags.unknown.length ? `printer reports ${flags.unknown.join(',').slice(0, 60)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const base = { kind: 'cardPrinter' as const, device, cardStock, ribbon, cover, media } satisfies CardPrinterStatus;
  return detail ? { ...base, detail } : base;
}

/** The cause that blocks printing, or undefined when a card can be printed (a manual card needs no blank cards). */
export function cardNotReadyCause(s: CardPrinterStatus, source: 'feeder' | 'manual' = 'feeder'): CardPrintError | undefined {
  if (s.media === 'jammed') return 'cardJam';
  if (s.cover === 'open') return 'coverOpen';
  if (s.cardStock === 'out' && source === 'feeder') return 'feederEmpty';
  if (s.ribbon === 'out') return 'ribbonOut';
  if (s.device === 'offline') return 'offline';
  return undefined;
}

const same = (a: CardPrinterStatus, b: CardPrinterStatus) =>
  a.device === b.device &&
  a.cardStock === b.cardStock &&
  a.ribbon === b.ribbon &&
  a.cover === b.cover &&
  a.media === b.media &&
  a.detail === b.detail;

/** The card printer driver. */
export class CardPrinter extends PolledLinkDevice implements Device<'cardPrinter', CardPrinterEvent> {
  readonly identity;
  private readonly commandTimeoutMs: number;
  private readonly printStepTimeoutMs: number;
  private readonly ribbonType: string;
  private readonly ribbonLowCount: number;
  private readonly panel: string;
  private readonly emitter = new Emitter<DeviceListeners<'cardPrinter', CardPrinterEvent>>();
  private readonly exchanges = new JobQueue();
  private readonly framer = new CardReplyFramer();
  private current: CardPrinterStatus = {
    kind: 'cardPrinter',
    device: 'starting',
    cardStock: 'unknown',
    ribbon: 'unknown',
    cover: 'unknown',
    media: 'unknown',
  };
  private pending: ((outcome: Exchange) => void) | undefined;
  /** Ribbon prints left as the printer last reported them (Rcr), if it reports a count. */
  private lastRibbonCount: number | undefined;
  /** Replies owed by abandoned commands: a late ACK must not answer the next command (e.g. the reset after a failed card). */
  private readonly owed: OwedReplies;
  private jobCounter = 0;

  constructor(options: CardPrinterOptions) {
    super(options.link, options.pollIntervalMs ?? 3000);
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.owed = new OwedReplies(this.commandTimeoutMs);
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

  /** The last known status. */
  status(): CardPrinterStatus {
    return this.current;
  }

  /** Ribbon prints left as the printer last reported them (Rcr); undefined when it gave no count. */
  ribbonRemaining(): number | undefined {
    return this.lastRibbonCount;
  }

  /** Adds a listener for `status` or `event`; returns its remover. */
  on<L extends keyof DeviceListeners<'cardPrinter', CardPrinterEvent>>(
    name: L,
    listener: DeviceListeners<'cardPrinter', CardPrinterEvent>[L],
  ): () => void {
    return this.emitter.on(name, listener);
  }

  /** Queries sensors and ribbon count now; updates and returns the status. */
  async refreshStatus(options: CommandOptions = {}): Promise<CommandResult<CardPrinterStatus, CardPrintError>> {
    const cmd = commandSignal(options.timeoutMs ?? 10_000, options.signal, this.lifetime.signal);
    try {
      const result = await this.queryStatus(cmd.signal);
      return typeof result === 'string'
        ? fail(CAUSE_CODE[result], `status query failed: ${result}`, result)
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
    if (!sides.front && !sides.back) return fail('invalidData', 'a card needs at least one side to print', 'invalidData');
    for (const [name, panel] of [
      ['front', sides.front],
      ['back', sides.back],
    ] as const) {
      if (panel && panel.length !== PANEL_BYTES)
        return fail('invalidData', `${name} panel must be ${PANEL_BYTES} bytes, got ${panel.length}`, 'invalidData');
    }
    const cmd = commandSignal(options.timeoutMs ?? 120_000, options.signal, this.lifetime.signal);
    let started = false;
    const failed = async (cause: CardPrintError, step: string): Promise<CommandResult<void, CardPrintError>> => {
      if (started) {
        this.emitter.emit('event', {
          name: 'cardFailed',
          solicited: true,
          data: { jobId, step, cause },
          at: new Date(),
        });
        // abort the sequence so the next card starts clean; best effort, its own short timeout
        if (this.link.state === 'open' && this.running)
          await this.exchange(encodeCommand('Srs'), this.commandTimeoutMs);
        await this.queryStatus(this.lifetime.signal);
      }
      const when = started ? `failed at ${step}` : 'not printed';
      return fail(
        started
          ? CAUSE_CODE[cause]
          : cause === 'canceled' || cause === 'timeOut'
            ? CAUSE_CODE[cause]
            : 'deviceNotReady',
        `${jobId} ${when}: ${cause}${started ? '; the card may be spoiled — not reprinted automatically' : ''}`,
        cause,
      );
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
          case 'timeout':
            return await failed('timeOut', step);
          case 'offline':
            this.setStatus(OFFLINE('link lost during a card'));
            return await failed('offline', step);
          case 'canceled':
            return await failed(cmd.timedOut() ? 'timeOut' : 'canceled', step);
        }
      }
      this.emitter.emit('event', { name: 'cardPrinted', solicited: true, data: { jobId, sides: sides.front && sides.back ? 2 : 1 }, at: new Date() });
      await this.queryStatus(cmd.signal); // supplies changed: report thresholds now
      return ok(undefined);
    } finally {
      cmd.dispose();
    }
  }

  // ---- exchanges --------------------------------------------------------------------------------

  /** Sends one command and waits for its one reply; one exchange at a time, always with a timeout. */
  private exchange(bytes: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<Exchange> {
    return this.exchanges.run(async () => {
      if (signal?.aborted || !this.running) return { kind: 'canceled' } as const;
      if (this.link.state !== 'open') return { kind: 'offline' } as const;
      await this.owed.settle(signal);
      if (signal?.aborted || !this.running) return { kind: 'canceled' } as const;
      return new Promise<Exchange>((resolve) => {
        const onAbort = () => finish({ kind: 'canceled' });
        const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
        const finish = (outcome: Exchange) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (this.pending === finish) {
            this.pending = undefined;
            // Sent but not answered: its reply may still come, and must not answer the next command.
            if (outcome.kind === 'timeout' || outcome.kind === 'canceled') this.owed.abandon(1);
          }
          if (outcome.kind === 'timeout') this.framer.reset();
          resolve(outcome);
        };
        this.pending = finish;
        signal?.addEventListener('abort', onAbort, { once: true });
        this.link.write(bytes).catch(() => finish({ kind: 'offline' }));
      });
    });
  }

  /** Rse then Rcr → status (updated and emitted on change), or the cause of failure. */
  private async queryStatus(signal?: AbortSignal): Promise<CardPrinterStatus | CardPrintError> {
    const sensors = await this.exchange(encodeCommand('Rse'), this.commandTimeoutMs, signal);
    const ribbon =
      sensors.kind === 'reply' ? await this.exchange(encodeCommand('Rcr'), this.commandTimeoutMs, signal) : sensors;
    for (const outcome of [sensors, ribbon]) {
      if (outcome.kind === 'timeout') {
        this.setStatus(OFFLINE('printer does not answer'));
        return 'timeOut';
      }
      if (outcome.kind === 'offline') {
        this.setStatus(OFFLINE('link not open'));
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

  protected override queryStatusNow(signal: AbortSignal): Promise<unknown> {
    return this.queryStatus(signal);
  }

  protected override reportOffline(detail: string): void {
    this.setStatus(OFFLINE(detail));
  }

  protected override cancelPending(): void {
    this.pending?.({ kind: 'canceled' });
  }

  protected override onData(chunk: Buffer): void {
    this.owed.activity();
    for (const reply of this.framer.push(chunk)) {
      if (this.owed.absorb()) continue; // a late answer to an abandoned command
      const pending = this.pending;
      if (pending) pending({ kind: 'reply', reply }); // replies with nobody waiting (late after a timeout) are dropped
    }
  }

  protected override onLinkClosed(): void {
    this.framer.reset();
    this.owed.reset();
    this.pending?.({ kind: 'offline' });
    this.setStatus(OFFLINE('link lost'));
  }

  private setStatus(next: CardPrinterStatus): void {
    const previous = this.current;
    if (same(previous, next)) return;
    if (
      previous.device === 'offline' &&
      next.device === 'offline' &&
      previous.cover === 'unknown' &&
      next.cover === 'unknown'
    )
      return;
    this.current = next;
    this.emitter.emit('status', next);
    const changed = (from: string, to: string, problems: string[]) =>
      from !== to && to !== 'unknown' && (from !== 'unknown' || problems.includes(to));
    const at = new Date();
    if (next.device !== previous.device)
      this.emitter.emit('event', { name: 'deviceChanged', solicited: false, data: { device: next.device }, at });
    if (changed(previous.cardStock, next.cardStock, ['low', 'out']))
      this.emitter.emit('event', {
        name: 'cardStockThreshold',
        solicited: false,
        data: { cardStock: next.cardStock },
        at,
      });
    if (changed(previous.ribbon, next.ribbon, ['low', 'out']))
      this.emitter.emit('event', { name: 'ribbonThreshold', solicited: false, data: { ribbon: next.ribbon }, at });
    if (changed(previous.cover, next.cover, ['open']))
      this.emitter.emit('event', { name: 'coverChanged', solicited: false, data: { cover: next.cover }, at });
    if (changed(previous.media, next.media, ['jammed']))
      this.emitter.emit('event', { name: 'mediaChanged', solicited: false, data: { media: next.media }, at });
  }
}
