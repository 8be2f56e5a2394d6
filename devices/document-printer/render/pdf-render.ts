/**
 * Renders the pages of a PDF to PNG with pdf.js (Mozilla, Apache-2.0) drawing on the project's
 * @napi-rs/canvas. MuPDF.js renders faster but is AGPL-3.0, which a shipped kiosk cannot take
 * without a commercial licence. A 300 dpi A4 page takes several hundred milliseconds, so the
 * simulator calls this through the worker in render-pool.ts, never on the core's event loop.
 */
import { createCanvas, DOMMatrix, ImageData, Path2D, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface RenderedPdf {
  pageCount: number;
  /** One PNG per page (at most `maxPages`). */
  pages: Buffer[];
  widthPx: number;
  heightPx: number;
}

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;

/**
 * pdf.js looks for these globals in Node; they must come from the same canvas build that draws.
 * Its "fake worker" (pdf.js runs its parser on the calling thread in Node) is handed over as a
 * global rather than imported by a path relative to pdf.mjs, which a bundle (the Electron core)
 * does not keep.
 */
function loadPdfJs(): Promise<PdfJs> {
  Object.assign(globalThis, { Path2D, DOMMatrix, ImageData });
  pdfjs ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    Object.assign(globalThis, { pdfjsWorker: worker });
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

type CanvasAndContext = { canvas: Canvas | null; context: SKRSContext2D | null };

/**
 * pdf.js makes scratch canvases (images, patterns) through this factory. Its own Node factory
 * loads the @napi-rs/canvas version pdf.js depends on, and drawing one version's canvas on the
 * other's context crashes the process: every canvas must come from the project's one build.
 */
class ProjectCanvasFactory {
  create(width: number, height: number): CanvasAndContext {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = createCanvas(Math.ceil(width), Math.ceil(height));
    return { canvas, context: canvas.getContext('2d') };
  }
  reset(target: CanvasAndContext, width: number, height: number): void {
    if (!target.canvas) throw new Error('Canvas is not specified');
    target.canvas.width = Math.ceil(width);
    target.canvas.height = Math.ceil(height);
  }
  destroy(target: CanvasAndContext): void {
    if (target.canvas) target.canvas.width = target.canvas.height = 0;
    target.canvas = null;
    target.context = null;
  }
}

export class PdfRenderError extends Error {
  override name = 'PdfRenderError';
}

/** Renders every page (up to `maxPages`) at `dpi`. Throws PdfRenderError for a PDF pdf.js cannot read. */
export async function renderPdfPages(pdf: Uint8Array, options: { dpi?: number; maxPages?: number } = {}): Promise<RenderedPdf> {
  const { getDocument } = await loadPdfJs();
  const dpi = options.dpi ?? 300;
  let doc;
  try {
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    const params = { data: Uint8Array.from(pdf), disableFontFace: true, isEvalSupported: false, verbosity: 0, CanvasFactory: ProjectCanvasFactory };
    doc = await getDocument(params as unknown as Parameters<typeof getDocument>[0]).promise;
  } catch (error) {
    throw new PdfRenderError(`not a readable PDF: ${(error as Error).message}`);
  }
  try {
    const pages: Buffer[] = [];
    let widthPx = 0;
    let heightPx = 0;
    const count = Math.min(doc.numPages, options.maxPages ?? doc.numPages);
    for (let n = 1; n <= count; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      widthPx = Math.round(viewport.width);
      heightPx = Math.round(viewport.height);
      const canvas = createCanvas(widthPx, heightPx);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, widthPx, heightPx);
      // pdf.js types its canvas as the DOM's; @napi-rs/canvas implements the same drawing API.
      await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
      pages.push(canvas.toBuffer('image/png'));
      page.cleanup();
    }
    return { pageCount: doc.numPages, pages, widthPx, heightPx };
  } finally {
    await doc.destroy();
  }
}
