/**
 * GB 11643-1999 citizen ID numbers: check character, validation and masking. Pure functions.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** The check character for the first 17 digits of an ID number (sum of digit x weight, mod 11). */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('gb11643CheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True when `id` has the 18-character shape, a real calendar birth date and a correct check character. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = id.slice(6, 14);
  const y = Number(birth.slice(0, 4));
  const m = Number(birth.slice(4, 6));
  const d = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return gb11643CheckChar(id.slice(0, 17)) === id[17];
}

/** Completes 17 digits into a valid 18-character ID number (used to build fixtures). */
export function withCheckChar(first17: string): string {
  return first17 + gb11643CheckChar(first17);
}

/**
 * Masks an ID number for logs, screens and paper (GB/T 35273): first 6, eight `*`, last 4.
 * Anything that is not 18 characters is masked entirely so nothing leaks by accident.
 */
export function maskIdNumber(id: string): string {
  if (id.length !== 18) return '*'.repeat(Math.min(id.length, 18));
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}
