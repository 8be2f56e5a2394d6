/**
 * OcrReader: the reader's OCR window for a permit's OCR line, kind `ocrReader`. Like common serial
 * MRZ readers it sends the recognised text followed by CR; the driver frames lines with the scanner's
 * line framer, normalises them and emits `ocrLine` with the parsed line, or `ocrRejected` with the
 * check-digit problem (a misread). Logs carry the masked document number only.
 */
import { maskPermitNumber, parseOcrLine, type OcrProblem, type PermitOcrLine } from '../../contract/permit-ocr';
import type { ByteLink } from '../link';
import { LineDevice } from '../shared/line-device';
import type { DeviceEvent } from '../types';

export type OcrReaderEvent =
  | DeviceEvent<'ocrLine', PermitOcrLine>
  | DeviceEvent<'ocrRejected', { problem: OcrProblem | { kind: 'incomplete'; index: number }; length: number }>;

export interface OcrReaderOptions {
  id?: string;
  log?: (entry: { event: string; detail?: string }) => void;
}

export class OcrReader extends LineDevice<'ocrReader', OcrReaderEvent> {
  constructor(link: ByteLink, options: OcrReaderOptions = {}) {
    super(link, 'ocrReader', { id: options.id ?? 'ocrReader', maxLength: 128, log: options.log });
  }

  protected override onLine(text: string): void {
    const parsed = parseOcrLine(text);
    if (parsed.ok) {
      this.log({
        event: 'ocr.line',
        detail: `${parsed.value.documentCode} ${maskPermitNumber(parsed.value.documentNumber)}`,
      });
      this.emitEvent('ocrLine', parsed.value);
    } else {
      this.log({ event: 'ocr.rejected', detail: `${parsed.error.kind} at ${parsed.error.index}` });
      this.emitEvent('ocrRejected', { problem: parsed.error, length: text.length });
    }
  }
}
