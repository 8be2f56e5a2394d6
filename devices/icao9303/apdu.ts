/**
 * ISO/IEC 7816-4 command and response APDUs, short and extended length. Encoding picks short form when
 * everything fits, unless extended is asked for; parsing (the chip's side) accepts all seven cases.
 */
import { concat } from './bytes';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length Ne (1..65536); absent when no response data is expected. */
  ne?: number;
  /** Force extended length fields. */
  extended?: boolean;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export const SW = {
  ok: 0x9000,
  endOfFile: 0x6282,
  verificationFailed: 0x6300,
  wrongLength: 0x6700,
  securityNotSatisfied: 0x6982,
  authenticationBlocked: 0x6983,
  conditionsNotSatisfied: 0x6985,
  smObjectsMissing: 0x6987,
  smObjectsIncorrect: 0x6988,
  wrongData: 0x6a80,
  fileNotFound: 0x6a82,
  wrongP1P2: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
  memoryFailure: 0x6581,
} as const;

export const needsExtended = (apdu: CommandApdu): boolean =>
  apdu.extended === true || (apdu.data?.length ?? 0) > 255 || (apdu.ne ?? 0) > 256;

export function encodeCommand(apdu: CommandApdu): Uint8Array {
  const header = Uint8Array.of(apdu.cla, apdu.ins, apdu.p1, apdu.p2);
  const data = apdu.data ?? new Uint8Array(0);
  if (data.length > 65535) throw new RangeError('command data too long');
  if (apdu.ne !== undefined && (apdu.ne < 1 || apdu.ne > 65536)) throw new RangeError('Ne out of range');
  if (!needsExtended(apdu)) {
    const lc = data.length > 0 ? Uint8Array.of(data.length) : new Uint8Array(0);
    const le = apdu.ne !== undefined ? Uint8Array.of(apdu.ne === 256 ? 0 : apdu.ne) : new Uint8Array(0);
    return concat(header, lc, data, le);
  }
  const ne = apdu.ne === undefined ? undefined : apdu.ne === 65536 ? 0 : apdu.ne;
  const lc = data.length > 0 ? Uint8Array.of(0, data.length >> 8, data.length & 0xff) : new Uint8Array(0);
  const le =
    ne === undefined
      ? new Uint8Array(0)
      : data.length > 0
        ? Uint8Array.of(ne >> 8, ne & 0xff)
        : Uint8Array.of(0, ne >> 8, ne & 0xff);
  return concat(header, lc, data, le);
}

/** Parses a command APDU (the chip's side); undefined for a malformed one (the chip answers 6700). */
export function parseCommand(bytes: Uint8Array): CommandApdu | undefined {
  if (bytes.length < 4) return undefined;
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  if (body.length === 1) return { cla, ins, p1, p2, ne: body[0] === 0 ? 256 : body[0]! };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.subarray(1) };
    if (body.length === 2 + lc)
      return { cla, ins, p1, p2, data: body.subarray(1, 1 + lc), ne: body[1 + lc] === 0 ? 256 : body[1 + lc]! };
    return undefined;
  }
  const extendedNe = (hi: number, lo: number) => (hi === 0 && lo === 0 ? 65536 : hi * 256 + lo);
  if (body.length === 3) return { cla, ins, p1, p2, ne: extendedNe(body[1]!, body[2]!), extended: true };
  const lc = body[1]! * 256 + body[2]!;
  if (lc === 0) return undefined;
  if (body.length === 3 + lc) return { cla, ins, p1, p2, data: body.subarray(3), extended: true };
  if (body.length === 5 + lc)
    return {
      cla,
      ins,
      p1,
      p2,
      data: body.subarray(3, 3 + lc),
      ne: extendedNe(body[3 + lc]!, body[4 + lc]!),
      extended: true,
    };
  return undefined;
}

export function parseResponse(bytes: Uint8Array): ResponseApdu | undefined {
  if (bytes.length < 2) return undefined;
  return { data: bytes.subarray(0, bytes.length - 2), sw: bytes[bytes.length - 2]! * 256 + bytes[bytes.length - 1]! };
}

export const encodeResponse = (data: Uint8Array, sw: number): Uint8Array =>
  concat(data, Uint8Array.of(sw >> 8, sw & 0xff));

export const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');
