/**
 * FakeCardPrinter: a card printer in memory. printCard() records the card and answers what the
 * driver answers: refused with the cause when the printer is not ready (status from the driver's
 * own cardStatusFromSensors/cardNotReadyCause), a jammed card after jamNextCard(), a card that fails
 * partway after failNextCard() — each reported with `cardFailed` and never retried. Each printed
 * side uses one ribbon print and one blank card per card, as on the simulator. No timers unless `printMs`.
 */
import type { CardPrintOptions, CardSides } from '../card-printer/driver';
import {
  cardJobFailure,
  cardNotReadyCause,
  cardPrinterOffline,
  cardStatusRules,
  invalidSides,
  cardStatusFromSensors,
  type CardPrinterEvent,
  type CardPrinterStatus,
  type CardPrintError,
} from '../card-printer/status';
import type { CardPrinterDevice } from '../interfaces';
import { JobQueue } from '../shared/job-queue';
import { ok, type CommandResult } from '../types';
import { FakeDevice, type FakeDeviceOptions } from './fake-device';

export interface PrintedCardRecord {
  jobId: string;
  /** Absent for a card from the manual slot that got its back only. */
  front?: Uint8Array;
  /** `manual`: the resident's own card from the manual slot, not a blank from the feeder. */
  source?: 'manual';
  back?: Uint8Array;
  /** Set when the card failed partway: it may be spoiled. */
  defect?: CardPrintError;
}

export interface FakeCardPrinterOptions extends FakeDeviceOptions {
  cards?: number;
  ribbon?: number;
  /** How long a card takes (ms); 0, the default, completes at once with no timer. */
  printMs?: number;
}

const FEEDER_NEAR_EMPTY = 10;
const RIBBON_LOW = 50;

export class FakeCardPrinter extends FakeDevice<'cardPrinter', CardPrinterEvent> implements CardPrinterDevice {
  protected override readonly statusRules = cardStatusRules;
  private cards: number;
  private ribbon: number;
  private coverOpen = false;
  private jammed = false;
  private jamNext = false;
  private nextFailure: CardPrintError | undefined;
  private readonly printed: PrintedCardRecord[] = [];
  private readonly jobs = new JobQueue();
  private readonly printMs: number;
  private jobCounter = 0;

  constructor(options: FakeCardPrinterOptions = {}) {
    super('cardPrinter', 'cardPrinter', options, cardPrinterOffline('starting'));
    this.cards = options.cards ?? 100;
    this.ribbon = options.ribbon ?? 500;
    this.printMs = options.printMs ?? 0;
    this.refresh();
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Blank cards in the feeder (0: the feeder is empty). */
  setCards(count: number): void {
    this.cards = Math.max(0, Math.floor(count));
    this.refresh();
  }

  /** Ribbon prints left (0: the ribbon is used up). */
  setRibbon(count: number): void {
    this.ribbon = Math.max(0, Math.floor(count));
    this.refresh();
  }

  openCover(): void {
    this.coverOpen = true;
    this.refresh();
  }

  closeCover(): void {
    this.coverOpen = false;
    this.refresh();
  }

  /** The next card taken from the feeder jams (the printer then reports a jam until clearJam()). */
  jamNextCard(): void {
    this.jamNext = true;
  }

  /** An operator removed the jammed card. */
  clearJam(): void {
    this.jammed = false;
    this.jamNext = false;
    this.refresh();
  }

  /** The next card fails partway with `cause` (e.g. 'timeOut', 'commandRejected'); the printer stays ready. */
  failNextCard(cause: CardPrintError): void {
    this.nextFailure = cause;
  }

  /** Cards still in the feeder and ribbon prints left. */
  supplies(): { cards: number; ribbon: number } {
    return { cards: this.cards, ribbon: this.ribbon };
  }

  /** Every card that left the printer, in order (failed ones marked). */
  cardsPrinted(): PrintedCardRecord[] {
    return this.printed.map((card) => ({ ...card }));
  }

  // ---- the device -----------------------------------------------------------------------------

  printCard(sides: CardSides, options: CardPrintOptions = {}): Promise<CommandResult<void, CardPrintError>> {
    const jobId = options.jobId ?? `card-${++this.jobCounter}`;
    return this.jobs.run(() => this.runJob(jobId, sides, options));
  }

  protected override readyStatus(): CardPrinterStatus {
    const flags = {
      coverOpen: this.coverOpen,
      feederEmpty: this.cards === 0,
      feederNearEmpty: this.cards > 0 && this.cards <= FEEDER_NEAR_EMPTY,
      ribbonEnded: this.ribbon === 0,
      ribbonLow: this.ribbon > 0 && this.ribbon <= RIBBON_LOW,
      noRibbon: false,
      mechanicalError: this.jammed,
      unknown: [],
    };
    return cardStatusFromSensors(flags, this.ribbon, RIBBON_LOW);
  }

  protected override offlineStatus(detail: string): CardPrinterStatus {
    return cardPrinterOffline(detail);
  }

  private async runJob(
    jobId: string,
    sides: CardSides,
    options: CardPrintOptions,
  ): Promise<CommandResult<void, CardPrintError>> {
    const invalid = invalidSides(sides);
    if (invalid) return invalid;
    if (options.signal?.aborted) return cardJobFailure(jobId, 'canceled');
    if (!this.online) return cardJobFailure(jobId, 'offline');
    const manual = options.source === 'manual';
    const blocked = cardNotReadyCause(this.current, manual ? 'manual' : 'feeder');
    if (blocked) return cardJobFailure(jobId, blocked);
    const card: PrintedCardRecord = {
      jobId,
      ...(sides.front ? { front: Uint8Array.from(sides.front) } : {}),
      ...(sides.back ? { back: Uint8Array.from(sides.back) } : {}),
      ...(manual ? { source: 'manual' as const } : {}),
    };
    const spoiled = (cause: CardPrintError, step: string) => {
      this.printed.push({ ...card, defect: cause });
      this.emitEvent('cardFailed', { jobId, step, cause }, true);
      this.refresh();
      return cardJobFailure(jobId, cause, step);
    };
    if (!manual) this.cards--;
    if (this.jamNext) {
      this.jamNext = false;
      this.jammed = true;
      return spoiled('cardJam', 'insert card');
    }
    const took = await this.takeTime(this.printMs, options.timeoutMs ?? 120_000, options.signal);
    if (took !== 'done') return spoiled(took, 'front');
    const cause = this.nextFailure;
    this.nextFailure = undefined;
    if (cause) return spoiled(cause, 'print and eject');
    const prints = (sides.front ? 1 : 0) + (sides.back ? 1 : 0);
    if (this.ribbon < prints) {
      this.ribbon = 0;
      return spoiled('ribbonOut', 'print and eject');
    }
    this.ribbon -= prints;
    this.printed.push(card);
    this.emitEvent('cardPrinted', { jobId, sides: sides.front && sides.back ? 2 : 1 }, true);
    this.refresh();
    return ok(undefined);
  }
}
