/**
 * SM2 signatures over SM3 digests (GB/T 32918.2, GB/T 32905) through sm-crypto-v2, which is built
 * on the audited @noble/curves and @noble/hashes and is maintained (sm-crypto 0.5 uses jsbn; gm-crypto
 * has not been released for years). Checked in sm.test.ts against the published vectors. Plain
 * JavaScript with no Node APIs, so the offline verification page runs the same code in a browser.
 */
import { sm2, sm3 } from 'sm-crypto-v2';

/** The default signer identity of GB/T 35276 (ID "1234567812345678"), used unless agreed otherwise. */
export const DEFAULT_USER_ID = '1234567812345678';

const HEX = /^[0-9a-f]*$/i;

export const hexToBytes = (hex: string): Uint8Array => {
  if (hex.length % 2 !== 0 || !HEX.test(hex)) throw new RangeError('not a hex string');
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
};
export const bytesToHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SM3 of UTF-8 text or bytes, as hex. */
export function sm3Hex(data: string | Uint8Array): string {
  return sm3(data);
}

export interface SignOptions {
  userId?: string;
  /** The per-signature random k, as hex: only for reproducing published test vectors. */
  fixedK?: string;
}

/** SM2-signs `message` (UTF-8) with Z_A(userId) and SM3; returns r‖s, 64 bytes. */
export function sm2Sign(message: string, privateKeyHex: string, options: SignOptions = {}): Uint8Array {
  const userId = options.userId ?? DEFAULT_USER_ID;
  const pointPool = options.fixedK
    ? [{ k: BigInt(`0x${options.fixedK}`), x1: BigInt(`0x${sm2.getPublicKeyFromPrivateKey(options.fixedK).slice(2, 66)}`) }]
    : undefined;
  const hex = sm2.doSignature(message, privateKeyHex, { hash: true, userId, ...(pointPool ? { pointPool } : {}) });
  return hexToBytes(hex.padStart(128, '0'));
}

/** Verifies an r‖s signature of `message` against an uncompressed public key (04‖x‖y hex). Never throws. */
export function sm2Verify(message: string, signature: Uint8Array, publicKeyHex: string, userId = DEFAULT_USER_ID): boolean {
  if (signature.length !== 64) return false;
  try {
    return sm2.doVerifySignature(message, bytesToHex(signature), publicKeyHex, { hash: true, userId });
  } catch {
    return false;
  }
}

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

/** A fresh key pair (hex; the public key uncompressed, 04‖x‖y). */
export function generateKeyPair(): Sm2KeyPair {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

export const publicKeyOf = (privateKeyHex: string): string => sm2.getPublicKeyFromPrivateKey(privateKeyHex);

/** True for a well-formed uncompressed public key on the curve. */
export function isValidPublicKey(publicKeyHex: string): boolean {
  try {
    return /^04[0-9a-f]{128}$/i.test(publicKeyHex) && sm2.verifyPublicKey(publicKeyHex);
  } catch {
    return false;
  }
}

/** A short key identifier: the first 8 hex digits of SM3 of the public key's bytes. */
export const keyIdOf = (publicKeyHex: string): string => sm3(hexToBytes(publicKeyHex.toLowerCase())).slice(0, 8);
