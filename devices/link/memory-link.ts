/**
 * An in-memory ByteLink pair for unit tests and the in-process simulated kiosk.
 *
 * Bytes written at one end are delivered to the other end asynchronously (setImmediate, in order),
 * never re-entrantly inside write(). unplug() behaves like a pulled cable: both ends emit `close`
 * and reject writes; ends that wanted to be open go to 'opening' and come back on replug().
 */
import type { ByteLink, LinkListeners, LinkState } from '../link';
import { Emitter } from '../shared/emitter';

class MemoryLinkEnd implements ByteLink {
  readonly path: string;
  private currentState: LinkState = 'closed';
  private readonly listeners = new Emitter<LinkListeners>();
  peer: MemoryLinkEnd | undefined;

  constructor(
    path: string,
    private readonly plugged: () => boolean,
  ) {
    this.path = path;
  }

  get state(): LinkState {
    return this.currentState;
  }

  async open(): Promise<void> {
    if (this.currentState === 'open') return;
    this.currentState = 'opening';
    if (this.plugged()) this.becomeOpen();
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.currentState !== 'open') throw new Error(`${this.path}: link is not open`);
    const copy = Buffer.from(bytes);
    const peer = this.peer;
    setImmediate(() => peer?.deliver(copy));
  }

  async close(): Promise<void> {
    if (this.currentState === 'closed') return;
    const wasOpen = this.currentState === 'open';
    this.currentState = 'closed';
    if (wasOpen) setImmediate(() => this.listeners.emit('close'));
  }

  on<K extends keyof LinkListeners>(name: K, listener: LinkListeners[K]): () => void {
    return this.listeners.on(name, listener);
  }

  /** Called by the pair: the cable was pulled. */
  lose(): void {
    if (this.currentState !== 'open') return;
    this.currentState = 'opening';
    const error = new Error(`${this.path}: unplugged`);
    setImmediate(() => this.listeners.emit('close', error));
  }

  /** Called by the pair: the cable is back; ends that want to be open open again. */
  restore(): void {
    if (this.currentState === 'opening') this.becomeOpen();
  }

  private becomeOpen(): void {
    this.currentState = 'open';
    setImmediate(() => {
      if (this.currentState === 'open') this.listeners.emit('open');
    });
  }

  private deliver(chunk: Buffer): void {
    if (this.currentState === 'open' && this.plugged()) this.listeners.emit('data', chunk);
  }
}

export interface LinkPair {
  /** The driver's end. */
  readonly host: ByteLink;
  /** The simulator's end. */
  readonly device: ByteLink;
  /** Pulls the cable: both ends emit `close`, writes reject, bytes in flight are lost. */
  unplug(): void;
  /** Plugs the cable back: ends that were open (or opening) emit `open` again. */
  replug(): void;
}

/** Creates a connected pair of in-memory links (async, ordered delivery). */
export function createLinkPair(name = 'in-process'): LinkPair {
  let plugged = true;
  const isPlugged = () => plugged;
  const host = new MemoryLinkEnd(name, isPlugged);
  const device = new MemoryLinkEnd(`${name} (device side)`, isPlugged);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    unplug() {
      if (!plugged) return;
      plugged = false;
      host.lose();
      device.lose();
    },
    replug() {
      if (plugged) return;
      plugged = true;
      host.restore();
      device.restore();
    },
  };
}
