/**
 * BAC key derivation (ICAO 9303 Part 11 §9.7.1, §4.3.2): the MRZ information (document number, birth
 * date and expiry with their check digits) hashed with SHA-1 gives Kseed; the KDF gives KEnc and KMAC
 * as two-key 3DES keys with DES parity bits set.
 */
import { createHash } from 'node:crypto';
import { checkDigit } from '../../contract/permit-ocr';
import { concat, uintBytes } from './bytes';

/** Document number (padded to 9 with `<`) + check digit + birth YYMMDD + check + expiry YYMMDD + check. */
export function mrzInformation(documentNumber: string, birthDate: string, expiry: string): string {
  const number = documentNumber.padEnd(9, '<');
  return `${number}${checkDigit(number)}${birthDate}${checkDigit(birthDate)}${expiry}${checkDigit(expiry)}`;
}

/** Kseed: the first 16 bytes of SHA-1 over the MRZ information. */
export const keySeed = (mrzInfo: string): Uint8Array =>
  new Uint8Array(createHash('sha1').update(mrzInfo, 'ascii').digest().subarray(0, 16));

/** Sets each byte's lowest bit so the byte has odd parity, as DES keys require. */
export function withDesParity(key: Uint8Array): Uint8Array {
  return key.map((byte) => {
    let ones = 0;
    for (let b = byte >> 1; b > 0; b >>= 1) ones += b & 1;
    return (byte & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  });
}

/** The 9303 KDF for 3DES: SHA-1(seed ‖ counter), 16 bytes, parity adjusted. Counter 1 = ENC, 2 = MAC. */
export function deriveKey(seed: Uint8Array, counter: 1 | 2): Uint8Array {
  const digest = createHash('sha1')
    .update(concat(seed, uintBytes(counter, 4)))
    .digest();
  return withDesParity(new Uint8Array(digest.subarray(0, 16)));
}

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/** KEnc and KMAC from the three MRZ fields. */
export function bacKeys(documentNumber: string, birthDate: string, expiry: string): BacKeys {
  const seed = keySeed(mrzInformation(documentNumber, birthDate, expiry));
  return { kEnc: deriveKey(seed, 1), kMac: deriveKey(seed, 2) };
}
