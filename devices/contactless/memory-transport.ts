/**
 * MemoryPcscTransport: the in-process link between the contactless driver and the chip simulator
 * (web mode without pcscd, and fast unit tests). It behaves as a PC/SC reader would: insert/remove
 * events, a removed card fails the exchange with `mediaRemoved`, timeouts and cancellation apply.
 */
import type { TransmitError } from '../icao9303/channel';
import { Emitter } from '../shared/emitter';
import { awaitReply } from '../shared/reply-matcher';
import { sleep } from '../shared/timing';
import type { PermitField } from '../travel-permit-sim/field';
import { PermitChip } from '../travel-permit-sim/chip';
import { type CommandResult, fail, ok } from '../types';
import type { PcscTransport, TransmitOptions, TransportEvents } from './transport';

export class MemoryPcscTransport implements PcscTransport {
  readonly readerName = 'in-process';
  private readonly listeners = new Emitter<TransportEvents>();
  private offField: (() => void)[] = [];
  /** A card answered since the last insertion: an empty field now means it was taken away. */
  private talkedToCard = false;

  constructor(
    readonly field: PermitField,
    /** Simulated air time per APDU (ms); 0 in unit tests. */
    private readonly latencyMs = 0,
  ) {}

  on<K extends keyof TransportEvents>(name: K, listener: TransportEvents[K]): () => void {
    return this.listeners.on(name, listener);
  }

  async start(): Promise<void> {
    this.offField = [
      this.field.on('placed', () => {
        this.talkedToCard = false;
        this.listeners.emit('cardInserted', PermitChip.ATR);
      }),
      this.field.on('removed', () => this.listeners.emit('cardRemoved')),
    ];
    this.listeners.emit('reader', true);
    if (this.field.chip) this.listeners.emit('cardInserted', PermitChip.ATR);
  }

  async stop(): Promise<void> {
    for (const off of this.offField.splice(0)) off();
    this.listeners.emit('reader', false, 'stopped');
  }

  async transmit(apdu: Uint8Array, options: TransmitOptions): Promise<CommandResult<Uint8Array, TransmitError>> {
    if (options.signal?.aborted) return fail('canceled', 'exchange canceled');
    const chip = this.field.chip;
    if (!chip)
      return this.talkedToCard
        ? fail('hardwareError', 'the card was removed', 'mediaRemoved')
        : fail('deviceNotReady', 'no card in the field', 'noMedia');
    if (this.latencyMs > 0) {
      const waited = await awaitReply(sleep(this.latencyMs), options.timeoutMs, options.signal);
      if (waited.kind === 'canceled') return fail('canceled', 'exchange canceled');
      if (waited.kind !== 'reply') return fail('timeOut', 'the card did not answer in time');
    }
    if (this.field.chip !== chip) return fail('hardwareError', 'the card was removed', 'mediaRemoved');
    const answer = chip.process(apdu);
    if (!answer) return fail('hardwareError', 'the card was removed during the exchange', 'mediaRemoved');
    this.talkedToCard = true;
    return ok(answer);
  }
}
