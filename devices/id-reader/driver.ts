/**
 * IdCardReader: the kiosk's driver for a SAM resident-ID-card reader over any ByteLink.
 *
 * It polls "find card"; on a new card it selects and reads text + photo, decodes the text block and
 * emits `cardRead` once per insertion (or one `readFailed`, after a bounded number of attempts), and
 * `cardRemoved` when polls stop finding the card. It reads the SAM id for the identity's serial
 * number, maps SAM faults to 'hardwareError', goes 'offline' when the link drops or the reader stops
 * answering and resumes by itself when the link comes back.
 */
import { maskIdNumber } from '../../contract/id-number';
import type { ByteLink } from '../link';
import { Listeners } from '../link/listeners';
import {
  fail,
  ok,
  type CommandOptions,
  type CommandResult,
  type CompletionCode,
  type Device,
  type DeviceEvent,
  type DeviceIdentity,
  type DeviceListeners,
  type StatusOf,
} from '../types';
import { CommandQueue, type Exchange } from './command-queue';
import { decodeCardData, formatSamId, type CommandName, type DecodedResponse } from './frame';
import { IdFrameParser } from './framer';
import { describeStatus, SW3, type IdReaderError } from './status-codes';
import { decodeTextBlock, type IdCardRecord } from './text-block';

export interface CardRead {
  record: IdCardRecord;
  /** 1024 bytes of WLT-compressed photo, opaque to the kiosk. */
  photo: Uint8Array;
}

export interface ReadFailure {
  code: Exclude<CompletionCode, 'success'>;
  error: IdReaderError;
  message: string;
}

export type IdReaderEvent =
  | DeviceEvent<'cardRead', CardRead>
  | DeviceEvent<'cardRemoved', Record<string, never>>
  | DeviceEvent<'readFailed', ReadFailure>;

export interface IdReaderTimeouts {
  find: number;
  select: number;
  read: number;
  sam: number;
}

export interface IdCardReaderOptions {
  id?: string;
  pollIntervalMs?: number;
  timeouts?: Partial<IdReaderTimeouts>;
  /** Consecutive "no card" polls before a present card counts as removed. Default 2. */
  removalMisses?: number;
  /** Select+read attempts per insertion before one readFailed. Default 2. */
  maxReadAttempts?: number;
  /** Consecutive timeouts before the reader counts as offline. Default 3. */
  offlineAfterTimeouts?: number;
  /** How often to retry the SAM id while the SAM is faulty. Default 1000 ms. */
  samRetryMs?: number;
  /** Structured log sink; entries never carry personal data (ID numbers are masked). */
  log?: (entry: { event: string; detail?: string }) => void;
  /** Clock for birth-date validation (tests). */
  today?: () => Date;
}

type ReaderStatus = StatusOf<'idCardReader'>;

const defaultTimeouts: IdReaderTimeouts = { find: 100, select: 100, read: 2000, sam: 300 };

const commandTimeout = (t: IdReaderTimeouts, c: CommandName): number => {
  switch (c) {
    case 'readSamId':
      return t.sam;
    case 'findCard':
      return t.find;
    case 'selectCard':
      return t.select;
    case 'readTextAndPhoto':
    case 'readExtraAddress':
      return t.read;
    case 'readWithFingerprint':
      return t.read + 1000;
  }
};

/** Whether `reply` can be the answer to `command` (drops stale replies of other commands). */
export function plausibleReply(command: CommandName, reply: DecodedResponse): boolean {
  if (reply.sw3 === SW3.cardFound) return command === 'findCard' && reply.data.length === 4;
  if (reply.sw3 !== SW3.success) return command !== 'findCard' || reply.sw3 !== SW3.success;
  switch (command) {
    case 'findCard':
      return false;
    case 'selectCard':
      return reply.data.length === 8;
    case 'readSamId':
    case 'readExtraAddress':
      return true;
    case 'readTextAndPhoto':
      return decodeCardData(reply.data, false) !== null;
    case 'readWithFingerprint':
      return decodeCardData(reply.data, true) !== null;
  }
}

/** Driver for the SAM ID-card reader; see the module comment. */
export class IdCardReader implements Device<'idCardReader', IdReaderEvent> {
  private readonly listeners = new Listeners<DeviceListeners<'idCardReader', IdReaderEvent>>();
  private readonly framer = new IdFrameParser();
  private readonly queue: CommandQueue;
  private readonly timeouts: IdReaderTimeouts;
  private readonly pollIntervalMs: number;
  private readonly removalMisses: number;
  private readonly maxReadAttempts: number;
  private readonly offlineAfterTimeouts: number;
  private readonly samRetryMs: number;
  private readonly log: NonNullable<IdCardReaderOptions['log']>;
  private readonly today: () => Date;
  private readonly id: string;
  private current: ReaderStatus = { kind: 'idCardReader', device: 'noDevice', media: 'unknown' };
  private serialNumber: string | undefined;
  private samKnown = false;
  private nextSamAttemptAt = 0;
  private running = false;
  private polling = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private insertionHandled = false;
  private misses = 0;
  private consecutiveTimeouts = 0;
  private explicitReads = 0;
  private offLink: Array<() => void> = [];

  constructor(
    private readonly link: ByteLink,
    options: IdCardReaderOptions = {},
  ) {
    this.id = options.id ?? 'idReader';
    this.timeouts = { ...defaultTimeouts, ...options.timeouts };
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.removalMisses = options.removalMisses ?? 2;
    this.maxReadAttempts = options.maxReadAttempts ?? 2;
    this.offlineAfterTimeouts = options.offlineAfterTimeouts ?? 3;
    this.samRetryMs = options.samRetryMs ?? 1000;
    this.log = options.log ?? (() => undefined);
    this.today = options.today ?? (() => new Date());
    this.queue = new CommandQueue(link, plausibleReply);
    this.framer.on('data', (frame: Buffer) => this.queue.onFrame(frame));
  }

  get identity(): DeviceIdentity & { kind: 'idCardReader' } {
    return {
      id: this.id,
      kind: 'idCardReader',
      driver: 'sam-serial',
      port: this.link.path,
      model: 'SAM resident ID card reader',
      ...(this.serialNumber ? { serialNumber: this.serialNumber } : {}),
    };
  }

  status(): ReaderStatus {
    return { ...this.current };
  }

  on<L extends keyof DeviceListeners<'idCardReader', IdReaderEvent>>(
    name: L,
    listener: DeviceListeners<'idCardReader', IdReaderEvent>[L],
  ): () => void {
    return this.listeners.on(name, listener);
  }

  /** Opens the link and starts polling once it is open. Never throws for a missing device. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.offLink = [
      this.link.on('data', (chunk) => this.framer.write(chunk)),
      this.link.on('open', () => this.onLinkOpen()),
      this.link.on('close', (error) => this.onLinkClose(error)),
    ];
    await this.link.open().catch(() => undefined);
    if (this.link.state === 'open' && !this.polling) this.onLinkOpen();
  }

  /** Stops polling, completes pending commands with `canceled` and closes the link. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.queue.failAll('canceled');
    for (const off of this.offLink) off();
    this.offLink = [];
    this.framer.reset();
    await this.link.close().catch(() => undefined);
    this.setStatus({ device: 'offline', media: 'unknown', detail: 'driver stopped' });
  }

  /**
   * Reads the card now (find, select, read), independent of polling. Completes with noMedia when no
   * card is on the reader; `timeoutMs` bounds the whole command (default 3000).
   */
  async readCard(options: CommandOptions = {}): Promise<CommandResult<CardRead, IdReaderError>> {
    if (!this.running || this.link.state !== 'open')
      return fail('deviceNotReady', 'reader link is not open', 'linkDown');
    if (this.current.device === 'hardwareError') {
      return fail('hardwareError', this.current.detail ?? 'reader hardware error', 'samError');
    }
    const deadline = performance.now() + (options.timeoutMs ?? 3000);
    this.explicitReads++;
    try {
      const find = await this.run('findCard', deadline, options.signal);
      if (find.kind !== 'reply') return this.exchangeFailure('findCard', find);
      if (find.reply.sw3 !== SW3.cardFound) return this.statusFailure(find.reply.sw3);
      const result = await this.selectAndRead(deadline, options.signal);
      if (result.ok) {
        this.insertionHandled = true;
        this.setStatus({ media: 'present' });
      }
      return result;
    } finally {
      this.explicitReads--;
    }
  }

  // --- link events ------------------------------------------------------------------------------

  private onLinkOpen(): void {
    if (!this.running) return;
    this.framer.reset();
    this.samKnown = false;
    this.nextSamAttemptAt = 0;
    this.consecutiveTimeouts = 0;
    this.log({ event: 'idReader.linkOpen', detail: this.link.path });
    if (this.current.device !== 'hardwareError') this.setStatus({ device: 'starting', detail: undefined });
    if (!this.polling) {
      this.polling = true;
      this.pollTimer = setTimeout(() => void this.pollLoop(), 0);
    }
  }

  private onLinkClose(error?: Error): void {
    if (!this.running) return;
    this.framer.reset();
    this.queue.failAll('linkDown');
    // After a link loss nobody knows whether the card stayed: a card found afterwards is read again.
    this.insertionHandled = false;
    this.misses = 0;
    this.log({ event: 'idReader.linkLost', detail: error?.message ?? 'closed' });
    this.setStatus({
      device: 'offline',
      media: 'unknown',
      detail: `link lost: ${error?.message ?? 'closed'}`.slice(0, 200),
    });
  }

  // --- polling ----------------------------------------------------------------------------------

  private async pollLoop(): Promise<void> {
    this.pollTimer = undefined;
    const startedAt = performance.now();
    try {
      await this.pollOnce();
    } catch (error) {
      this.log({ event: 'idReader.pollError', detail: String(error).slice(0, 200) });
    }
    if (!this.running || this.link.state !== 'open') {
      this.polling = false;
      return;
    }
    const elapsed = performance.now() - startedAt;
    this.pollTimer = setTimeout(() => void this.pollLoop(), Math.max(0, this.pollIntervalMs - elapsed));
  }

  private async pollOnce(): Promise<void> {
    if (!this.samKnown && performance.now() >= this.nextSamAttemptAt) await this.readSam();
    if (this.current.device === 'hardwareError' || this.explicitReads > 0) return;
    const find = await this.queue.exchange('findCard', this.timeouts.find);
    if (find.kind !== 'reply') {
      this.noteExchange(find);
      return;
    }
    this.noteResponsive();
    const sw3 = find.reply.sw3;
    if (sw3 === SW3.cardFound) {
      this.misses = 0;
      if (!this.insertionHandled) {
        this.insertionHandled = true;
        this.setStatus({ media: 'present' });
        await this.readInsertedCard();
      }
    } else if (sw3 === SW3.findCardFailed) {
      this.onNoCard();
    } else {
      this.noteStatusFault(sw3);
    }
  }

  private onNoCard(): void {
    if (this.current.media !== 'present' && !this.insertionHandled) {
      this.setStatus({ media: 'notPresent' });
      return;
    }
    if (++this.misses < this.removalMisses) return;
    this.misses = 0;
    this.insertionHandled = false;
    this.setStatus({ media: 'notPresent' });
    this.log({ event: 'idReader.cardRemoved' });
    this.emitEvent('cardRemoved', {});
  }

  /** One insertion: bounded select+read attempts, then exactly one cardRead or readFailed. */
  private async readInsertedCard(): Promise<void> {
    let result: CommandResult<CardRead, IdReaderError> = fail('internalError', 'no attempt made', 'readFailed');
    for (let attempt = 1; attempt <= this.maxReadAttempts; attempt++) {
      result = await this.selectAndRead(performance.now() + this.timeouts.select + this.timeouts.read);
      if (result.ok || !this.running || this.link.state !== 'open') break;
      const { code, error } = result.error;
      const retryable = error === 'readFailed' || error === 'communicationError' || code === 'timeOut';
      if (!retryable || attempt === this.maxReadAttempts) break;
      // Is the card still there? A removed card ends the attempt instead of retrying.
      const find = await this.queue.exchange('findCard', this.timeouts.find);
      if (find.kind === 'reply' && find.reply.sw3 === SW3.findCardFailed) {
        result = fail('userError', 'card removed before the read finished', 'noMedia');
        this.misses = 1;
        break;
      }
    }
    if (!this.running) return;
    if (result.ok) {
      this.log({ event: 'idReader.cardRead', detail: describeForLog(result.value.record) });
      this.emitEvent('cardRead', result.value);
    } else {
      const { code, error, message } = result.error;
      this.log({ event: 'idReader.readFailed', detail: `${code}/${error ?? '-'}: ${message}` });
      this.emitEvent('readFailed', { code, error: error ?? 'readFailed', message });
    }
  }

  private async selectAndRead(deadline: number, signal?: AbortSignal): Promise<CommandResult<CardRead, IdReaderError>> {
    const select = await this.run('selectCard', deadline, signal);
    if (select.kind !== 'reply') return this.exchangeFailure('selectCard', select);
    this.noteResponsive();
    if (select.reply.sw3 !== SW3.success) return this.statusFailure(select.reply.sw3);
    const read = await this.run('readTextAndPhoto', deadline, signal);
    if (read.kind !== 'reply') return this.exchangeFailure('readTextAndPhoto', read);
    this.noteResponsive();
    if (read.reply.sw3 !== SW3.success) return this.statusFailure(read.reply.sw3);
    const card = decodeCardData(read.reply.data, false);
    if (!card) return fail('invalidData', 'read reply has inconsistent length fields', 'readFailed');
    const decoded = decodeTextBlock(card.text, { today: this.today() });
    if (!decoded.ok) {
      return fail('invalidData', `card text rejected: ${decoded.problem} in ${decoded.field}`, 'invalidMedia');
    }
    return ok({ record: decoded.record, photo: Uint8Array.from(card.photo) });
  }

  /** Runs one exchange with the command's own timeout, shortened to the overall deadline. */
  private async run(command: CommandName, deadline: number, signal?: AbortSignal): Promise<Exchange> {
    const remaining = Math.floor(deadline - performance.now());
    if (remaining <= 0) return { kind: 'timeOut' };
    const exchange = await this.queue.exchange(
      command,
      Math.min(commandTimeout(this.timeouts, command), remaining),
      signal,
    );
    if (exchange.kind === 'timeOut') this.noteExchange(exchange);
    return exchange;
  }

  private async readSam(): Promise<void> {
    const sam = await this.queue.exchange('readSamId', this.timeouts.sam);
    if (sam.kind !== 'reply') {
      this.noteExchange(sam);
      this.nextSamAttemptAt = performance.now() + this.samRetryMs;
      return;
    }
    this.noteResponsive();
    if (sam.reply.sw3 === SW3.success) {
      this.samKnown = true;
      this.serialNumber = formatSamId(sam.reply.data);
      this.log({ event: 'idReader.samId', detail: this.serialNumber });
      if (this.current.device === 'hardwareError') this.setStatus({ device: 'online', detail: undefined });
      return;
    }
    this.nextSamAttemptAt = performance.now() + this.samRetryMs;
    this.noteStatusFault(sam.reply.sw3, true);
  }

  // --- status bookkeeping -----------------------------------------------------------------------

  private noteResponsive(): void {
    this.consecutiveTimeouts = 0;
    if (this.current.device === 'starting' || this.current.device === 'offline') {
      this.setStatus({ device: 'online', detail: undefined });
    }
  }

  private noteExchange(exchange: Exchange): void {
    if (exchange.kind !== 'timeOut') return;
    if (++this.consecutiveTimeouts >= this.offlineAfterTimeouts && this.current.device !== 'offline') {
      this.setStatus({ device: 'offline', media: 'unknown', detail: 'reader not answering (timeOut)' });
    }
  }

  private noteStatusFault(sw3: number, samCommand = false): void {
    const info = describeStatus(sw3);
    if (info.deviceFault || samCommand) {
      this.samKnown = false;
      this.nextSamAttemptAt = performance.now() + this.samRetryMs;
      this.setStatus({ device: 'hardwareError', detail: `${info.meaning} (SW3 0x${sw3.toString(16)})` });
    }
  }

  private statusFailure(sw3: number): CommandResult<never, IdReaderError> {
    const info = describeStatus(sw3);
    this.noteStatusFault(sw3);
    return fail(
      info.completion === 'success' ? 'internalError' : info.completion,
      info.message,
      info.error ?? 'unknownStatus',
    );
  }

  private exchangeFailure(
    command: CommandName,
    exchange: Exclude<Exchange, { kind: 'reply' }>,
  ): CommandResult<never, IdReaderError> {
    switch (exchange.kind) {
      case 'timeOut':
        return fail('timeOut', `${command}: no reply within ${commandTimeout(this.timeouts, command)} ms`, 'timeOut');
      case 'canceled':
        return fail('canceled', `${command}: canceled`);
      case 'linkDown':
        return fail('deviceNotReady', `${command}: link lost`, 'linkDown');
    }
  }

  private setStatus(patch: Partial<Omit<ReaderStatus, 'kind'>>): void {
    const next: ReaderStatus = { ...this.current, ...patch };
    if (next.detail === undefined) delete next.detail;
    if (next.device === this.current.device && next.media === this.current.media && next.detail === this.current.detail)
      return;
    this.current = next;
    this.listeners.emit('status', { ...next });
  }

  private emitEvent<N extends IdReaderEvent['name']>(name: N, data: Extract<IdReaderEvent, { name: N }>['data']): void {
    this.listeners.emit('event', { name, solicited: false, data, at: new Date() } as IdReaderEvent);
  }
}

/** Card type and masked number only: never a name or a photo in logs. */
function describeForLog(record: IdCardRecord): string {
  switch (record.type) {
    case 'resident':
    case 'hkMacaoTaiwanResidence':
      return `${record.type} ${maskIdNumber(record.idNumber)}`;
    case 'foreignPermanentResidentOld':
    case 'foreignPermanentResident2023':
      return `${record.type} ${maskIdNumber(record.cardNumber)}`;
  }
}
