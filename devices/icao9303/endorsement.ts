/**
 * THE ENDORSEMENT WRITE MODEL. How the exit-entry administration writes an endorsement onto the permit
 * chip is not public. This module is this project's model of it, isolated here so that the real
 * interface replaces one module:
 *
 * - The chip holds a dedicated elementary file (EF 0180) of endorsement records:
 *   `70 { 71 record … }`, each record `71 { 80 type, 81 destination, 82 trips, 83 valid-until,
 *   84 issuing office, 85 serial, 9E authorisation }`.
 * - A record is accepted only with the issuer's write authorisation: an ECDSA P-256 / SHA-256
 *   signature by the issuing administration's key over "ENDORSEMENT-V1" ‖ document number ‖ the
 *   record's fields (80–85). The backend returns it with the approval; the chip verifies it.
 * - The kiosk writes the whole new file image (the old records unchanged, then the new one) with
 *   UPDATE BINARY under secure messaging, in chunks. The chip stages the chunks in RAM and commits
 *   atomically when the image is complete and every authorisation verifies; a card removed before
 *   that leaves the old file, one removed after it leaves the new one. Reading the file back tells
 *   which (`confirmEndorsement`).
 * - Chip answers: 9000 committed (or chunk staged), 6982 authorisation refused, 6A80 malformed image
 *   or altered old records, 6A84 file full.
 */
import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import type { CommandOptions } from '../types';
import { SW, swHex } from './apdu';
import { err, ok, type Result } from '../../contract/result';
import { FILE_ID } from './lds';
import { readFile, selectFile, type PermitSession } from './session';
import { isTlvError, readTlv, readTlvList, tlv } from './tlv';

export const ENDORSEMENT_TYPES = ['L', 'G', 'T', 'S', 'Q'] as const;
export const ENDORSEMENT_DESTINATIONS = ['HK', 'MO', 'HKMO'] as const;
/** Capacity of the endorsement file on the chip (bytes). */
export const ENDORSEMENT_FILE_CAPACITY = 4096;

export interface EndorsementRecord {
  /** L group tour, G individual tour, T family visit, S business, Q other. */
  type: (typeof ENDORSEMENT_TYPES)[number];
  destination: (typeof ENDORSEMENT_DESTINATIONS)[number];
  /** Number of trips; 0 means multiple trips. */
  trips: number;
  /** YYYYMMDD */
  validUntil: string;
  issuingOffice: string;
  /** The issuer's serial of this endorsement: unique per permit. */
  serial: string;
}

export interface StoredEndorsement {
  record: EndorsementRecord;
  /** The issuer's authorisation (DER ECDSA signature). */
  authorisation: Uint8Array;
}

const enc = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const dec = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

export function encodeRecordFields(record: EndorsementRecord): Uint8Array {
  return Buffer.concat([
    tlv(0x80, enc(record.type)),
    tlv(0x81, enc(record.destination)),
    tlv(0x82, Uint8Array.of(record.trips)),
    tlv(0x83, enc(record.validUntil)),
    tlv(0x84, enc(record.issuingOffice)),
    tlv(0x85, enc(record.serial)),
  ]);
}

/** The bytes the issuer signs to authorise writing `record` onto permit `documentNumber`. */
export function authorisationPayload(documentNumber: string, record: EndorsementRecord): Uint8Array {
  return Buffer.concat([enc('ENDORSEMENT-V1'), enc(documentNumber.padEnd(9, '<')), encodeRecordFields(record)]);
}

/** What the issuing administration (the backend) does: sign a write authorisation. */
export const signAuthorisation = (
  issuerKey: KeyObject,
  documentNumber: string,
  record: EndorsementRecord,
): Uint8Array => new Uint8Array(sign('sha256', authorisationPayload(documentNumber, record), issuerKey));

/** What the chip does before committing. */
export function verifyAuthorisation(
  issuerPublicKey: KeyObject,
  documentNumber: string,
  stored: StoredEndorsement,
): boolean {
  try {
    return verify('sha256', authorisationPayload(documentNumber, stored.record), issuerPublicKey, stored.authorisation);
  } catch {
    return false;
  }
}

export const encodeEndorsementFile = (entries: readonly StoredEndorsement[]): Uint8Array =>
  tlv(
    0x70,
    entries.map((e) => tlv(0x71, [encodeRecordFields(e.record), tlv(0x9e, e.authorisation)])),
  );

/** Parses the endorsement file; undefined when malformed. */
export function parseEndorsementFile(file: Uint8Array): StoredEndorsement[] | undefined {
  const outer = readTlv(file);
  if (isTlvError(outer) || outer.tag !== 0x70) return undefined;
  const records = readTlvList(outer.value);
  if (isTlvError(records)) return undefined;
  const out: StoredEndorsement[] = [];
  for (const entry of records) {
    if (entry.tag !== 0x71) return undefined;
    const fields = readTlvList(entry.value);
    if (isTlvError(fields)) return undefined;
    const get = (tag: number) => fields.find((f) => f.tag === tag)?.value;
    const [type, destination, trips, validUntil, office, serial, auth] = [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x9e].map(
      get,
    );
    if (!type || !destination || trips?.length !== 1 || !validUntil || !office || !serial || !auth) return undefined;
    const record: EndorsementRecord = {
      type: dec(type) as EndorsementRecord['type'],
      destination: dec(destination) as EndorsementRecord['destination'],
      trips: trips[0]!,
      validUntil: dec(validUntil),
      issuingOffice: dec(office),
      serial: dec(serial),
    };
    if (
      !ENDORSEMENT_TYPES.includes(record.type) ||
      !ENDORSEMENT_DESTINATIONS.includes(record.destination) ||
      !/^\d{8}$/.test(record.validUntil)
    )
      return undefined;
    out.push({ record, authorisation: new Uint8Array(auth) });
  }
  return out;
}

export type EndorsementFailure =
  | { kind: 'writeRefused'; reason: 'authorisation' | 'malformed' | 'full' | 'other'; detail: string }
  /** The card left the field (or the link failed) during the write: it may or may not hold the record. Read back. */
  | { kind: 'writeInterrupted'; detail: string }
  | { kind: 'readFailed'; detail: string }
  | { kind: 'canceled'; detail: string };

/** Reads the endorsement records on the chip. */
export async function readEndorsements(
  session: PermitSession,
  options?: CommandOptions,
): Promise<Result<StoredEndorsement[], EndorsementFailure>> {
  const file = await readFile(session, FILE_ID.endorsements, options);
  if (!file.ok)
    return err({ kind: file.error.kind === 'canceled' ? 'canceled' : 'readFailed', detail: file.error.detail });
  const parsed = parseEndorsementFile(file.value);
  return parsed ? ok(parsed) : err({ kind: 'readFailed', detail: 'endorsement file is malformed' });
}

/** Chunk size of UPDATE BINARY data (short APDUs under SM leave room for ~223 bytes). */
const WRITE_CHUNK = 200;

/**
 * Writes one endorsement record with the issuer's authorisation. `written` means the chip committed
 * it; `writeInterrupted` means the outcome is unknown until `confirmEndorsement` reads it back.
 */
export async function writeEndorsement(
  session: PermitSession,
  record: EndorsementRecord,
  authorisation: Uint8Array,
  options?: CommandOptions,
): Promise<Result<'written', EndorsementFailure>> {
  const current = await readEndorsements(session, options);
  if (!current.ok) return current;
  if (current.value.some((e) => e.record.serial === record.serial)) return ok('written'); // already there: never write twice
  const image = encodeEndorsementFile([...current.value, { record, authorisation }]);
  if (image.length > ENDORSEMENT_FILE_CAPACITY)
    return err({ kind: 'writeRefused', reason: 'full', detail: 'the endorsement file is full' });
  for (let offset = 0; offset < image.length; offset += WRITE_CHUNK) {
    const chunk = image.subarray(offset, Math.min(image.length, offset + WRITE_CHUNK));
    const answer = await session.channel.send(
      { cla: 0, ins: 0xd6, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, data: chunk },
      options,
    );
    if (!answer.ok) {
      if (answer.error.kind === 'canceled' && offset === 0)
        return err({ kind: 'canceled', detail: answer.error.detail });
      return err({ kind: 'writeInterrupted', detail: `${answer.error.kind}: ${answer.error.detail}` });
    }
    const sw = answer.value.sw;
    if (sw === SW.ok) continue;
    if (sw === SW.securityNotSatisfied)
      return err({
        kind: 'writeRefused',
        reason: 'authorisation',
        detail: 'the chip refused the write authorisation',
      });
    if (sw === SW.wrongData)
      return err({ kind: 'writeRefused', reason: 'malformed', detail: 'the chip refused the endorsement image' });
    if (sw === 0x6a84)
      return err({ kind: 'writeRefused', reason: 'full', detail: 'the chip has no room for the endorsement' });
    return err({ kind: 'writeRefused', reason: 'other', detail: `UPDATE BINARY answered ${swHex(sw)}` });
  }
  return ok('written');
}

/** After an interrupted write (with the card placed again and a new session): is the record there? */
export async function confirmEndorsement(
  session: PermitSession,
  serial: string,
  options?: CommandOptions,
): Promise<Result<'written' | 'notWritten', EndorsementFailure>> {
  const select = await selectFile(session, FILE_ID.endorsements, options);
  if (!select.ok) return err({ kind: 'readFailed', detail: select.error.detail });
  const current = await readEndorsements(session, options);
  if (!current.ok) return current;
  return ok(current.value.some((e) => e.record.serial === serial) ? 'written' : 'notWritten');
}

/** A readable hash of a record, for logs (no personal data in a record, but the serial is enough). */
export const endorsementDigest = (record: EndorsementRecord): string =>
  createHash('sha256').update(encodeRecordFields(record)).digest('hex').slice(0, 16);
