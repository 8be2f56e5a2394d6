/**
 * PcscTransport: what the contactless reader driver needs from below — card present/removed events
 * and one APDU exchange at a time. Two implementations: the PC/SC binding (pcscd, real readers or
 * vsmartcard's virtual one) and an in-memory link to the chip simulator (web mode, unit tests).
 */
import type { TransmitError } from '../icao9303/channel';
import type { CommandResult } from '../types';

export interface TransportEvents {
  /** The reader appeared (true) or vanished / the PC/SC service stopped (false). */
  reader: (available: boolean, detail?: string) => void;
  cardInserted: (atr: Uint8Array) => void;
  cardRemoved: () => void;
}

export interface TransmitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PcscTransport {
  /** Reader name for the device identity (e.g. "Virtual PCD 00 00", or "in-process"). */
  readonly readerName: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  on<K extends keyof TransportEvents>(name: K, listener: TransportEvents[K]): () => void;
  /** Sends one APDU to the card in the field. */
  transmit(apdu: Uint8Array, options: TransmitOptions): Promise<CommandResult<Uint8Array, TransmitError>>;
}
