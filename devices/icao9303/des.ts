/**
 * The 3DES primitives of ICAO 9303 BAC and secure messaging (Part 11 §9.8, §4.3): two-key 3DES in CBC
 * mode with a zero IV, ISO/IEC 9797-1 padding method 2, and the retail MAC (MAC algorithm 3 with DES).
 *
 * Node's OpenSSL 3 keeps single DES in the legacy provider only, so single-DES steps use EDE3 with the
 * same key three times (E(K) D(K) E(K) = E(K)), which the default provider has.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concat } from './bytes';

const ZERO_IV = new Uint8Array(8);

function run(
  mode: 'encrypt' | 'decrypt',
  algorithm: string,
  key: Uint8Array,
  data: Uint8Array,
  iv: Uint8Array = ZERO_IV,
): Uint8Array {
  if (data.length % 8 !== 0) throw new RangeError('3DES input must be a whole number of blocks');
  const cipher = mode === 'encrypt' ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
  cipher.setAutoPadding(false);
  return concat(cipher.update(data), cipher.final());
}

/** Two-key 3DES-CBC encryption with a zero IV (16-byte key). */
export const tdesEncrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => run('encrypt', 'des-ede-cbc', key, data);

/** Two-key 3DES-CBC decryption with a zero IV (16-byte key). */
export const tdesDecrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => run('decrypt', 'des-ede-cbc', key, data);

/** ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a multiple of 8. */
export function pad(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array((Math.floor(data.length / 8) + 1) * 8);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes method-2 padding; undefined when the padding is malformed. */
export function unpad(data: Uint8Array): Uint8Array | undefined {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > 8) return undefined;
  return data.subarray(0, i);
}

/**
 * Retail MAC (ISO/IEC 9797-1 MAC algorithm 3, DES, 8-byte result) over already padded data:
 * DES-CBC with Ka over every block, then the last block's output decrypted with Kb and encrypted with Ka.
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  if (key.length !== 16) throw new RangeError('retail MAC needs a 16-byte key');
  if (paddedData.length === 0 || paddedData.length % 8 !== 0) throw new RangeError('retail MAC input must be padded');
  const ka = key.subarray(0, 8);
  const singleKa = concat(ka, ka, ka);
  const head = paddedData.subarray(0, paddedData.length - 8);
  const chain = head.length > 0 ? run('encrypt', 'des-ede3-cbc', singleKa, head).subarray(-8) : ZERO_IV;
  // The last block under 3DES-EDE (Ka, Kb, Ka) with the chain as IV is exactly "DES(Ka), then D(Kb), E(Ka)".
  return run('encrypt', 'des-ede-cbc', key, paddedData.subarray(-8), chain);
}
