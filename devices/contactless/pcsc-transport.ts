/**
 * PC/SC transport over the `smartcard` package (an N-API binding to libpcsclite / WinSCard, so one
 * build serves Node 20, 24 and Electron). It watches the reader whose name matches `reader` with
 * SCardGetStatusChange, reports card insertion and removal, connects lazily and transmits APDUs.
 *
 * A transmit cannot be interrupted inside pcscd: on timeout or cancellation the caller gets its
 * answer at once and the card handle is dropped (a new one is connected on next use), so a late answer is never
 * taken for the next command's.
 */
import { createRequire } from 'node:module';
import type * as Smartcard from 'smartcard';
import type { CardInterface as Card, ContextInterface as Context, ReaderState } from 'smartcard';
import type { TransmitError } from '../icao9303/channel';
import { Emitter } from '../shared/emitter';
import { awaitReply } from '../shared/reply-matcher';
import { sleep } from '../shared/timing';
import { type CommandResult, fail, ok } from '../types';
import type { PcscTransport, TransmitOptions, TransportEvents } from './transport';

type Binding = typeof Smartcard;

/** Loaded on first start, so a machine without libpcsclite can still run the simulated kiosk. */
function loadBinding(): Binding {
  return createRequire(import.meta.url)('smartcard') as Binding;
}

export interface PcscTransportOptions {
  /** Reader name pattern (a substring, or /regex/). The first matching reader is used. */
  reader?: string;
  /** How long one status wait lasts before the loop looks again (ms). */
  pollMs?: number;
  /** Wait before retrying when pcscd or the reader is missing (ms). */
  retryMs?: number;
  /** Largest response accepted (extended-length APDUs). */
  maxResponseBytes?: number;
}

const STATE_PRESENT = 0x20;
const STATE_MUTE = 0x200;

export class SmartcardPcscTransport implements PcscTransport {
  private readonly listeners = new Emitter<TransportEvents>();
  private binding: Binding | undefined;
  /** Status watching blocks its context in SCardGetStatusChange, so card exchanges use a second one. */
  private context: Context | undefined;
  private cardContext: Context | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readerName_: string | undefined;
  private present = false;
  private card: Card | undefined;
  private talkedToCard = false;
  private readonly match: (name: string) => boolean;

  constructor(private readonly options: PcscTransportOptions = {}) {
    const pattern = options.reader ?? '';
    const regex = /^\/(.*)\/([a-z]*)$/.exec(pattern);
    this.match = regex
      ? (name) => new RegExp(regex[1]!, regex[2]).test(name)
      : (name) => name.toLowerCase().includes(pattern.toLowerCase());
  }

  get readerName(): string {
    return this.readerName_ ?? `pcsc:${this.options.reader ?? '*'}`;
  }

  on<K extends keyof TransportEvents>(name: K, listener: TransportEvents[K]): () => void {
    return this.listeners.on(name, listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.binding ??= loadBinding();
    this.running = true;
    this.loop = this.watch();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.context?.cancel();
    await this.loop;
    this.dropCard();
    this.context?.close();
    this.context = undefined;
    this.cardContext?.close();
    this.cardContext = undefined;
  }

  private async watch(): Promise<void> {
    const binding = this.binding!;
    const retry = () => sleep(this.options.retryMs ?? 1000);
    let known: ReaderState | undefined;
    while (this.running) {
      try {
        this.context ??= new binding.Context();
        const reader = this.context.listReaders().find((r) => this.match(r.name));
        if (!reader) {
          this.lost('no PC/SC reader matches');
          known = undefined;
          await retry();
          continue;
        }
        if (this.readerName_ !== reader.name) {
          this.readerName_ = reader.name;
          this.listeners.emit('reader', true);
        }
        const changes = await this.context.waitForChange(
          [known ?? { name: reader.name, state: 0, changed: false, atr: null }],
          this.options.pollMs ?? 1000,
        );
        if (changes === null) continue; // cancelled (stop)
        const state = changes[0];
        if (!state) continue;
        known = { ...state, state: state.state & ~0x2 }; // the next wait starts from what we saw
        const nowPresent = (state.state & STATE_PRESENT) !== 0 && (state.state & STATE_MUTE) === 0;
        if (nowPresent && !this.present) {
          this.present = true;
          this.talkedToCard = false;
          this.listeners.emit('cardInserted', new Uint8Array(state.atr ?? []));
        } else if (!nowPresent && this.present) {
          this.present = false;
          this.dropCard();
          this.listeners.emit('cardRemoved');
        }
      } catch (error) {
        if (!this.running) break;
        this.context?.close();
        this.context = undefined;
        this.cardContext?.close();
        this.cardContext = undefined;
        known = undefined;
        this.lost(`PC/SC: ${(error as Error).message}`);
        await retry();
      }
    }
  }

  private lost(detail: string): void {
    if (this.present) {
      this.present = false;
      this.dropCard();
      this.listeners.emit('cardRemoved');
    }
    if (this.readerName_ !== undefined || detail) {
      this.readerName_ = undefined;
      this.listeners.emit('reader', false, detail);
    }
  }

  /**
   * Forgets the card handle. SCARD_LEAVE_CARD, not RESET: SCardDisconnect is synchronous in the
   * binding, and a reset makes pcscd wait for the card's ATR — which, when the card is a simulator in
   * this same process (tests, bench), can never come while the main thread is blocked.
   */
  private dropCard(): void {
    try {
      this.card?.disconnect(this.binding?.SCARD_LEAVE_CARD);
    } catch {
      // already gone
    }
    this.card = undefined;
  }

  async transmit(apdu: Uint8Array, options: TransmitOptions): Promise<CommandResult<Uint8Array, TransmitError>> {
    if (options.signal?.aborted) return fail('canceled', 'exchange canceled');
    if (!this.present || !this.context || !this.readerName_) {
      return this.talkedToCard
        ? fail('hardwareError', 'the card was removed', 'mediaRemoved')
        : fail('deviceNotReady', 'no card on the reader', 'noMedia');
    }
    const exchange = (async () => {
      const binding = this.binding!;
      if (!this.card) {
        this.cardContext ??= new binding.Context();
        const reader = this.cardContext.listReaders().find((r) => r.name === this.readerName_);
        if (!reader) throw new Error('Reader unavailable');
        this.card = await reader.connect(
          binding.SCARD_SHARE_SHARED,
          binding.SCARD_PROTOCOL_T0 | binding.SCARD_PROTOCOL_T1,
        );
      }
      return this.card.transmit(Buffer.from(apdu), { maxRecvLength: this.options.maxResponseBytes ?? 65538 });
    })();
    try {
      const outcome = await awaitReply(exchange, options.timeoutMs, options.signal);
      if (outcome.kind !== 'reply') {
        this.dropCard();
        return outcome.kind === 'canceled'
          ? fail('canceled', 'exchange canceled')
          : fail('timeOut', `no answer within ${options.timeoutMs} ms`);
      }
      this.talkedToCard = true;
      return ok(new Uint8Array(outcome.reply));
    } catch (error) {
      const message = (error as Error).message;
      this.dropCard();
      if (/removed|no smart card|reset/i.test(message))
        return fail('hardwareError', 'the card was removed', this.talkedToCard ? 'mediaRemoved' : 'noMedia');
      return fail('hardwareError', `PC/SC: ${message}`.slice(0, 200), 'transportFailed');
    }
  }
}
