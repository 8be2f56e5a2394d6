/** Worker-thread entry: renders PDFs off the main event loop (see render-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { renderPdfPages } from './pdf-render';

export interface RenderRequest {
  id: number;
  pdf: Uint8Array;
  dpi: number;
  maxPages: number;
}
export type RenderReply =
  | { id: number; ok: true; pageCount: number; pages: Uint8Array[]; widthPx: number; heightPx: number }
  | { id: number; ok: false; message: string };

parentPort?.on('message', (request: RenderRequest) => {
  renderPdfPages(request.pdf, { dpi: request.dpi, maxPages: request.maxPages }).then(
    (rendered) => {
      const pages = rendered.pages.map((png) => new Uint8Array(png));
      const reply: RenderReply = { id: request.id, ok: true, pageCount: rendered.pageCount, pages, widthPx: rendered.widthPx, heightPx: rendered.heightPx };
      parentPort?.postMessage(reply, pages.map((p) => p.buffer as ArrayBuffer));
    },
    (error: unknown) => parentPort?.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
