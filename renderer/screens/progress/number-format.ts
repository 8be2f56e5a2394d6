/**
 * The numbers a resident types on the progress query's keypad, by prefix: how many digits follow
 * the letters (contract/applications.ts: SQ and 8–20 digits; JB and 18 digits), and how a typed
 * number is grouped for reading it back against the slip. Pure.
 */
import type { NumberPrefix } from '../../../contract/flows/progress';

export const DIGITS_AFTER: Record<NumberPrefix, { min: number; max: number }> = { SQ: { min: 8, max: 20 }, JB: { min: 18, max: 18 } };

export const isComplete = (prefix: NumberPrefix, digits: string): boolean => digits.length >= DIGITS_AFTER[prefix].min && digits.length <= DIGITS_AFTER[prefix].max;

/** "JB" + 18 digits → "JB 20250610 0001 730518" (as the slip prints it); others in groups of four. */
export function groupedNumber(prefix: NumberPrefix, digits: string): string {
  if (prefix === 'JB') return [prefix, digits.slice(0, 8), digits.slice(8, 12), digits.slice(12)].filter(Boolean).join(' ');
  return [prefix, ...(digits.match(/\d{1,4}/g) ?? [])].join(' ');
}

/** Any number the results show, grouped where its form is known (a long run of digits wraps badly and is hard to read back). */
export function displayNumber(applicationNo: string): string {
  const typed = /^(SQ|JB)(\d+)$/.exec(applicationNo);
  if (typed) return groupedNumber(typed[1] as NumberPrefix, typed[2]!);
  return /^\d{9,}$/.test(applicationNo) ? (applicationNo.match(/\d{1,4}/g) ?? []).join(' ') : applicationNo;
}
