/**
 * Staff credentials: the keyed hash that matches an ID card against the staff list, and PIN hashes.
 *
 * - ID card → HMAC-SHA256(staff.idHashKey, the upper-case 18-character ID number), hex. The key is
 *   post-wide configuration, not the per-kiosk journal secret, so one list serves every kiosk of
 *   the post; the clear number is never stored or logged.
 * - PIN → argon2id (RFC 9106) through `@node-rs/argon2`: prebuilt N-API binaries from the npm
 *   registry for Linux x64/arm64 (glibc and musl) and Windows, so nothing is compiled on the kiosk
 *   and the same binary loads under Node 20, 24 and Electron (N-API is ABI-stable). Parameters are
 *   OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane) and live in each PHC string, so raising them
 *   later only needs new enrolments. Node's own `crypto.argon2` exists only from Node 24.7.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isValidIdNumber, normalizeIdNumber } from '../../contract/id-number';

/** argon2id costs for new PIN hashes (memory in KiB). */
export const PIN_HASH_COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2 as Algorithm;

/** The staff-list hash of an ID number; undefined when it is not an 18-character number. */
export function staffIdHash(key: Buffer, idNumber: string): string | undefined {
  const normalised = normalizeIdNumber(idNumber);
  if (!/^\d{17}[\dX]$/.test(normalised)) return undefined;
  return createHmac('sha256', key).update(normalised, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of the same length. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export type PinProblem = 'notDigits' | 'tooShort' | 'tooLong' | 'allSame' | 'sequence';

/** Enrolment rule for a new PIN: 6-12 digits, not one digit repeated, not a run like 123456 or 654321. */
export function pinProblem(pin: string): PinProblem | undefined {
  if (!/^\d*$/.test(pin)) return 'notDigits';
  if (pin.length < 6) return 'tooShort';
  if (pin.length > 12) return 'tooLong';
  if (/^(\d)\1+$/.test(pin)) return 'allSame';
  const steps = new Set([...pin].slice(1).map((digit, i) => (Number(digit) - Number(pin[i]) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'sequence';
  return undefined;
}

/** Hashes a PIN for the staff list (a PHC string with a fresh random salt). */
export function hashPin(
  pin: string,
  cost: { memoryCost: number; timeCost: number; parallelism: number } = PIN_HASH_COST,
): Promise<string> {
  return hash(pin, { ...cost, algorithm: ARGON2ID });
}

/** True when `pin` matches the PHC string; false for a wrong PIN or a damaged hash (never throws). */
export async function verifyPin(pinHash: string, pin: string): Promise<boolean> {
  try {
    return await verify(pinHash, pin);
  } catch {
    return false;
  }
}

/** Checks an ID number for enrolment (check character, plausible birth date). */
export function enrolmentIdProblem(idNumber: string, today = new Date()): string | undefined {
  const normalised = normalizeIdNumber(idNumber);
  if (normalised.length !== 18) return 'an ID number has 18 characters';
  return isValidIdNumber(normalised, today) ? undefined : 'the check character or the birth date is wrong';
}
