/**
 * The endorsement service's only contact with the permit chip: read it (access control, passive
 * authentication, the endorsements it already holds), write an approved endorsement, and read it
 * back. The write itself is this project's MODEL of the exit-entry administration's interface, which
 * is not public — an UPDATE BINARY of an endorsement file under secure messaging, authorised by the
 * issuer's signature — and lives in devices/icao9303/endorsement.ts; replacing the model means
 * replacing that module and the two calls to it here (`writeEndorsement`, `readEndorsements`).
 *
 * Every answer is a value. A write whose outcome is not known (the card left the field, the link
 * failed) says `unknown`: only reading the chip back, with the card placed again, can tell.
 */
import type { X509Certificate } from 'node:crypto';
import { parseOcrLine } from '../../contract/permit-ocr';
import type { ApduChannel, ChipFailure } from '../../devices/icao9303/channel';
import { encodeRecordFields, readEndorsements, writeEndorsement, type EndorsementRecord, type StoredEndorsement } from '../../devices/icao9303/endorsement';
import { readPermit, type PermitData, type PermitReadFailure } from '../../devices/icao9303/read-permit';
import { sameBytes } from '../../devices/icao9303/bytes';
import { openSession, type PermitSession } from '../../devices/icao9303/session';
import type { EndorsementSummary } from '../../contract/flows/exit-entry';

/** What the issuer approved, as the chip will store it. */
export interface ApprovedEndorsement {
  record: EndorsementRecord;
  authorisation: Uint8Array;
}

export interface ChipOptions {
  /** Each APDU's time-out. */
  apduTimeoutMs: number;
  /** Leaving the flow cancels the exchange. */
  signal?: AbortSignal;
}

/** YYYYMMDD (as the chip stores it) → YYYY-MM-DD. */
export const isoOfChipDate = (date: string): string => `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;

export const summaryOf = (record: EndorsementRecord): EndorsementSummary => ({
  type: record.type,
  destination: record.destination,
  trips: record.trips === 1 || record.trips === 2 ? record.trips : 0,
  validUntil: isoOfChipDate(record.validUntil),
});

export type ChipReadOutcome =
  | { ok: true; permit: PermitData; onChip: EndorsementSummary[] }
  | { ok: false; failure: PermitReadFailure };

/**
 * READ BINARY size of the chip read: extended length, so a 15 KB face is a couple of APDUs instead of
 * seventy (through pcscd each APDU costs tens of milliseconds); a chip that takes short APDUs only is
 * read again with short ones (devices/icao9303/read-permit.ts).
 */
export const PERMIT_READ_CHUNK = 0x4000;

/** Reads DG1, DG2, DG11 and EF.SOD, verifies them, and lists the endorsements the chip holds. */
export async function readPermitChip(
  channel: ApduChannel,
  ocrLine: string,
  trustAnchors: readonly X509Certificate[],
  now: Date,
  options: ChipOptions & { totalTimeoutMs: number },
): Promise<ChipReadOutcome> {
  const read = await readPermit({
    channel,
    ocrLine,
    trustAnchors,
    now,
    readChunk: PERMIT_READ_CHUNK,
    timeoutMs: options.apduTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!read.ok) return { ok: false, failure: read.error };
  const held = await readEndorsements(read.value.session, { timeoutMs: options.apduTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  if (!held.ok) {
    const kind: ChipFailure['kind'] = held.error.kind === 'canceled' ? 'canceled' : 'readFailed';
    return { ok: false, failure: { kind, detail: `endorsement file: ${held.error.detail}` } };
  }
  return { ok: true, permit: read.value.permit, onChip: held.value.map((entry) => summaryOf(entry.record)) };
}

/**
 * What became of an approved endorsement on the chip:
 *  - verified: the chip holds it, byte for byte (fields and authorisation);
 *  - notWritten: the chip was read and does not hold it (a write may be tried again);
 *  - refused: the chip refused the write (authorisation, malformed image, no room);
 *  - mismatch: the chip holds a record with the serial that is not the approved one;
 *  - otherCard: the card in the field does not open with the permit's key (another card);
 *  - unknown: the card left the field or did not answer: place it again and read back.
 */
export type ChipWriteOutcome =
  | { kind: 'verified' }
  | { kind: 'notWritten' }
  | { kind: 'refused'; reason: 'authorisation' | 'malformed' | 'full' | 'other'; detail: string }
  | { kind: 'mismatch'; detail: string }
  | { kind: 'otherCard'; detail: string }
  | { kind: 'unknown'; detail: string };

type Opened = { ok: true; session: PermitSession } | { ok: false; outcome: ChipWriteOutcome };

/** A new BAC session with the key of the permit's OCR line (each write or read-back starts one: the card may have been reset). */
async function open(channel: ApduChannel, ocrLine: string, options: ChipOptions): Promise<Opened> {
  const ocr = parseOcrLine(ocrLine);
  if (!ocr.ok) return { ok: false, outcome: { kind: 'otherCard', detail: `the access key is not an OCR line (${ocr.error.kind})` } };
  const session = await openSession(channel, ocr.value, { timeoutMs: options.apduTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  if (session.ok) return { ok: true, session: session.value };
  if (session.error.kind === 'bacFailed') return { ok: false, outcome: { kind: 'otherCard', detail: session.error.detail } };
  return { ok: false, outcome: { kind: 'unknown', detail: `${session.error.kind}: ${session.error.detail}` } };
}

const sameEndorsement = (stored: StoredEndorsement, approved: ApprovedEndorsement): boolean =>
  sameBytes(encodeRecordFields(stored.record), encodeRecordFields(approved.record)) && sameBytes(stored.authorisation, approved.authorisation);

/** Reads the chip's endorsements back and looks for the approved one. */
async function readBack(session: PermitSession, approved: ApprovedEndorsement, options: ChipOptions): Promise<ChipWriteOutcome> {
  const held = await readEndorsements(session, { timeoutMs: options.apduTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  if (!held.ok) return { kind: 'unknown', detail: `read back: ${held.error.detail}` };
  const found = held.value.find((entry) => entry.record.serial === approved.record.serial);
  if (!found) return { kind: 'notWritten' };
  return sameEndorsement(found, approved) ? { kind: 'verified' } : { kind: 'mismatch', detail: `serial ${approved.record.serial} holds another record` };
}

/** Writes the approved endorsement, then reads the chip back and compares. */
export async function writeAndVerify(channel: ApduChannel, ocrLine: string, approved: ApprovedEndorsement, options: ChipOptions): Promise<ChipWriteOutcome> {
  const opened = await open(channel, ocrLine, options);
  if (!opened.ok) return opened.outcome;
  const command = { timeoutMs: options.apduTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const written = await writeEndorsement(opened.session, approved.record, approved.authorisation, command);
  if (!written.ok) {
    const failure = written.error;
    if (failure.kind === 'writeRefused') return { kind: 'refused', reason: failure.reason, detail: failure.detail };
    // Interrupted, cancelled mid-way, or the current file could not be read: only a read-back can tell.
    return { kind: 'unknown', detail: `${failure.kind}: ${failure.detail}` };
  }
  const back = await readBack(opened.session, approved, options);
  // The chip said 9000 and the read-back does not show it: the chip did not keep its word.
  return back.kind === 'notWritten' ? { kind: 'mismatch', detail: 'the chip confirmed the write but does not hold the endorsement' } : back;
}

/** With the card placed again: is the approved endorsement on the chip? */
export async function confirmOnChip(channel: ApduChannel, ocrLine: string, approved: ApprovedEndorsement, options: ChipOptions): Promise<ChipWriteOutcome> {
  const opened = await open(channel, ocrLine, options);
  if (!opened.ok) return opened.outcome;
  return readBack(opened.session, approved, options);
}
