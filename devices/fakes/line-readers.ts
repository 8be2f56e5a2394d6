/**
 * FakeQrScanner and FakeOcrReader: devices that speak only when they read something. scan() and
 * read() emit what the driver emits for the same line (the scan's kind; the parsed OCR line or the
 * check-digit problem), at once; an unplugged device reads nothing and answers false.
 */
import { parseOcrLine } from '../../contract/permit-ocr';
import type { OcrReaderDevice, QrScannerDevice } from '../interfaces';
import type { OcrReaderEvent } from '../ocr-reader/driver';
import type { ScannerEvent } from '../scanner/driver';
import { classifyCode } from '../scanner/payment-code';
import type { DeviceEvent, StatusOf } from '../types';
import { FakeDevice, type FakeDeviceOptions } from './fake-device';

/** A reader that only speaks when it reads: online or offline, nothing more. */
abstract class FakeLineReader<K extends 'qrScanner' | 'ocrReader', E extends DeviceEvent> extends FakeDevice<K, E> {
  protected constructor(kind: K, id: string, options: FakeDeviceOptions) {
    super(kind, id, options, { kind, device: 'starting' } as StatusOf<K>);
    this.refresh();
  }

  protected override readyStatus(): StatusOf<K> {
    return { kind: this.identity.kind, device: 'online' } as StatusOf<K>;
  }

  protected override offlineStatus(detail: string): StatusOf<K> {
    return { kind: this.identity.kind, device: 'offline', detail } as StatusOf<K>;
  }
}

export class FakeQrScanner extends FakeLineReader<'qrScanner', ScannerEvent> implements QrScannerDevice {
  constructor(options: FakeDeviceOptions = {}) {
    super('qrScanner', 'scanner', options);
  }

  /** The resident holds a code to the window; false when the scanner is unplugged or stopped. */
  scan(text: string): boolean {
    if (!this.online) return false;
    this.emitEvent('scanned', { text, kind: classifyCode(text) });
    return true;
  }
}

export class FakeOcrReader extends FakeLineReader<'ocrReader', OcrReaderEvent> implements OcrReaderDevice {
  constructor(options: FakeDeviceOptions = {}) {
    super('ocrReader', 'ocrReader', options);
  }

  /** The OCR window reads `line`; false when the reader is unplugged or stopped. */
  read(line: string): boolean {
    if (!this.online) return false;
    const parsed = parseOcrLine(line);
    if (parsed.ok) this.emitEvent('ocrLine', parsed.value);
    else this.emitEvent('ocrRejected', { problem: parsed.error, length: line.length });
    return true;
  }
}
