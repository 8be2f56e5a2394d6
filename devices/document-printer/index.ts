/** A4 document printer over IPP/2.0: RFC 8010 codec, client driver, status mapping, IPP printer simulator, PDF rendering. */
export { DocumentPrinter, ippJobName, type DocumentPrinterOptions, type DocumentPrintOptions, type DocumentPrintError, type DocumentPrinterEvent, type PrintedJob } from './driver';
export { statusFromFacts, notReadyCause, unreachableStatus, type DocumentPrinterStatus, type NotReadyCause, type PrinterFacts } from './status';
export { IppClient, type IppCall, type IppCallError, type JobAttributes, type PrinterAttributes } from './ipp/client';
export { encodeMessage, decodeMessage, IppDecodeError, type IppMessage, type IppAttribute, type IppValue } from './ipp/codec';
export { IppPrinterSimulator, type IppPrinterSimulatorOptions } from './simulator/server';
export { PrinterEngine, type SimulatedJob } from './simulator/engine';
export { PdfRenderer } from './render/render-pool';
export { renderPdfPages, PdfRenderError, type RenderedPdf } from './render/pdf-render';
