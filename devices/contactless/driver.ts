/**
 * ContactlessReader: the kiosk's ISO 14443 reader for travel-permit chips, kind `contactlessReader`.
 * It sits on a PcscTransport (pcscd through the PC/SC binding, or the in-process simulator link),
 * turns card insert/remove into unsolicited events and media status, and exchanges APDUs one at a
 * time with a timeout and cancellation. It is also an ApduChannel, so readPermit() can use it as is.
 */
import type { ApduChannel, TransmitError } from '../icao9303/channel';
import { DeviceBase } from '../shared/device-base';
import { JobQueue } from '../shared/job-queue';
import { type CommandOptions, type CommandResult, type DeviceEvent, type DeviceIdentity, fail } from '../types';
import type { PcscTransport } from './transport';

export type ContactlessEvent =
  DeviceEvent<'cardInserted', { atr: string }> | DeviceEvent<'cardRemoved', Record<string, never>>;

export interface ContactlessReaderOptions {
  id?: string;
  driver?: string;
  /** Per-APDU timeout when the caller gives none (ms). */
  defaultTimeoutMs?: number;
  log?: (entry: { event: string; detail?: string }) => void;
}

export class ContactlessReader extends DeviceBase<'contactlessReader', ContactlessEvent> implements ApduChannel {
  private offTransport: (() => void)[] = [];
  /** APDU exchanges run one at a time. */
  private readonly exchanges = new JobQueue();
  private running = false;
  private readonly id: string;
  private readonly defaultTimeoutMs: number;
  private readonly log: NonNullable<ContactlessReaderOptions['log']>;

  constructor(
    private readonly transport: PcscTransport,
    private readonly options: ContactlessReaderOptions = {},
  ) {
    super({ kind: 'contactlessReader', device: 'noDevice', media: 'unknown' });
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

  /** Starts watching the reader; never throws (a missing reader or pcscd leaves the device offline). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.offTransport = [
      this.transport.on('reader', (available, detail) =>
        this.patchStatus(
          available
            ? {
                device: 'online',
                detail: undefined,
                media: this.current.media === 'unknown' ? 'notPresent' : this.current.media,
              }
            : { device: 'offline', media: 'unknown', detail: (detail ?? 'reader not available').slice(0, 200) },
        ),
      ),
      this.transport.on('cardInserted', (atr) => {
        this.patchStatus({ device: 'online', detail: undefined, media: 'present' });
        this.log({ event: 'contactless.cardInserted' });
        this.emitEvent('cardInserted', { atr: Buffer.from(atr).toString('hex').toUpperCase() });
      }),
      this.transport.on('cardRemoved', () => {
        this.patchStatus({ media: 'notPresent' });
        this.log({ event: 'contactless.cardRemoved' });
        this.emitEvent('cardRemoved', {});
      }),
    ];
    this.patchStatus({ device: 'starting' });
    await this.transport
      .start()
      .catch((error: Error) => this.patchStatus({ device: 'offline', detail: error.message.slice(0, 200) }));
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const off of this.offTransport.splice(0)) off();
    await this.transport.stop().catch(() => undefined);
    this.patchStatus({ device: 'offline', media: 'unknown', detail: 'driver stopped' });
  }

  /** Sends one APDU to the card in the field. Exchanges are serialised: a second waits for the first. */
  transmit(apdu: Uint8Array, options: CommandOptions = {}): Promise<CommandResult<Uint8Array, TransmitError>> {
    return this.exchanges.run(async () => {
      if (!this.running) return fail('deviceNotReady', 'reader not started');
      if (options.signal?.aborted) return fail('canceled', 'exchange canceled');
      if (this.current.device !== 'online') return fail('deviceNotReady', `reader ${this.current.device}`);
      return this.transport.transmit(apdu, {
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        signal: options.signal,
      });
    });
  }
}
