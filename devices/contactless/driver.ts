/**
 * ContactlessReader: the kiosk's ISO 14443 reader for travel-permit chips, kind `contactlessReader`.
 * It sits on a PcscTransport (pcscd through the PC/SC binding, or the in-process simulator link),
 * turns card insert/remove into unsolicited events and media status, and exchanges APDUs one at a
 * time with a timeout and cancellation. It is also an ApduChannel, so readPermit() can use it as is.
 */
import type { ApduChannel, TransmitError } from '../icao9303/channel';
import { Listeners } from '../link/listeners';
import {
  type CommandOptions,
  type CommandResult,
  type Device,
  type DeviceEvent,
  type DeviceIdentity,
  type DeviceListeners,
  fail,
  type StatusOf,
} from '../types';
import type { PcscTransport } from './transport';

export type ContactlessEvent =
  DeviceEvent<'cardInserted', { atr: string }> | DeviceEvent<'cardRemoved', Record<string, never>>;

type ReaderStatus = StatusOf<'contactlessReader'>;

export interface ContactlessReaderOptions {
  id?: string;
  driver?: string;
  /** Per-APDU timeout when the caller gives none (ms). */
  defaultTimeoutMs?: number;
  log?: (entry: { event: string; detail?: string }) => void;
}

export class ContactlessReader implements Device<'contactlessReader', ContactlessEvent>, ApduChannel {
  private readonly listeners = new Listeners<DeviceListeners<'contactlessReader', ContactlessEvent>>();
  private current: ReaderStatus = { kind: 'contactlessReader', device: 'noDevice', media: 'unknown' };
  private offTransport: (() => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;
  private readonly id: string;
  private readonly defaultTimeoutMs: number;
  private readonly log: NonNullable<ContactlessReaderOptions['log']>;

  constructor(
    private readonly transport: PcscTransport,
    private readonly options: ContactlessReaderOptions = {},
  ) {
    this.id = options.id ?? 'contactlessReader';
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 2000;
    this.log = options.log ?? (() => undefined);
  }

  get identity(): DeviceIdentity & { kind: 'contactlessReader' } {
    return {
      id: this.id,
      kind: 'contactlessReader',
      driver: this.options.driver ?? 'pcsc',
      port: this.transport.readerName.slice(0, 256),
    };
  }

  status(): ReaderStatus {
    return { ...this.current };
  }

  on<L extends keyof DeviceListeners<'contactlessReader', ContactlessEvent>>(
    name: L,
    listener: DeviceListeners<'contactlessReader', ContactlessEvent>[L],
  ): () => void {
    return this.listeners.on(name, listener);
  }

  /** Starts watching the reader; never throws (a missing reader or pcscd leaves the device offline). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.offTransport = [
      this.transport.on('reader', (available, detail) =>
        this.setStatus(
          available
            ? { device: 'online', media: this.current.media === 'unknown' ? 'notPresent' : this.current.media }
            : { device: 'offline', media: 'unknown', detail: (detail ?? 'reader not available').slice(0, 200) },
        ),
      ),
      this.transport.on('cardInserted', (atr) => {
        this.setStatus({ device: 'online', media: 'present' });
        this.log({ event: 'contactless.cardInserted' });
        this.listeners.emit('event', {
          name: 'cardInserted',
          solicited: false,
          data: { atr: Buffer.from(atr).toString('hex').toUpperCase() },
          at: new Date(),
        });
      }),
      this.transport.on('cardRemoved', () => {
        this.setStatus({ media: 'notPresent' });
        this.log({ event: 'contactless.cardRemoved' });
        this.listeners.emit('event', { name: 'cardRemoved', solicited: false, data: {}, at: new Date() });
      }),
    ];
    this.setStatus({ device: 'starting' });
    await this.transport
      .start()
      .catch((error: Error) => this.setStatus({ device: 'offline', detail: error.message.slice(0, 200) }));
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const off of this.offTransport.splice(0)) off();
    await this.transport.stop().catch(() => undefined);
    this.setStatus({ device: 'offline', media: 'unknown', detail: 'driver stopped' });
  }

  /** Sends one APDU to the card in the field. Exchanges are serialised: a second waits for the first. */
  transmit(apdu: Uint8Array, options: CommandOptions = {}): Promise<CommandResult<Uint8Array, TransmitError>> {
    const run = async (): Promise<CommandResult<Uint8Array, TransmitError>> => {
      if (!this.running) return fail('deviceNotReady', 'reader not started');
      if (options.signal?.aborted) return fail('canceled', 'exchange canceled');
      if (this.current.device !== 'online') return fail('deviceNotReady', `reader ${this.current.device}`);
      return this.transport.transmit(apdu, {
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        signal: options.signal,
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private setStatus(patch: Partial<Omit<ReaderStatus, 'kind'>>): void {
    const next: ReaderStatus = { ...this.current, ...patch };
    if (next.device === 'online') delete next.detail;
    if (next.device === this.current.device && next.media === this.current.media && next.detail === this.current.detail)
      return;
    this.current = next;
    this.listeners.emit('status', { ...next });
  }
}
