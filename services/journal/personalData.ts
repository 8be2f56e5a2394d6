/**
 * Personal-data guards for everything the journal stores: ID numbers are kept only masked
 * (GB/T 35273 style, `110105********002X`) plus a keyed hash for lookup, never in clear.
 */
import { createHmac } from 'node:crypto';

const ID_NUMBER = /^\d{17}[\dX]$/;

/**
 * A run of 18 characters shaped like a GB 11643 number: region code not starting with 0, a
 * plausible birth date (1900-2099, month 01-12, day 01-31), 3-digit sequence, check digit.
 * Bounded so that longer digit runs (order numbers, timestamps) do not match.
 */
const UNMASKED_ID_IN_TEXT =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/;

/** Normalises a typed or read ID number (trim, upper-case X) and checks its shape. */
export function normaliseIdNumber(idNumber: string): string | undefined {
  const normalised = idNumber.trim().toUpperCase();
  return ID_NUMBER.test(normalised) ? normalised : undefined;
}

/** First 6, eight `*`, last 4: the only form an ID number may take on screens, paper and logs. */
export function maskIdNumber(idNumber: string): string {
  const normalised = idNumber.trim().toUpperCase();
  if (normalised.length < 10) return '*'.repeat(normalised.length);
  return `${normalised.slice(0, 6)}${'*'.repeat(normalised.length - 10)}${normalised.slice(-4)}`;
}

/** Masks every ID-number-shaped run in free text (error messages from drivers, backends…). */
export function redactIdNumbers(text: string): string {
  return text.replace(new RegExp(UNMASKED_ID_IN_TEXT.source, 'g'), (match) => maskIdNumber(match));
}

/** True when the text contains what looks like an unmasked 18-character ID number. */
export function containsUnmaskedIdNumber(text: string): boolean {
  return UNMASKED_ID_IN_TEXT.test(text);
}

/**
 * HMAC-SHA256 of the normalised ID number under the kiosk's own secret: lets staff find a
 * person's transactions by ID number without the journal holding the number, and without the
 * hash being reversible by brute force over the small ID-number space (the key never leaves the kiosk).
 */
export function keyedIdHash(secret: Buffer, idNumber: string): string {
  return createHmac('sha256', secret).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}
