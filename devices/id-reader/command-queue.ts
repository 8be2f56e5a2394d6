/**
 * One-at-a-time request/response exchange over a half-duplex ByteLink.
 *
 * The reader answers requests in order and carries no request id, so exactly one request is on the
 * wire at a time. Each exchange has its own timeout and AbortSignal. A cancelled exchange resolves
 * at once but keeps the wire reserved until its reply or timeout, so a late reply can never be
 * matched to the next request; replies whose shape does not fit the request in flight are dropped.
 */
import type { ByteLink } from '../link';
import { decodeResponse, encodeRequest, type CommandName, type DecodedResponse } from './frame';

export type Exchange =
  { kind: 'reply'; reply: DecodedResponse } | { kind: 'timeOut' } | { kind: 'canceled' } | { kind: 'linkDown' };

interface Pending {
  command: CommandName;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve: (exchange: Exchange) => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
  offAbort?: () => void;
}

/** Serialises exchanges and matches replies to the request in flight; see the module comment. */
export class CommandQueue {
  private readonly waiting: Pending[] = [];
  private inFlight: Pending | undefined;

  constructor(
    private readonly link: ByteLink,
    private readonly plausible: (command: CommandName, reply: DecodedResponse) => boolean,
  ) {}

  /** Sends `command` when the wire is free and resolves with its reply, timeOut, canceled or linkDown. */
  exchange(command: CommandName, timeoutMs: number, signal?: AbortSignal): Promise<Exchange> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve({ kind: 'canceled' });
      const pending: Pending = { command, timeoutMs, signal, resolve, settled: false };
      if (signal) {
        const onAbort = () => this.settle(pending, { kind: 'canceled' });
        signal.addEventListener('abort', onAbort, { once: true });
        pending.offAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiting.push(pending);
      this.pump();
    });
  }

  /** Feeds one complete response frame from the framer. */
  onFrame(frame: Buffer): void {
    const pending = this.inFlight;
    if (!pending) return;
    const reply = decodeResponse(frame);
    if (!this.plausible(pending.command, reply)) return;
    this.release(pending, { kind: 'reply', reply });
  }

  /** The link went down: every exchange completes with linkDown. */
  failAll(kind: 'linkDown' | 'canceled'): void {
    const all = [...this.waiting.splice(0), ...(this.inFlight ? [this.inFlight] : [])];
    this.inFlight = undefined;
    for (const p of all) {
      clearTimeout(p.timer);
      this.settle(p, { kind });
    }
  }

  private pump(): void {
    while (!this.inFlight) {
      const next = this.waiting.shift();
      if (!next) return;
      if (next.settled) continue; // cancelled while waiting
      if (this.link.state !== 'open') {
        this.settle(next, { kind: 'linkDown' });
        continue;
      }
      this.inFlight = next;
      // The timeout runs from the moment the request is handed over, so a write that never drains
      // (a port dying mid-write) still completes the exchange.
      next.timer = setTimeout(() => this.release(next, { kind: 'timeOut' }), next.timeoutMs);
      this.link.write(encodeRequest(next.command)).then(
        () => undefined,
        () => this.release(next, { kind: 'linkDown' }),
      );
    }
  }

  /** Completes the exchange in flight and frees the wire. */
  private release(pending: Pending, exchange: Exchange): void {
    if (this.inFlight !== pending) return;
    clearTimeout(pending.timer);
    this.inFlight = undefined;
    this.settle(pending, exchange);
    this.pump();
  }

  private settle(pending: Pending, exchange: Exchange): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.offAbort?.();
    pending.resolve(exchange);
  }
}
