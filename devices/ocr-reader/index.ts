/** Serial OCR reader for permit OCR lines: driver and simulator. */
export { OcrReader, type OcrReaderEvent, type OcrReaderOptions } from './driver';
export { OcrReaderSimulator } from './simulator';
