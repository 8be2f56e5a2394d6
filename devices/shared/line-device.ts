/**
 * LineDevice: a device that only speaks when it has read something, one line of text per read
 * (the QR scanner, the OCR window): online while its link is open, offline when the link drops (the
 * link reconnects by itself), and one `onLine` per CR- or CR LF-terminated line.
 */
import type { ByteLink } from '../link';
import { ScanLineParser } from '../scanner/line-framer';
import type { DeviceEvent, DeviceIdentity, StatusOf } from '../types';
import { LinkDevice } from './link-device';

type LineKind = 'qrScanner' | 'ocrReader';

export interface LineDeviceOptions {
  id: string;
  /** Longer lines are dropped up to their terminator. */
  maxLength: number;
  /** Structured log sink; a subclass logs what a line was, never its personal content. */
  log?: ((entry: { event: string; detail?: string }) => void) | undefined;
}

export abstract class LineDevice<K extends LineKind, E extends DeviceEvent> extends LinkDevice<K, E> {
  readonly identity: DeviceIdentity & { kind: K };
  protected readonly log: (entry: { event: string; detail?: string }) => void;
  private readonly lines: ScanLineParser;

  protected constructor(link: ByteLink, kind: K, options: LineDeviceOptions) {
    super(link, { kind, device: 'noDevice' } as StatusOf<K>);
    this.identity = { id: options.id, kind, driver: 'serial-line', port: link.path } as DeviceIdentity & { kind: K };
    this.log = options.log ?? (() => undefined);
    this.lines = new ScanLineParser({ maxLength: options.maxLength });
    this.lines.onFrame((text) => this.onLine(text));
  }

  /** One complete line the device read. */
  protected abstract onLine(text: string): void;

  protected override onData(chunk: Buffer): void {
    this.lines.write(chunk);
  }

  protected override onLinkOpen(): void {
    this.setState({ device: 'online', detail: undefined });
  }

  protected override onLinkClose(error?: Error): void {
    this.setState({ device: 'offline', detail: `link lost: ${error?.message ?? 'closed'}`.slice(0, 200) });
  }

  protected override afterStop(): void {
    this.setState({ device: 'offline', detail: 'driver stopped' });
  }

  /** These kinds have no fields beyond the device state and its detail. */
  private setState(patch: { device: 'online' | 'offline'; detail: string | undefined }): void {
    this.setStatus({ ...this.current, ...patch });
  }
}
