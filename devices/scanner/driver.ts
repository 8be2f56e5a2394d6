/**
 * QrScanner: driver for a serial QR/barcode scanner (line protocol: text + CR).
 *
 * The scanner speaks only when it scans, so the device is 'online' whenever the link is open and
 * 'offline' when it drops (the link reconnects by itself). Each scan is emitted as a `scanned`
 * event with its kind; logs carry only the kind and length, never the text.
 */
import type { ByteLink } from '../link';
import { LineDevice } from '../shared/line-device';
import type { DeviceEvent } from '../types';
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

/** Serial QR scanner driver; see the module comment. */
export class QrScanner extends LineDevice<'qrScanner', ScannerEvent> {
  constructor(link: ByteLink, options: QrScannerOptions = {}) {
    super(link, 'qrScanner', { id: options.id ?? 'scanner', maxLength: options.maxLength ?? 512, log: options.log });
  }

  protected override onLine(text: string): void {
    const kind = classifyCode(text);
    this.log({ event: 'scanner.scanned', detail: `${kind}, ${text.length} characters` });
    this.emitEvent('scanned', { text, kind });
  }
}
