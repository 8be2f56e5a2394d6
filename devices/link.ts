/**
 * A byte link: what a driver (host side) or a simulator (device side) talks through.
 *
 * Implementations: a serial port (real device or one end of a socat pseudo-terminal pair) and an
 * in-memory pair for unit tests. Drivers never see which one they have.
 */
export type LinkState = 'closed' | 'opening' | 'open';

export interface LinkListeners {
  data: (chunk: Buffer) => void;
  /** The link opened (first time or after a reconnect). */
  open: () => void;
  /** The link was lost (cable pulled, port vanished) or closed. `error` says why when known. */
  close: (error?: Error) => void;
}

export interface ByteLink {
  /** Human-readable endpoint, e.g. "/dev/ttyUSB0" or "in-process". */
  readonly path: string;
  readonly state: LinkState;
  /** Opens the link. Serial links keep retrying with backoff until closed; never throws for a missing port. */
  open(): Promise<void>;
  /** Writes and resolves once the bytes are handed to the OS (drained). Rejects when the link is not open. */
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  on<K extends keyof LinkListeners>(name: K, listener: LinkListeners[K]): () => void;
}
