/**
 * BER-TLV as ICAO 9303 and ISO 7816-4 use it: tags of one to three bytes, definite lengths of up to
 * four bytes. Parsing never throws: malformed input yields a TlvError value naming the offset.
 */
import { concat, uintBytes } from './bytes';

export interface Tlv {
  tag: number;
  /** The value bytes (a view into the input, not a copy). */
  value: Uint8Array;
  /** Offset just past this TLV in the input. */
  end: number;
  /** Bytes taken by tag + length. */
  headerLength: number;
}

export interface TlvError {
  error: 'truncated' | 'badLength' | 'badTag';
  offset: number;
}

export const isTlvError = (value: Tlv | TlvError | Tlv[]): value is TlvError => 'error' in value;

/** Reads one TLV starting at `offset`. */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv | TlvError {
  let i = offset;
  if (i >= bytes.length) return { error: 'truncated', offset: i };
  let tag = bytes[i++]!;
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    for (let n = 0; more; n++) {
      if (n >= 2) return { error: 'badTag', offset };
      if (i >= bytes.length) return { error: 'truncated', offset: i };
      const b = bytes[i++]!;
      tag = tag * 256 + b;
      more = (b & 0x80) !== 0;
    }
  }
  if (i >= bytes.length) return { error: 'truncated', offset: i };
  let length = bytes[i++]!;
  if (length === 0x80) return { error: 'badLength', offset: i - 1 }; // indefinite lengths are not used here
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4) return { error: 'badLength', offset: i - 1 };
    if (i + count > bytes.length) return { error: 'truncated', offset: i };
    length = 0;
    for (let n = 0; n < count; n++) length = length * 256 + bytes[i++]!;
  }
  if (i + length > bytes.length) return { error: 'truncated', offset: i };
  return { tag, value: bytes.subarray(i, i + length), end: i + length, headerLength: i - offset };
}

/** Reads a sequence of TLVs that fills `bytes` exactly. */
export function readTlvList(bytes: Uint8Array): Tlv[] | TlvError {
  const out: Tlv[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const tlv = readTlv(bytes, offset);
    if (isTlvError(tlv)) return tlv;
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** Total length of the TLV at the start of `head` (tag + length + value), if the header is complete. */
export function tlvTotalLength(head: Uint8Array): number | undefined {
  const probe = readTlvHeader(head);
  return probe === undefined ? undefined : probe.headerLength + probe.length;
}

function readTlvHeader(head: Uint8Array): { headerLength: number; length: number } | undefined {
  let i = 0;
  if (head.length < 2) return undefined;
  if ((head[i++]! & 0x1f) === 0x1f) while (i < head.length && (head[i++]! & 0x80) !== 0);
  if (i >= head.length) return undefined;
  let length = head[i++]!;
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || i + count > head.length) return undefined;
    length = 0;
    for (let n = 0; n < count; n++) length = length * 256 + head[i++]!;
  }
  return { headerLength: i, length };
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const size = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
  return concat(Uint8Array.of(0x80 | size), uintBytes(length, size));
}

export function encodeTag(tag: number): Uint8Array {
  if (tag < 0x100) return Uint8Array.of(tag);
  if (tag < 0x10000) return uintBytes(tag, 2);
  return uintBytes(tag, 3);
}

/** Encodes one TLV; `value` may be a list of already encoded children. */
export function tlv(tag: number, value: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = value instanceof Uint8Array ? value : concat(...value);
  return concat(encodeTag(tag), encodeLength(body.length), body);
}

/** First child with `tag` in a list of TLVs. */
export const findTlv = (list: readonly Tlv[], tag: number): Tlv | undefined => list.find((t) => t.tag === tag);
