/**
 * IdReaderSimulator: the device side of the ID-reader protocol, attached to a ByteLink.
 *
 * It parses requests with the same framer the driver uses and answers from its state (a card on
 * the reader or not, selected or not, readable or not, SAM healthy or not), pacing replies at the
 * wire rate. Reading a chip takes `chipReadMs`; a card removed during that time makes the read
 * fail (SW3 41), as on a real reader. Request checksum errors are answered with SW3 10.
 */
import type { ByteLink } from '../link';
import { createPacedWriter, type PacedWriter } from '../link/paced-writer';
import { sleep } from '../shared/timing';
import { decodeRequest, encodeCardData, encodeResponse, FINGERPRINT_SIZE, type CommandName } from './frame';
import { IdFrameParser } from './framer';
import { cardFromRecord, type FixtureCard } from './fixtures';
import { SW3 } from './status-codes';
import type { IdCardRecord } from './text-block';

export interface IdReaderSimulatorOptions {
  baudRate?: number;
  /** false: reply instantly (unit tests). Default true. */
  paced?: boolean;
  /** Time the reader spends reading the chip before replying to a read. Default 0. */
  chipReadMs?: number;
  /** The 16-byte SAM id. */
  samId?: Uint8Array;
}

type Counted = CommandName | 'unknown' | 'checksumError';

/** Device-side simulator of a SAM ID-card reader; see the module comment. */
export class IdReaderSimulator {
  private readonly framer = new IdFrameParser();
  private readonly writer: PacedWriter;
  private readonly chipReadMs: number;
  private readonly samId: Uint8Array;
  private card: FixtureCard | undefined;
  /** Bumped on every placement/removal so an in-progress read notices a swap. */
  private insertion = 0;
  private selected = false;
  private unreadable = false;
  private silent = false;
  private samFault: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Aborted by stop(): a chip read in progress ends at once. */
  private stopped = new AbortController();
  private unsubscribe: Array<() => void> = [];
  /** Requests received, by command (tests assert on the exchange). */
  readonly received: Record<Counted, number> = {
    readSamId: 0,
    findCard: 0,
    selectCard: 0,
    readTextAndPhoto: 0,
    readExtraAddress: 0,
    readWithFingerprint: 0,
    unknown: 0,
    checksumError: 0,
  };

  constructor(
    private readonly link: ByteLink,
    options: IdReaderSimulatorOptions = {},
  ) {
    this.writer = createPacedWriter(link, { baudRate: options.baudRate ?? 115200, paced: options.paced ?? true });
    this.chipReadMs = options.chipReadMs ?? 0;
    this.samId =
      options.samId ?? Uint8Array.of(5, 0, 1, 0, 0x7a, 0xdb, 0x32, 0x01, 0x4e, 0x61, 0xbc, 0, 0xd2, 0x02, 0x96, 0x49);
    this.framer.onFrame((frame) => this.enqueue(frame));
    this.framer.onChecksumError(() => {
      this.received.checksumError++;
      this.enqueueReply(encodeResponse(SW3.checksumError));
    });
  }

  /** Attaches to the link and opens it. */
  async start(): Promise<void> {
    this.stopped = new AbortController();
    this.unsubscribe = [
      this.link.on('data', (chunk) => this.framer.write(chunk)),
      this.link.on('close', () => {
        this.framer.reset();
        this.writer.cancel();
      }),
    ];
    await this.link.open();
  }

  /** Detaches, cancels pending replies and timers, and closes the link. */
  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.writer.cancel();
    this.stopped.abort();
    this.framer.reset();
    await this.link.close();
  }

  /** Puts a card on the reader (a fixture or any record). */
  placeCard(card: FixtureCard | IdCardRecord): void {
    this.card = 'textBlock' in card ? card : cardFromRecord(card);
    this.insertion++;
    this.selected = false;
  }

  /** Takes the card away. */
  removeCard(): void {
    this.card = undefined;
    this.insertion++;
    this.selected = false;
  }

  /** Makes reads of the current and later cards fail (SW3 41) regardless of the fixture. */
  setUnreadable(unreadable: boolean): void {
    this.unreadable = unreadable;
  }

  /** A silent reader receives requests but never answers (the driver must time out). */
  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  /** Makes SAM-dependent commands fail with this SW3 (e.g. 0x60 self-test failed); undefined heals it. */
  setSamFault(sw3: number | undefined): void {
    this.samFault = sw3;
  }

  /** Sends raw bytes to the host as if the line picked up noise. */
  injectGarbage(bytes: Uint8Array): Promise<boolean> {
    return this.writer.write(bytes);
  }

  private enqueue(frame: Buffer): void {
    this.queue = this.queue.then(() => this.answer(frame)).catch(() => undefined);
  }

  private enqueueReply(reply: Buffer): void {
    if (this.silent) return;
    this.queue = this.queue.then(() => this.send(reply)).catch(() => undefined);
  }

  private async send(reply: Buffer): Promise<void> {
    if (this.silent || this.link.state !== 'open') return;
    await this.writer.write(reply);
  }

  private async answer(frame: Buffer): Promise<void> {
    const request = decodeRequest(frame);
    this.received[request.command ?? 'unknown']++;
    if (this.silent) return;
    const reply = await this.replyTo(request.command);
    await this.send(reply);
  }

  private async replyTo(command: CommandName | undefined): Promise<Buffer> {
    switch (command) {
      case 'readSamId':
        return this.samFault !== undefined ? encodeResponse(this.samFault) : encodeResponse(SW3.success, this.samId);
      case 'findCard':
        if (this.samFault !== undefined) return encodeResponse(this.samFault);
        return this.card ? encodeResponse(SW3.cardFound, new Uint8Array(4)) : encodeResponse(SW3.findCardFailed);
      case 'selectCard':
        if (!this.card) return encodeResponse(SW3.selectCardFailed);
        this.selected = true;
        return encodeResponse(SW3.success, new Uint8Array(8));
      case 'readTextAndPhoto':
      case 'readWithFingerprint':
        return this.readChip(command === 'readWithFingerprint');
      case 'readExtraAddress':
        return encodeResponse(this.card && this.selected ? SW3.noContent : SW3.readFailed);
      case undefined:
        return encodeResponse(SW3.commandError);
      default: {
        const unreachable: never = command;
        return encodeResponse(SW3.commandError, Buffer.from(String(unreachable)));
      }
    }
  }

  private async readChip(withFingerprint: boolean): Promise<Buffer> {
    const card = this.card;
    const insertion = this.insertion;
    if (this.samFault !== undefined) return encodeResponse(this.samFault);
    if (!card || !this.selected) return encodeResponse(SW3.readFailed);
    if (this.chipReadMs > 0 && !(await sleep(this.chipReadMs, this.stopped.signal)))
      return encodeResponse(SW3.readFailed);
    if (this.insertion !== insertion || this.unreadable || card.unreadable) return encodeResponse(SW3.readFailed);
    const data = encodeCardData({
      text: card.textBlock,
      photo: card.photo,
      ...(withFingerprint ? { fingerprint: Buffer.alloc(FINGERPRINT_SIZE) } : {}),
    });
    return encodeResponse(SW3.success, data);
  }
}
