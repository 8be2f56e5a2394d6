/**
 * Request/reply matching for devices whose replies carry no request id (the ID reader's frames, a
 * receipt printer's status bytes, a card printer's ACK/NACK): one request on the wire at a time, in
 * submission order, each with its own timeout and AbortSignal, each ending with exactly one Exchange.
 * The outcome names are the XFS ones: `timeOut`, `canceled`, and `offline` (XFS device state) when
 * the link is not open or was lost.
 *
 * Late replies. A request abandoned after it was sent (timed out or cancelled) may still be answered,
 * and an untagged late answer would be taken for the next request's (a stale "all good" status could
 * hide a paper-out; a late ACK could answer the reset after a failed card). The matcher counts the
 * replies still owed and drops them as they arrive. Before the next request goes out it waits until
 * they are paid, or until the line has been quiet for `quietMs` — then they will not come (the device
 * was off, or the bytes were lost) and are written off, so a dead device never starves later requests.
 * With `holdCanceled`, a cancelled request instead keeps its turn on the wire until its reply or its
 * own timeout: the caller hears `canceled` at once, the next request waits (the ID reader, whose chip
 * read can take seconds).
 *
 * Requests a device answers through a call rather than on the wire (PC/SC) use `awaitReply`, for the
 * same outcomes with a timeout and cancellation.
 */
import { sleep } from './timing';

export type Exchange<R> =
  { kind: 'reply'; reply: R } | { kind: 'timeOut' } | { kind: 'canceled' } | { kind: 'offline' };

/** What the matcher needs of a link. */
export interface RequestLink {
  readonly state: 'closed' | 'opening' | 'open';
  write(bytes: Uint8Array): Promise<void>;
}

export interface ReplyMatcherOptions {
  /** Owed replies are written off after this much silence (ms); 0 writes them off at once. */
  quietMs: number;
  /** A cancelled request keeps the wire until its reply or its own timeout; see the module comment. */
  holdCanceled?: boolean;
}

export interface Request<R> {
  bytes: Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Replies that cannot answer this request (a stale answer to another command) are dropped. */
  accepts?: (reply: R) => boolean;
}

interface Pending<R> {
  request: Request<R>;
  expected: number;
  replies: R[];
  resolve: (exchange: Exchange<R[]>) => void;
  /** The caller has its answer (a held cancel is answered but still on the wire). */
  answered: boolean;
  timer?: NodeJS.Timeout;
  offAbort?: () => void;
}

/** Matches untagged replies to requests; see the module comment. */
export class ReplyMatcher<R> {
  private readonly waiting: Pending<R>[] = [];
  private inFlight: Pending<R> | undefined;
  /** The next request while it waits for owed replies before it is sent. */
  private settling: Pending<R> | undefined;
  private pumping = false;
  private owed = 0;
  private lastActivity = 0;
  /** Wakes the request waiting for owed replies (one was paid, or the link changed). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly link: RequestLink,
    private readonly options: ReplyMatcherOptions,
  ) {}

  /** Sends `request` when the wire is free and resolves with its one reply, timeOut, canceled or offline. */
  async exchange(request: Request<R>): Promise<Exchange<R>> {
    const outcome = await this.exchangeMany(request, 1);
    return outcome.kind === 'reply' ? { kind: 'reply', reply: outcome.reply[0]! } : outcome;
  }

  /** Like exchange, for a request answered by `count` replies (DLE EOT 1..4: four status bytes). */
  exchangeMany(request: Request<R>, count: number): Promise<Exchange<R[]>> {
    return new Promise((resolve) => {
      if (request.signal?.aborted) return resolve({ kind: 'canceled' });
      const pending: Pending<R> = { request, expected: Math.max(1, count), replies: [], resolve, answered: false };
      const signal = request.signal;
      if (signal) {
        const onAbort = () => this.onAbort(pending);
        signal.addEventListener('abort', onAbort, { once: true });
        pending.offAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiting.push(pending);
      void this.pump();
    });
  }

  /** Bytes arrived (a reply, part of one, or noise): the device is not quiet. */
  activity(): void {
    this.lastActivity = Date.now();
  }

  /** One complete reply from the framer: pays a debt, answers the request in flight, or is dropped. */
  onReply(reply: R): void {
    this.activity();
    if (this.owed > 0) {
      this.owed -= 1;
      if (this.owed === 0) this.wakeSettling();
      return;
    }
    const pending = this.inFlight;
    if (!pending) return; // nobody is waiting: a reply after a timeout
    if (pending.request.accepts && !pending.request.accepts(reply)) return;
    pending.replies.push(reply);
    if (pending.replies.length >= pending.expected) this.release(pending, { kind: 'reply', reply: pending.replies });
  }

  /** Ends every request, waiting or in flight: `offline` when the link was lost, `canceled` on stop. */
  failAll(kind: 'offline' | 'canceled'): void {
    const all = [this.settling, ...this.waiting.splice(0), this.inFlight].filter((p) => p !== undefined);
    this.inFlight = undefined;
    for (const pending of all) {
      clearTimeout(pending.timer);
      this.answer(pending, { kind });
    }
    this.wakeSettling();
  }

  /** A new connection owes nothing. */
  forgetOwed(): void {
    this.owed = 0;
    this.wakeSettling();
  }

  private onAbort(pending: Pending<R>): void {
    if (this.inFlight !== pending) return this.answer(pending, { kind: 'canceled' }); // still waiting: skipped by pump
    if (this.options.holdCanceled) return this.answer(pending, { kind: 'canceled' }); // keeps the wire
    this.release(pending, { kind: 'canceled' });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.inFlight) {
        const next = this.waiting.shift();
        if (!next) return;
        if (next.answered) continue; // cancelled while waiting
        if (this.link.state === 'open' && this.owed > 0) {
          this.settling = next;
          await this.settleOwed(next);
          this.settling = undefined;
        }
        if (next.answered) continue;
        if (this.link.state !== 'open') {
          this.answer(next, { kind: 'offline' });
          continue;
        }
        this.send(next);
      }
    } finally {
      this.pumping = false;
    }
  }

  private send(pending: Pending<R>): void {
    this.inFlight = pending;
    // The timeout runs from the moment the request is handed over, so a write that never drains
    // (a port dying mid-write) still completes the exchange.
    pending.timer = setTimeout(() => this.release(pending, { kind: 'timeOut' }), pending.request.timeoutMs);
    this.link.write(pending.request.bytes).then(
      () => undefined,
      () => this.release(pending, { kind: 'offline' }),
    );
  }

  /** Completes the request in flight, frees the wire and sends the next one. */
  private release(pending: Pending<R>, exchange: Exchange<R[]>): void {
    if (this.inFlight !== pending) return;
    clearTimeout(pending.timer);
    this.inFlight = undefined;
    // Sent but not (fully) answered: the rest may still come and must not answer the next request.
    if (exchange.kind === 'timeOut' || exchange.kind === 'canceled')
      this.owe(pending.expected - pending.replies.length);
    this.answer(pending, exchange);
    void this.pump();
  }

  private answer(pending: Pending<R>, exchange: Exchange<R[]>): void {
    if (pending.answered) return;
    pending.answered = true;
    pending.offAbort?.();
    pending.resolve(exchange);
  }

  private owe(count: number): void {
    if (count <= 0) return;
    this.owed += count;
    this.lastActivity = Date.now();
  }

  /** Waits until owed replies are paid or written off (the line quiet for quietMs). */
  private async settleOwed(next: Pending<R>): Promise<void> {
    while (this.owed > 0 && !next.answered) {
      const quietFor = Date.now() - this.lastActivity;
      if (quietFor >= this.options.quietMs) {
        this.owed = 0;
        return;
      }
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      await sleep(this.options.quietMs - quietFor, next.request.signal, woken);
    }
  }

  private wakeSettling(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * Waits for a reply that arrives through a call (a PC/SC transmit), with a timeout and
 * cancellation. A reply after the timeout or the cancel is ignored; its rejection is swallowed.
 */
export function awaitReply<T>(work: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<Exchange<T>> {
  if (signal?.aborted) {
    work.catch(() => undefined);
    return Promise.resolve({ kind: 'canceled' });
  }
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => resolve({ kind: 'canceled' }));
    const timer = setTimeout(() => finish(() => resolve({ kind: 'timeOut' })), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (reply) => finish(() => resolve({ kind: 'reply', reply })),
      (error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
