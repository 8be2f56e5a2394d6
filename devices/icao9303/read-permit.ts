/**
 * readPermit: everything the endorsement flow needs from the permit's chip, verified. Opens a BAC
 * session with the key from the OCR line, reads EF.SOD, DG1, DG2 and DG11, and performs passive
 * authentication (signature, chain to a trusted CSCA, every data group's hash). A chip that fails
 * any check is refused with a typed reason; an expired permit is reported after the chip is proven
 * genuine. The face image stays in memory; logs get only the masked number.
 */
import type { X509Certificate } from 'node:crypto';
import { parseOcrLine, type PermitDocumentCode } from '../../contract/permit-ocr';
import { err, ok, type Result } from '../../contract/result';
import type { ApduChannel, ChipFailure } from './channel';
import { FILE_ID, parseDg1, parseDg11, parseDg2, parseEfCom, FILE_TAG } from './lds';
import { openSession, readFile, SHORT_READ_CHUNK, type OpenSessionOptions, type PermitSession } from './session';
import { parseSod, type PassiveFailure, verifyDataGroupHash, verifySignerChain, verifySodSignature } from './sod';

export interface PermitData {
  documentCode: PermitDocumentCode;
  documentNumber: string;
  /** ISO dates (YYYY-MM-DD). */
  expiry: string;
  birthDate: string;
  sex: string;
  names: { surname: string; givenNames: string; chinese?: string };
  placeOfBirth?: string;
  /** The face from DG2 (JPEG or JPEG 2000). In memory only: never log it or write it to disk. */
  face: { format: 'jpeg' | 'jpeg2000'; width: number; height: number; image: Uint8Array };
  passive: 'ok';
  /** Bytes of chip files read (for the figures). */
  bytesRead: number;
}

export type PermitReadFailure =
  | ChipFailure
  | PassiveFailure
  | { kind: 'badOcrLine'; detail: string }
  | { kind: 'notAPermit'; detail: string }
  | { kind: 'expired'; expiry: string; detail: string };

export interface ReadPermitOptions extends OpenSessionOptions {
  channel: ApduChannel;
  ocrLine: string;
  trustAnchors: readonly X509Certificate[];
  /** Overall time limit for the whole read (each APDU also gets `timeoutMs` when set). */
  totalTimeoutMs?: number;
  now?: Date;
}

/** YYMMDD → YYYY-MM-DD; expiry dates are in this century, birth dates in the past. */
export function isoDate(yymmdd: string, kind: 'expiry' | 'birth', now: Date): string {
  const yy = Number(yymmdd.slice(0, 2));
  const current = now.getUTCFullYear() % 100;
  const century = kind === 'expiry' ? 2000 : yy > current ? 1900 : 2000;
  return `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

export async function readPermit(
  options: ReadPermitOptions,
): Promise<Result<{ permit: PermitData; session: PermitSession }, PermitReadFailure>> {
  const ocr = parseOcrLine(options.ocrLine);
  if (!ocr.ok) return err({ kind: 'badOcrLine', detail: `${ocr.error.kind} at ${ocr.error.index}` });
  const now = options.now ?? new Date();
  const signals = [
    options.signal,
    options.totalTimeoutMs ? AbortSignal.timeout(options.totalTimeoutMs) : undefined,
  ].filter((s): s is AbortSignal => s !== undefined);
  const command = { ...options, signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0] };

  const opened = await openSession(options.channel, ocr.value, command);
  if (!opened.ok) return opened;
  let session = opened.value;
  const read = async (fileId: number) => readFile(session, fileId, command);

  let com = await read(FILE_ID.com);
  // Extended-length reads (far fewer APDUs) when the chip takes them. One that does not refuses the first
  // (6700, or an SM error) and, as after any error in a session, drops the session: a new BAC with short reads.
  if (!com.ok && session.readChunk > SHORT_READ_CHUNK && (com.error.kind === 'smFailed' || com.error.kind === 'readFailed')) {
    const again = await openSession(options.channel, ocr.value, { ...command, readChunk: SHORT_READ_CHUNK });
    if (!again.ok) return again;
    session = again.value;
    com = await read(FILE_ID.com);
  }
  if (!com.ok) return com;
  const efCom = parseEfCom(com.value);
  if (!efCom || !efCom.tags.includes(FILE_TAG.dg1) || !efCom.tags.includes(FILE_TAG.dg2))
    return err({ kind: 'notAPermit', detail: 'EF.COM lists no DG1/DG2' });
  const sodFile = await read(FILE_ID.sod);
  if (!sodFile.ok) return sodFile;
  const sod = parseSod(sodFile.value);
  if ('kind' in sod) return err(sod);
  const badSignature = verifySodSignature(sod) ?? verifySignerChain(sod, options.trustAnchors);
  if (badSignature) return err(badSignature);

  const groups: [number, number][] = [
    [1, FILE_ID.dg1],
    [2, FILE_ID.dg2],
  ];
  if (efCom.tags.includes(FILE_TAG.dg11)) groups.push([11, FILE_ID.dg11]);
  const files = new Map<number, Uint8Array>();
  for (const [number, fileId] of groups) {
    const file = await read(fileId);
    if (!file.ok) return file;
    const mismatch = verifyDataGroupHash(sod, number, file.value);
    if (mismatch) return err(mismatch);
    files.set(number, file.value);
  }

  const mrz = parseDg1(files.get(1)!);
  if (!mrz || !mrz.checks.documentNumber || !mrz.checks.birthDate || !mrz.checks.expiry)
    return err({ kind: 'notAPermit', detail: 'DG1 holds no valid TD1 MRZ' });
  if (mrz.documentCode !== 'CS' && mrz.documentCode !== 'CD')
    return err({ kind: 'notAPermit', detail: `document code ${mrz.documentCode}` });
  const face = parseDg2(files.get(2)!);
  if ('error' in face) return err({ kind: 'notAPermit', detail: `DG2: ${face.error}` });
  const dg11 = files.has(11) ? parseDg11(files.get(11)!) : undefined;

  const expiry = isoDate(mrz.expiry, 'expiry', now);
  if (expiry < now.toISOString().slice(0, 10))
    return err({ kind: 'expired', expiry, detail: 'the permit has expired' });
  const permit: PermitData = {
    documentCode: mrz.documentCode,
    documentNumber: mrz.documentNumber,
    expiry,
    birthDate: isoDate(mrz.birthDate, 'birth', now),
    sex: mrz.sex,
    names: {
      surname: mrz.surname,
      givenNames: mrz.givenNames,
      ...(dg11?.nameInNationalCharacters ? { chinese: dg11.nameInNationalCharacters } : {}),
    },
    ...(dg11?.placeOfBirth ? { placeOfBirth: dg11.placeOfBirth } : {}),
    face,
    passive: 'ok',
    bytesRead: session.bytesRead,
  };
  return ok({ permit, session });
}
