/**
 * QrScanner: driver for a serial QR/barcode scanner (line protocol: text + CR).
 *
 * The scanner speaks only when it scans, so the device is 'online' whenever the link is open and
 * 'offline' when it drops (the link reconnects by itself). Each scan is emitted as a `scanned`
 * event with its kind; logs carry only the kind and length, never the text.
 */
import type { ByteLink } from '../link';
import { Listeners } from '../link/listeners';
import type { Device, DeviceEvent, DeviceIdentity, DeviceListeners, StatusOf } from '../types';
import { ScanLineParser } from './line-framer';
import { classifyCode, type ScanKind } from './payment-code';

export interface Scan {
  text: string;
  kind: ScanKind;
}

export type ScannerEvent = DeviceEvent<'scanned', Scan>;

export interface QrScannerOptions {
  id?: string;
  maxLength?: number;
  log?: (entry: { event: string; detail?: string }) => void;
}

type ScannerStatus = StatusOf<'qrScanner'>;

/** Serial QR scanner driver; see the module comment. */
export class QrScanner implements Device<'qrScanner', ScannerEvent> {
  private readonly listeners = new Listeners<DeviceListeners<'qrScanner', ScannerEvent>>();
  private readonly parser: ScanLineParser;
  private readonly log: NonNullable<QrScannerOptions['log']>;
  private readonly id: string;
  private current: ScannerStatus = { kind: 'qrScanner', device: 'noDevice' };
  private running = false;
  private offLink: Array<() => void> = [];

  constructor(
    private readonly link: ByteLink,
    options: QrScannerOptions = {},
  ) {
    this.id = options.id ?? 'scanner';
    this.log = options.log ?? (() => undefined);
    this.parser = new ScanLineParser({ maxLength: options.maxLength ?? 512 });
    this.parser.on('data', (text: string) => this.onLine(text));
  }

  get identity(): DeviceIdentity & { kind: 'qrScanner' } {
    return { id: this.id, kind: 'qrScanner', driver: 'serial-line', port: this.link.path };
  }

  status(): ScannerStatus {
    return { ...this.current };
  }

  on<L extends keyof DeviceListeners<'qrScanner', ScannerEvent>>(
    name: L,
    listener: DeviceListeners<'qrScanner', ScannerEvent>[L],
  ): () => void {
    return this.listeners.on(name, listener);
  }

  /** Opens the link; the scanner is online while the link is open. Never throws. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.offLink = [
      this.link.on('data', (chunk) => this.parser.write(chunk)),
      this.link.on('open', () => this.setStatus({ device: 'online' })),
      this.link.on('close', (error) =>
        this.setStatus({ device: 'offline', detail: `link lost: ${error?.message ?? 'closed'}`.slice(0, 200) }),
      ),
    ];
    await this.link.open().catch(() => undefined);
    if (this.link.state === 'open') this.setStatus({ device: 'online' });
  }

  /** Detaches and closes the link. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const off of this.offLink) off();
    this.offLink = [];
    await this.link.close().catch(() => undefined);
    this.setStatus({ device: 'offline', detail: 'driver stopped' });
  }

  private onLine(text: string): void {
    const kind = classifyCode(text);
    this.log({ event: 'scanner.scanned', detail: `${kind}, ${text.length} characters` });
    this.listeners.emit('event', { name: 'scanned', solicited: false, data: { text, kind }, at: new Date() });
  }

  private setStatus(patch: Partial<Omit<ScannerStatus, 'kind'>>): void {
    const next: ScannerStatus = { ...this.current, ...patch };
    if (next.device === 'online') delete next.detail;
    if (next.device === this.current.device && next.detail === this.current.detail) return;
    this.current = next;
    this.listeners.emit('status', { ...next });
  }
}
