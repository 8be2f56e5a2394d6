/**
 * Receipt-printer status decoding (pure): DLE EOT n=1..4 real-time replies, the 4-byte automatic
 * status back (ASB) blocks, a framer that separates the two from garbage on the wire, and the
 * mapping to the kiosk's `receiptPrinter` status (contract/device.ts).
 *
 * Framing rule (protocols.md §2): a DLE EOT reply matches 0xx1xx10 (mask 0x93 → 0x12); an ASB block
 * starts with a byte matching 0xx1xx00 (mask 0x93 → 0x10) followed by three bytes with bits 4 and 7
 * clear. The two patterns cannot be confused; any other byte is garbage and is dropped.
 */
import { fail, type CommandResult, type DeviceEvent, type StatusOf } from '../types';
import { statusChangeEvents, type StatusRules } from '../shared/device-base';
import { ChunkFramer } from '../shared/framer';

export type ReceiptPrinterStatus = StatusOf<'receiptPrinter'>;
export type StatusQuery = 1 | 2 | 3 | 4;

/** Everything the printer can tell us, as flags. Fields absent from a reply stay undefined. */
export interface PrinterFacts {
  offline?: boolean;
  coverOpen?: boolean;
  paperEndStop?: boolean;
  error?: boolean;
  cutterError?: boolean;
  unrecoverableError?: boolean;
  recoverableError?: boolean;
  paperNearEnd?: boolean;
  paperOut?: boolean;
}

/** DLE EOT n as bytes. */
export const dleEot = (n: StatusQuery): Uint8Array => Uint8Array.of(0x10, 0x04, n);

/** All four real-time queries in one write; the printer answers with four bytes in order. */
export const ALL_STATUS_QUERIES: Uint8Array = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);

/** True when `byte` has the fixed DLE EOT reply pattern 0xx1xx10. */
export const isRealTimeReply = (byte: number): boolean => (byte & 0x93) === 0x12;
/** True when `byte` can start an ASB block (0xx1xx00). */
export const isAsbHeader = (byte: number): boolean => (byte & 0x93) === 0x10;
/** True when `byte` can be byte 1..3 of an ASB block (bits 4 and 7 clear). */
export const isAsbTail = (byte: number): boolean => (byte & 0x90) === 0;

const bit = (byte: number, n: number): boolean => (byte & (1 << n)) !== 0;

/** Decodes the reply to DLE EOT n; `undefined` when the byte does not have the fixed pattern. */
export function decodeRealTimeStatus(n: StatusQuery, byte: number): PrinterFacts | undefined {
  if (!isRealTimeReply(byte)) return undefined;
  switch (n) {
    case 1:
      return { offline: bit(byte, 3) };
    case 2:
      return { coverOpen: bit(byte, 2), paperEndStop: bit(byte, 5), error: bit(byte, 6) };
    case 3:
      return {
        recoverableError: bit(byte, 2) || bit(byte, 6),
        cutterError: bit(byte, 3),
        unrecoverableError: bit(byte, 5),
      };
    case 4:
      return { paperNearEnd: (byte & 0x0c) !== 0, paperOut: (byte & 0x60) !== 0 };
  }
}

/** Decodes a 4-byte ASB block; `undefined` when it does not have the fixed pattern. */
export function decodeAsbBlock(block: ArrayLike<number>): PrinterFacts | undefined {
  const [b0, b1, b2, b3] = [block[0] ?? -1, block[1] ?? -1, block[2] ?? -1, block[3] ?? -1];
  if (block.length !== 4 || !isAsbHeader(b0) || !isAsbTail(b1) || !isAsbTail(b2) || !isAsbTail(b3)) {
    return undefined;
  }
  return {
    offline: bit(b0, 3),
    coverOpen: bit(b0, 5),
    cutterError: bit(b1, 3),
    unrecoverableError: bit(b1, 5),
    recoverableError: bit(b1, 6),
    paperNearEnd: (b2 & 0x03) !== 0,
    paperOut: (b2 & 0x0c) !== 0,
  };
}

/** Encodes facts as the four DLE EOT replies (used by the simulator; inverse of decodeRealTimeStatus). */
export function encodeRealTimeStatus(n: StatusQuery, f: PrinterFacts): number {
  let b = 0x12;
  const set = (cond: boolean | undefined, bitNo: number) => {
    if (cond) b |= 1 << bitNo;
  };
  switch (n) {
    case 1:
      set(f.offline, 3);
      break;
    case 2:
      set(f.coverOpen, 2);
      set(f.paperEndStop, 5);
      set(f.error, 6);
      break;
    case 3:
      set(f.recoverableError, 2);
      set(f.cutterError, 3);
      set(f.unrecoverableError, 5);
      break;
    case 4:
      if (f.paperNearEnd) b |= 0x0c;
      if (f.paperOut) b |= 0x60;
      break;
  }
  return b;
}

/** Encodes facts as an ASB block (used by the simulator). */
export function encodeAsbBlock(f: PrinterFacts): Uint8Array {
  const b0 = 0x10 | (f.offline ? 0x08 : 0) | (f.coverOpen ? 0x20 : 0);
  const b1 = (f.cutterError ? 0x08 : 0) | (f.unrecoverableError ? 0x20 : 0) | (f.recoverableError ? 0x40 : 0);
  const b2 = (f.paperNearEnd ? 0x03 : 0) | (f.paperOut ? 0x0c : 0);
  return Uint8Array.of(b0, b1, b2, 0x00);
}

export type StatusFrame = { kind: 'realTime'; byte: number } | { kind: 'asb'; facts: PrinterFacts; bytes: Uint8Array };

/**
 * Incremental framer for everything a receipt printer sends back. Push chunks in, get frames out;
 * never throws; garbage bytes are dropped, an ASB block broken by a bad byte is dropped and the bad
 * byte is looked at again (it may start the next frame).
 */
export class StatusFramer extends ChunkFramer<StatusFrame> {
  private asb: number[] | undefined;

  protected override parse(chunk: Uint8Array): StatusFrame[] {
    const frames: StatusFrame[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] ?? 0;
      if (this.asb) {
        if (isAsbTail(byte)) {
          this.asb.push(byte);
          if (this.asb.length === 4) {
            const bytes = Uint8Array.from(this.asb);
            this.asb = undefined;
            const facts = decodeAsbBlock(bytes);
            if (facts) frames.push({ kind: 'asb', facts, bytes });
          }
          continue;
        }
        this.asb = undefined; // broken block: look at this byte afresh
      }
      if (isRealTimeReply(byte)) frames.push({ kind: 'realTime', byte });
      else if (isAsbHeader(byte)) this.asb = [byte];
      // anything else is line noise
    }
    return frames;
  }

  /** Forgets a partial block (after a reconnect). */
  override reset(): void {
    this.asb = undefined;
  }
}

/** Combines the four real-time replies into facts; `undefined` if any reply is not a status byte. */
export function factsFromRealTime(replies: readonly number[]): PrinterFacts | undefined {
  const facts: PrinterFacts = {};
  for (let i = 0; i < 4; i++) {
    const decoded = decodeRealTimeStatus((i + 1) as StatusQuery, replies[i] ?? -1);
    if (!decoded) return undefined;
    Object.assign(facts, decoded);
  }
  return facts;
}

/** Maps printer facts to the kiosk status. Paper out wins over low; any error is a hardware error. */
export function statusFromFacts(f: PrinterFacts): ReceiptPrinterStatus {
  const paper = f.paperOut || f.paperEndStop ? 'out' : f.paperNearEnd ? 'low' : 'full';
  const cover = f.coverOpen ? 'open' : 'closed';
  const cutter = f.cutterError ? 'error' : 'ok';
  const hardware = f.cutterError || f.unrecoverableError || f.recoverableError || f.error;
  const device = hardware
    ? 'hardwareError'
    : cover === 'open' || paper === 'out'
      ? 'userError'
      : f.offline
        ? 'offline'
        : 'online';
  const detail = [
    paper === 'out' ? 'paper out: load a new roll' : paper === 'low' ? 'paper low: change the roll soon' : '',
    cover === 'open' ? 'cover open: close the printer cover' : '',
    cutter === 'error' ? 'autocutter error: open the cover, clear the blade, close it' : '',
    f.unrecoverableError ? 'unrecoverable error: power-cycle the printer' : '',
  ]
    .filter(Boolean)
    .join('; ');
  return detail
    ? { kind: 'receiptPrinter', device, paper, cover, cutter, detail }
    : { kind: 'receiptPrinter', device, paper, cover, cutter };
}

/** Why the printer cannot print now, or undefined when it can. Most actionable cause first. */
export type NotReadyCause = 'coverOpen' | 'paperOut' | 'cutterError' | 'hardwareError' | 'offline';

/** The cause that blocks printing in these facts, if any. */
export function notReadyCause(f: PrinterFacts): NotReadyCause | undefined {
  if (f.coverOpen) return 'coverOpen';
  if (f.paperOut || f.paperEndStop) return 'paperOut';
  if (f.cutterError) return 'cutterError';
  if (f.unrecoverableError || f.recoverableError || f.error) return 'hardwareError';
  if (f.offline) return 'offline';
  return undefined;
}

// ---- job outcomes and events (shared by the driver and the in-memory fake) -----------------------

export type ReceiptPrintError = NotReadyCause | 'timeOut' | 'canceled';

/** How far a failed job got: bytes handed to the link out of the document's size. */
export interface JobProgress {
  jobId: string;
  bytesSent: number;
  totalBytes: number;
  cause: ReceiptPrintError;
}

export type ReceiptPrinterEvent =
  | DeviceEvent<'paperThreshold', { paper: ReceiptPrinterStatus['paper'] }>
  | DeviceEvent<'coverChanged', { cover: ReceiptPrinterStatus['cover'] }>
  | DeviceEvent<'cutterChanged', { cutter: ReceiptPrinterStatus['cutter'] }>
  | DeviceEvent<'deviceChanged', { device: ReceiptPrinterStatus['device'] }>
  | DeviceEvent<'jobInterrupted', JobProgress>
  /** A document printed to the end (for consumable counting: the bytes say how much paper it fed). */
  | DeviceEvent<'jobPrinted', { jobId: string; document: Uint8Array }>;

/** The status while the printer cannot be asked. */
export const receiptPrinterOffline = (detail: string): ReceiptPrinterStatus => ({
  kind: 'receiptPrinter',
  device: 'offline',
  paper: 'unknown',
  cover: 'unknown',
  cutter: 'unknown',
  detail,
});

const CAUSE_TEXT: Record<ReceiptPrintError, string> = {
  paperOut: 'paper out',
  coverOpen: 'cover open',
  cutterError: 'autocutter error',
  hardwareError: 'printer hardware error',
  offline: 'printer offline',
  timeOut: 'printer did not answer',
  canceled: 'canceled',
};

/** Completion code for each cause: what staff can fix (userError) versus hardware faults. */
const CAUSE_CODE: Record<ReceiptPrintError, 'userError' | 'hardwareError' | 'deviceNotReady' | 'timeOut' | 'canceled'> =
  {
    paperOut: 'userError',
    coverOpen: 'userError',
    cutterError: 'hardwareError',
    hardwareError: 'hardwareError',
    offline: 'deviceNotReady',
    timeOut: 'timeOut',
    canceled: 'canceled',
  };

/** Where a job stopped: refused before any byte was sent, while sending, or while printing. */
export type JobStage = 'before' | 'during' | 'after';

/** How a receipt that was not (completely) printed is reported; it is never reprinted automatically. */
export function receiptJobFailure(progress: JobProgress, stage: JobStage): CommandResult<never, ReceiptPrintError> {
  const { jobId, bytesSent, totalBytes, cause } = progress;
  if (stage === 'before') {
    const code = cause === 'canceled' ? 'canceled' : cause === 'timeOut' ? 'timeOut' : 'deviceNotReady';
    return fail(code, `${jobId} not printed: ${CAUSE_TEXT[cause]}`, cause);
  }
  const message =
    `${jobId} failed ${stage === 'during' ? 'while sending' : 'while printing'}: ${CAUSE_TEXT[cause]}; ` +
    `${bytesSent} of ${totalBytes} bytes had been sent, the receipt may be partly printed — not reprinted automatically`;
  return fail(CAUSE_CODE[cause], message, cause);
}

/**
 * How a receipt printer reports status changes: still offline for another reason is no news (the
 * first reason is kept); paper, cover and cutter changes bring their unsolicited events.
 */
export const receiptStatusRules: StatusRules<ReceiptPrinterStatus, ReceiptPrinterEvent> = {
  isNews: (previous, next) =>
    !(
      previous.device === 'offline' &&
      next.device === 'offline' &&
      previous.paper === 'unknown' &&
      next.paper === 'unknown'
    ),
  events: (previous, next) =>
    statusChangeEvents(previous, next, [
      ['paperThreshold', 'paper', ['low', 'out', 'jammed']],
      ['coverChanged', 'cover', ['open']],
      ['cutterChanged', 'cutter', ['error']],
    ]),
};
