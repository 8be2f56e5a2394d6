/**
 * A ByteLink over a serial port (a real device or one end of a socat pseudo-terminal pair).
 *
 * The link never throws for a missing port: open() starts a connect loop that retries with capped
 * exponential backoff and jitter until close() is called. A port that errors or vanishes emits
 * `close` and the loop starts again; `open` is emitted on every successful (re)connect.
 */
import { realpath } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { ByteLink, LinkListeners, LinkState } from '../link';
import { Emitter } from '../shared/emitter';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: the delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
}

export interface SerialLinkOptions {
  path: string;
  baudRate?: number;
  backoff?: Partial<BackoffOptions>;
  /** Modem lines to assert after opening. Pseudo-terminals refuse this (ENOTTY), which is ignored. */
  modemLines?: { dtr?: boolean; rts?: boolean };
  /**
   * How often an open port checks that its path still leads to the device node it opened (0 = never).
   * An unplugged USB adapter or a replaced pty does not always error on the open descriptor: the
   * /dev/serial/by-id link just disappears or points elsewhere, and the port would stay "open" forever.
   */
  watchdogMs?: number;
}

const defaultBackoff: BackoffOptions = { initialMs: 200, maxMs: 5000, jitter: 0.2 };

/** Delay before reconnect attempt number `attempt` (0-based): initial × 2^attempt, capped, jittered. */
export function backoffDelay(attempt: number, options: BackoffOptions, random = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const factor = 1 + options.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(options.maxMs, base * factor)));
}

/** Serial-port ByteLink with automatic reconnect; see the module comment. */
export class SerialLink implements ByteLink {
  readonly path: string;
  private readonly baudRate: number;
  private readonly backoff: BackoffOptions;
  private readonly modemLines: SerialLinkOptions['modemLines'];
  private readonly listeners = new Emitter<LinkListeners>();
  private currentState: LinkState = 'closed';
  private port: SerialPort | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private readonly watchdogMs: number;
  private watchdog: NodeJS.Timeout | undefined;
  /** Last failure, for status detail ("ENOENT", "port vanished"…). */
  lastError: Error | undefined;

  constructor(options: SerialLinkOptions) {
    this.path = options.path;
    this.baudRate = options.baudRate ?? 115200;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.modemLines = options.modemLines;
    this.watchdogMs = options.watchdogMs ?? 1000;
  }

  get state(): LinkState {
    return this.currentState;
  }

  /** Starts connecting; resolves after the first attempt, whether or not it succeeded. */
  async open(): Promise<void> {
    if (this.currentState !== 'closed') return;
    this.currentState = 'opening';
    this.attempt = 0;
    await this.tryOpen();
  }

  /** Writes and waits for the OS to drain the bytes. Rejects when the link is not open. */
  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (this.currentState !== 'open' || !port) {
      return Promise.reject(new Error(`${this.path}: link is not open`));
    }
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (writeError) => {
        if (writeError) return reject(writeError);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  /** Stops the reconnect loop and closes the port; emits `close` if it was open. */
  async close(): Promise<void> {
    const wasOpen = this.currentState === 'open';
    this.currentState = 'closed';
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    const port = this.port;
    this.port = undefined;
    if (port) await closeQuietly(port);
    if (wasOpen) this.listeners.emit('close');
  }

  on<K extends keyof LinkListeners>(name: K, listener: LinkListeners[K]): () => void {
    return this.listeners.on(name, listener);
  }

  private async tryOpen(): Promise<void> {
    if (this.currentState !== 'opening') return;
    const target = await realpath(this.path).catch(() => undefined);
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    const error = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
    if (this.currentState !== 'opening') {
      // close() was called while we were opening.
      if (!error) await closeQuietly(port);
      return;
    }
    if (error) {
      this.lastError = error;
      this.scheduleRetry();
      return;
    }
    this.port = port;
    this.attempt = 0;
    this.currentState = 'open';
    port.on('data', (chunk: Buffer) => this.listeners.emit('data', chunk));
    port.on('error', (e: Error) => this.lose(port, e));
    port.on('close', (e?: Error | null) => this.lose(port, e ?? new Error('port closed')));
    if (this.modemLines) {
      // Pseudo-terminals answer ENOTTY: modem lines are optional, so any refusal is ignored.
      port.set({ ...this.modemLines }, () => undefined);
    }
    if (target && this.watchdogMs > 0) this.watchPath(port, target);
    this.listeners.emit('open');
  }

  /** Drops the port when its path vanishes or now resolves to another device node (see `watchdogMs`). */
  private watchPath(port: SerialPort, target: string): void {
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      void realpath(this.path).then(
        (now) => now !== target && this.lose(port, new Error(`${this.path} now leads to another device`)),
        () => this.lose(port, new Error(`${this.path} vanished`)),
      );
    }, this.watchdogMs);
    this.watchdog.unref();
  }

  private lose(port: SerialPort, error: Error): void {
    if (this.port !== port) return;
    this.port = undefined;
    this.lastError = error;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    port.removeAllListeners('data');
    port.on('error', () => undefined); // errors from a dead port after this are expected
    if (port.isOpen) void closeQuietly(port);
    if (this.currentState === 'open') {
      this.currentState = 'opening';
      this.listeners.emit('close', error);
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.currentState !== 'opening') return;
    const delay = backoffDelay(this.attempt++, this.backoff);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.tryOpen();
    }, delay);
  }
}

function closeQuietly(port: SerialPort): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) return resolve();
    port.close(() => resolve());
  });
}
