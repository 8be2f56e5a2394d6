/** Byte helpers shared by the ICAO 9303 modules (hex for tests and logs, constant-time compare). */
import { timingSafeEqual } from 'node:crypto';

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

export const fromHex = (text: string): Uint8Array => {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError('not a hex string');
  return new Uint8Array(Buffer.from(clean, 'hex'));
};

export const concat = (...parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Constant-time equality for MACs and hashes (different lengths are simply unequal). */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

/** Big-endian unsigned integer of `length` bytes. */
export const uintBytes = (value: number, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let i = length - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v & 0xff;
  return out;
};
