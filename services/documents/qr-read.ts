/**
 * Reads the verification QR code back from a printed document: a PNG (a photo or scan) or a PDF
 * (rendered first). jsQR is pure JavaScript, so the offline verification page uses it too.
 */
import { decodePng } from '../../devices/render/png';
import { renderPdfPages } from '../../devices/document-printer/render/pdf-render';
import { readQrFromPixels } from './qr-read-pixels';

export { readQrFromPixels };

export function readQrFromPng(png: Buffer): string | undefined {
  const image = decodePng(png);
  return readQrFromPixels(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
}

/**
 * Renders each page of a PDF (at most 4) and returns the first QR code found. A scanned or
 * rasterised PDF (what a print-to-PDF queue writes) needs more pixels than a vector one, so a
 * second, sharper rendering is tried before giving up.
 */
export async function readQrFromPdf(pdf: Uint8Array): Promise<string | undefined> {
  for (const dpi of [200, 300]) {
    const rendered = await renderPdfPages(pdf, { dpi, maxPages: 4 });
    for (const page of rendered.pages) {
      const text = readQrFromPng(page);
      if (text) return text;
    }
  }
  return undefined;
}
