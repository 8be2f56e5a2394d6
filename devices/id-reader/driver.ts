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
import { ReplyDevice } from '../shared/reply-device';
import type { Exchange } from '../shared/reply-matcher';
import {
  fail,
  ok,
  type CommandOptions,
  type CommandResult,
  type DeviceError,
  type DeviceEvent,
  type DeviceIdentity,
} from '../types';
import {
  decodeCardData,
  decodeResponse,
  encodeRequest,
  formatSamId,
  type CommandName,
  type DecodedResponse,
} from './frame';
import { commandTimeout, defaultTimeouts, plausibleReply, type IdReaderTimeouts } from './commands';
import { IdFrameParser } from './framer';
import { describeStatus, SW3, type IdReaderError } from './status-codes';
import { decodeTextBlock, type IdCardRecord } from './text-block';

export interface CardRead {
  record: IdCardRecord;
  /** 1024 bytes of WLT-compressed photo, opaque to the kiosk. */
  photo: Uint8Array;
}

export type { IdReaderTimeouts };

/** A read that failed: a DeviceError that always names its cause. */
export type ReadFailure = Required<DeviceError<IdReaderError>>;

export type IdReaderEvent =
  | DeviceEvent<'cardRead', CardRead>
  | DeviceEvent<'cardRemoved', Record<string, never>>
  | DeviceEvent<'readFailed', ReadFailure>;

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

type IdExchange = Exchange<DecodedResponse>;

/** Driver for the SAM ID-card reader; see the module comment. */
export class IdCardReader extends ReplyDevice<'idCardReader', IdReaderEvent, Buffer, DecodedResponse> {
  private readonly timeouts: IdReaderTimeouts;
  private readonly removalMisses: number;
  private readonly maxReadAttempts: number;
  private readonly offlineAfterTimeouts: number;
  private readonly samRetryMs: number;
  private readonly log: NonNullable<IdCardReaderOptions['log']>;
  private readonly today: () => Date;
  private readonly id: string;
  private serialNumber: string | undefined;
  private samKnown = false;
  private nextSamAttemptAt = 0;
  private insertionHandled = false;
  private misses = 0;
  private consecutiveTimeouts = 0;

  constructor(link: ByteLink, options: IdCardReaderOptions = {}) {
    super(
      link,
      { kind: 'idCardReader', device: 'noDevice', media: 'unknown' },
      // One request at a time; a cancelled request keeps the wire until its reply or timeout (replies carry no id).
      { pollIntervalMs: options.pollIntervalMs ?? 100, quietMs: 0, holdCanceled: true },
      new IdFrameParser(),
    );
    this.id = options.id ?? 'idReader';
    this.timeouts = { ...defaultTimeouts, ...options.timeouts };
    this.removalMisses = options.removalMisses ?? 2;
    this.maxReadAttempts = options.maxReadAttempts ?? 2;
    this.offlineAfterTimeouts = options.offlineAfterTimeouts ?? 3;
    this.samRetryMs = options.samRetryMs ?? 1000;
    this.log = options.log ?? (() => undefined);
    this.today = options.today ?? (() => new Date());
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

  /**
   * Reads the card now (find, select, read), independent of polling. Completes with noMedia when no
   * card is on the reader; `timeoutMs` bounds the whole command (default 3000).
   */
  async readCard(options: CommandOptions = {}): Promise<CommandResult<CardRead, IdReaderError>> {
    if (!this.running || this.link.state !== 'open')
      return fail('deviceNotReady', 'reader link is not open', 'offline');
    if (this.current.device === 'hardwareError') {
      return fail('hardwareError', this.current.detail ?? 'reader hardware error', 'samError');
    }
    const deadline = performance.now() + (options.timeoutMs ?? 3000);
    // A job: polls wait while it runs.
    return this.jobs.run(async () => {
      const find = await this.run('findCard', deadline, options.signal);
      if (find.kind !== 'reply') return this.exchangeFailure('findCard', find);
      if (find.reply.sw3 !== SW3.cardFound) return this.statusFailure(find.reply.sw3);
      const result = await this.selectAndRead(deadline, options.signal);
      if (result.ok) {
        this.insertionHandled = true;
        this.patchStatus({ media: 'present' });
      }
      return result;
    });
  }

  // --- link events ------------------------------------------------------------------------------

  protected override onFrame(frame: Buffer): void {
    this.replies.onReply(decodeResponse(frame));
  }

  protected override onLinkOpen(): void {
    this.framer.reset();
    this.samKnown = false;
    this.nextSamAttemptAt = 0;
    this.consecutiveTimeouts = 0;
    this.log({ event: 'idReader.linkOpen', detail: this.link.path });
    if (this.current.device !== 'hardwareError') this.patchStatus({ device: 'starting', detail: undefined });
    this.pollSoon();
  }

  protected override onLinkLost(error?: Error): void {
    // After a link loss nobody knows whether the card stayed: a card found afterwards is read again.
    this.insertionHandled = false;
    this.misses = 0;
    this.log({ event: 'idReader.linkLost', detail: error?.message ?? 'closed' });
    this.patchStatus({
      device: 'offline',
      media: 'unknown',
      detail: `link lost: ${error?.message ?? 'closed'}`.slice(0, 200),
    });
  }

  protected override afterStop(): void {
    this.framer.reset();
    this.patchStatus({ device: 'offline', media: 'unknown', detail: 'driver stopped' });
  }

  protected override onPollError(error: unknown): void {
    this.log({ event: 'idReader.pollError', detail: String(error).slice(0, 200) });
  }

  // --- polling ----------------------------------------------------------------------------------

  protected override async poll(): Promise<void> {
    if (!this.samKnown && performance.now() >= this.nextSamAttemptAt) await this.readSam();
    if (this.current.device === 'hardwareError' || this.jobs.busy) return;
    const find = await this.exchange('findCard', this.timeouts.find);
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
        this.patchStatus({ media: 'present' });
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
      this.patchStatus({ media: 'notPresent' });
      return;
    }
    if (++this.misses < this.removalMisses) return;
    this.misses = 0;
    this.insertionHandled = false;
    this.patchStatus({ media: 'notPresent' });
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
      const find = await this.exchange('findCard', this.timeouts.find);
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
      return fail(
        'invalidData',
        `card text rejected: ${decoded.error.problem} in ${decoded.error.field}`,
        'invalidMedia',
      );
    }
    return ok({ record: decoded.value, photo: Uint8Array.from(card.photo) });
  }

  /** Runs one exchange with the command's own timeout, shortened to the overall deadline. */
  private async run(command: CommandName, deadline: number, signal?: AbortSignal): Promise<IdExchange> {
    const remaining = Math.floor(deadline - performance.now());
    if (remaining <= 0) return { kind: 'timeOut' };
    const exchange = await this.exchange(command, Math.min(commandTimeout(this.timeouts, command), remaining), signal);
    if (exchange.kind === 'timeOut') this.noteExchange(exchange);
    return exchange;
  }

  /** Sends one request; replies that cannot answer it (stale answers of other commands) are dropped. */
  private exchange(command: CommandName, timeoutMs: number, signal?: AbortSignal): Promise<IdExchange> {
    const accepts = (reply: DecodedResponse) => plausibleReply(command, reply);
    return this.replies.exchange({ bytes: encodeRequest(command), timeoutMs, accepts, ...(signal ? { signal } : {}) });
  }

  private async readSam(): Promise<void> {
    const sam = await this.exchange('readSamId', this.timeouts.sam);
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
      if (this.current.device === 'hardwareError') this.patchStatus({ device: 'online', detail: undefined });
      return;
    }
    this.nextSamAttemptAt = performance.now() + this.samRetryMs;
    this.noteStatusFault(sam.reply.sw3, true);
  }

  // --- status bookkeeping -----------------------------------------------------------------------

  private noteResponsive(): void {
    this.consecutiveTimeouts = 0;
    if (this.current.device === 'starting' || this.current.device === 'offline') {
      this.patchStatus({ device: 'online', detail: undefined });
    }
  }

  private noteExchange(exchange: IdExchange): void {
    if (exchange.kind !== 'timeOut') return;
    if (++this.consecutiveTimeouts >= this.offlineAfterTimeouts && this.current.device !== 'offline') {
      this.patchStatus({ device: 'offline', media: 'unknown', detail: 'reader not answering (timeOut)' });
    }
  }

  private noteStatusFault(sw3: number, samCommand = false): void {
    const info = describeStatus(sw3);
    if (info.deviceFault || samCommand) {
      this.samKnown = false;
      this.nextSamAttemptAt = performance.now() + this.samRetryMs;
      this.patchStatus({ device: 'hardwareError', detail: `${info.meaning} (SW3 0x${sw3.toString(16)})` });
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
    exchange: Exclude<IdExchange, { kind: 'reply' }>,
  ): CommandResult<never, IdReaderError> {
    switch (exchange.kind) {
      case 'timeOut':
        return fail('timeOut', `${command}: no reply within ${commandTimeout(this.timeouts, command)} ms`, 'timeOut');
      case 'canceled':
        return fail('canceled', `${command}: canceled`);
      case 'offline':
        return fail('deviceNotReady', `${command}: link lost`, 'offline');
    }
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
