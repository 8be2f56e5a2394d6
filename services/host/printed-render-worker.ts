/** Worker thread: renders what a simulated printer printed to PNG, off the core's event loop. */
import { threadId } from 'node:worker_threads';
import { renderCardPng, type PrintedCard } from '../../devices/card-printer/simulator';
import { renderReceiptPng } from '../../devices/receipt-printer/render';
import type { PrintedReceipt } from '../../devices/receipt-printer/simulator';
import { serveWorkerCalls } from '../../devices/shared/worker-call';

export type RenderRequest = { kind: 'receipt'; receipt: PrintedReceipt } | { kind: 'card'; card: PrintedCard };
export type RenderReply = { png: Uint8Array; threadId: number };

serveWorkerCalls<RenderRequest, RenderReply>((request) => {
  if (request.kind === 'card') return { png: new Uint8Array(renderCardPng(request.card)), threadId };
  const rendered = renderReceiptPng(request.receipt);
  if (!rendered.ok) throw new Error(rendered.error.message);
  return { png: new Uint8Array(rendered.value.png), threadId };
});
