/** Test helpers: small PDFs (Helvetica, no CJK font, fast) and a simulator + driver pair. */
import PDFDocument from 'pdfkit';
import { DocumentPrinter, type DocumentPrinterOptions } from './driver';
import { PdfRenderer } from './render/render-pool';
import { IppPrinterSimulator, type IppPrinterSimulatorOptions } from './simulator/server';

/** A PDF of `pages` A4 pages, each saying its number. */
export function testPdf(pages: number, label = 'test'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let n = 1; n <= pages; n++) {
    doc.addPage();
    doc.fontSize(48).text(`${label} page ${n} of ${pages}`, 72, 200);
  }
  doc.end();
  return done;
}

/** One renderer shared by a test file's simulators (a worker thread each is slow to start). */
export const sharedRenderer = (): PdfRenderer => new PdfRenderer({ dpi: 36 });

export interface Rig {
  simulator: IppPrinterSimulator;
  driver: DocumentPrinter;
  /** A second driver for the same printer, as after a kiosk restart. */
  newDriver(options?: Partial<DocumentPrinterOptions>): DocumentPrinter;
  close(): Promise<void>;
}

/** A started simulator and driver with fast timings. */
export async function startRig(renderer: PdfRenderer, simulator: IppPrinterSimulatorOptions = {}, driver: Partial<DocumentPrinterOptions> = {}): Promise<Rig> {
  const sim = new IppPrinterSimulator({ pageMs: 30, renderer, ...simulator });
  await sim.start();
  const drivers: DocumentPrinter[] = [];
  const newDriver = (options: Partial<DocumentPrinterOptions> = {}) => {
    const d = new DocumentPrinter({ uri: sim.uri, pollIntervalMs: 0, jobPollMs: 20, requestTimeoutMs: 1000, jobTimeoutMs: 10_000, ...driver, ...options });
    drivers.push(d);
    return d;
  };
  const first = newDriver();
  await first.start();
  return {
    simulator: sim,
    driver: first,
    newDriver,
    async close() {
      await Promise.all(drivers.map((d) => d.stop()));
      await sim.stop();
    },
  };
}
