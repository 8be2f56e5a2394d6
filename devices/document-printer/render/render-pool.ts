/**
 * Renders PDFs to PNG in a worker thread, so a 300 dpi page (hundreds of milliseconds of pdf.js)
 * never stalls the core's event loop. One worker, started on first use, requests answered in order.
 * When this module runs from TypeScript source (tsx, Vitest), the worker is started with tsx's
 * loader; from a bundle, `workerUrl` must point at the bundled worker. If no worker can start,
 * rendering falls back to the calling thread (slower, still correct) and says so once.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderPdfPages, type RenderedPdf } from './pdf-render';
import type { RenderReply, RenderRequest } from './render-worker';

export interface PdfRendererOptions {
  dpi?: number;
  maxPages?: number;
  /** Override the worker entry (bundled builds). */
  workerUrl?: URL;
  onWarning?: (message: string) => void;
}

/** tsx's ESM API entry, as a file URL (resolved from this module, not from the current directory). */
function tsxApiUrl(from: string): string {
  const require = createRequire(from);
  const pkg = require.resolve('tsx/package.json');
  return pathToFileURL(pkg.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
}

export class PdfRenderer {
  private worker: Worker | undefined;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: RenderedPdf) => void; reject: (e: Error) => void }>();

  constructor(private readonly options: PdfRendererOptions = {}) {}

  /** Renders every page of `pdf` to PNG. Rejects with the renderer's message for a bad PDF. */
  render(pdf: Uint8Array): Promise<RenderedPdf> {
    const dpi = this.options.dpi ?? 300;
    const maxPages = this.options.maxPages ?? 20;
    const worker = this.ensureWorker();
    if (!worker) return renderPdfPages(pdf, { dpi, maxPages });
    const id = this.nextId++;
    return new Promise<RenderedPdf>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, pdf: Uint8Array.from(pdf), dpi, maxPages } satisfies RenderRequest);
    });
  }

  /** Stops the worker; pending renders are rejected. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('renderer closed'));
    await worker?.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const here = import.meta.url;
      const fromSource = here.endsWith('.ts');
      const url = this.options.workerUrl ?? new URL(fromSource ? './render-worker.ts' : './render-worker.js', here);
      // From source, tsx's loader is registered inside the worker before the TypeScript entry loads.
      const worker = fromSource
        ? new Worker(
            `(async () => { const { register } = await import(${JSON.stringify(tsxApiUrl(here))}); register(); await import(${JSON.stringify(url.href)}); })()`,
            { eval: true },
          )
        : new Worker(url);
      worker.unref();
      worker.on('message', (reply: RenderReply) => this.settle(reply));
      worker.on('error', (error) => this.onWorkerGone(`render worker failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.onWorkerGone(`render worker exited (${code})`);
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.failed = true;
      this.options.onWarning?.(`no render worker (${(error as Error).message}); rendering on the calling thread`);
      return undefined;
    }
  }

  private settle(reply: RenderReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (!reply.ok) return waiter.reject(new Error(reply.message));
    waiter.resolve({ pageCount: reply.pageCount, pages: reply.pages.map((p) => Buffer.from(p)), widthPx: reply.widthPx, heightPx: reply.heightPx });
  }

  private onWorkerGone(message: string): void {
    this.worker = undefined;
    this.failAll(new Error(message));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
