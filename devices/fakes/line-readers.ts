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
import type { StatusOf } from '../types';
import { FakeDevice, type FakeDeviceOptions } from './fake-device';

export class FakeQrScanner extends FakeDevice<'qrScanner', ScannerEvent> implements QrScannerDevice {
  constructor(options: FakeDeviceOptions = {}) {
    super('qrScanner', 'scanner', options, { kind: 'qrScanner', device: 'starting' });
    this.refresh();
  }

  /** The resident holds a code to the window; false when the scanner is unplugged or stopped. */
  scan(text: string): boolean {
    if (!this.online) return false;
    this.emitEvent('scanned', { text, kind: classifyCode(text) });
    return true;
  }

  protected override readyStatus(): StatusOf<'qrScanner'> {
    return { kind: 'qrScanner', device: 'online' };
  }

  protected override offlineStatus(detail: string): StatusOf<'qrScanner'> {
    return { kind: 'qrScanner', device: 'offline', detail };
  }
}

export class FakeOcrReader extends FakeDevice<'ocrReader', OcrReaderEvent> implements OcrReaderDevice {
  constructor(options: FakeDeviceOptions = {}) {
    super('ocrReader', 'ocrReader', options, { kind: 'ocrReader', device: 'starting' });
    this.refresh();
  }

  /** The OCR window reads `line`; false when the reader is unplugged or stopped. */
  read(line: string): boolean {
    if (!this.online) return false;
    const parsed = parseOcrLine(line);
    if (parsed.ok) this.emitEvent('ocrLine', parsed.value);
    else this.emitEvent('ocrRejected', { problem: parsed.error, length: line.length });
    return true;
  }

  protected override readyStatus(): StatusOf<'ocrReader'> {
    return { kind: 'ocrReader', device: 'online' };
  }

  protected override offlineStatus(detail: string): StatusOf<'ocrReader'> {
    return { kind: 'ocrReader', device: 'offline', detail };
  }
}
