/**
 * GB 11643-1999 citizen ID number helpers (18 characters: 6 region, 8 birth date, 3 sequence,
 * 1 check character). Pure: no Node imports, shared by the core and the renderer.
 */

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkCharacters = '10X98765432';

/**
 * Province-level codes (first two digits) in use, including 81/82/83 for Hong Kong, Macao and
 * Taiwan residence permits.
 */
const provinceCodes = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83,
]);

/** Why a (partial) ID number cannot be right. */
export type IdNumberProblem = 'invalidCharacter' | 'tooLong' | 'badRegion' | 'badBirthDate' | 'badCheckCharacter';

/** The check character (0-9 or X) for the first 17 digits, or null if they are not 17 digits. */
export function checkCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return checkCharacters[sum % 11] ?? null;
}

/** Upper-cases a trailing x and trims whitespace, as people type it. */
export function normalizeIdNumber(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * True when `s` is a complete, valid 18-character ID number: format, a known province, a real
 * calendar birth date that is not in the future, and the right check character.
 */
export function isValidIdNumber(s: string, today: Date = new Date()): boolean {
  return s.length === 18 && partialIdNumberProblem(s, today) === null;
}

/**
 * Validation while typing: returns the first problem visible in what has been typed so far, or
 * null when the prefix can still become a valid number (or is one).
 */
export function partialIdNumberProblem(prefix: string, today: Date = new Date()): IdNumberProblem | null {
  const s = prefix.toUpperCase();
  if (s.length > 18) return 'tooLong';
  if (!/^(\d{0,18}|\d{17}X)$/.test(s)) return 'invalidCharacter';
  if (s.length >= 2 && !provinceCodes.has(Number(s.slice(0, 2)))) return 'badRegion';
  if (s.length >= 6 && /^\d\d0000$/.test(s.slice(0, 6)) && !/^8[123]/.test(s)) return 'badRegion';
  if (s.length > 6 && !birthDatePrefixPossible(s.slice(6, Math.min(14, s.length)), today)) return 'badBirthDate';
  if (s.length === 18 && checkCharacter(s.slice(0, 17)) !== s[17]) return 'badCheckCharacter';
  return null;
}

/** Whether some YYYYMMDD date in [1900-01-01, today] starts with these typed digits. */
function birthDatePrefixPossible(typed: string, today: Date): boolean {
  if (!/^\d*$/.test(typed)) return false;
  const todayKey = dateKey(today);
  // Smallest and largest completion of the typed digits; every candidate day is checked only when complete.
  if (typed.length === 8) {
    const year = Number(typed.slice(0, 4));
    const month = Number(typed.slice(4, 6));
    const day = Number(typed.slice(6, 8));
    return year >= 1900 && isRealDate(year, month, day) && typed <= todayKey;
  }
  if (typed.length >= 1 && !'12'.includes(typed[0] ?? '')) return false;
  if (typed.length >= 2 && !['18', '19', '20'].includes(typed.slice(0, 2))) return false;
  if (typed.length >= 4) {
    const year = Number(typed.slice(0, 4));
    if (year < 1900 || year > today.getFullYear()) return false;
  }
  if (typed.length >= 5 && !'01'.includes(typed[4] ?? '')) return false;
  if (typed.length >= 6) {
    const month = Number(typed.slice(4, 6));
    if (month < 1 || month > 12) return false;
    if (typed.slice(0, 6) > todayKey.slice(0, 6)) return false;
  }
  if (typed.length >= 7 && !'0123'.includes(typed[6] ?? '')) return false;
  if (typed.length === 7) {
    const year = Number(typed.slice(0, 4));
    const month = Number(typed.slice(4, 6));
    const tens = Number(typed[6]);
    const days = daysInMonth(year, month);
    if (tens * 10 > days || (tens === 0 && days < 1)) return false;
    if (typed + '0' > todayKey && typed + '1' > todayKey) return false;
  }
  return true;
}

function dateKey(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when year-month-day exists on the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Masks an ID number for logs and screens: first 6, eight '*', last 4 (110105********002X).
 * Shorter strings are masked entirely so nothing identifying leaks.
 */
export function maskIdNumber(s: string): string {
  if (s.length < 10) return '*'.repeat(s.length);
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}

/** Sex encoded by the 17th digit (odd: male), or null for an invalid number. */
export function sexFromIdNumber(s: string): 'male' | 'female' | null {
  if (!/^\d{17}[\dXx]$/.test(s)) return null;
  return Number(s[16]) % 2 === 1 ? 'male' : 'female';
}

/** Birth date as 'YYYY-MM-DD', or null when the number's date part is not a real date. */
export function birthDateFromIdNumber(s: string): string | null {
  if (!/^\d{17}[\dXx]$/.test(s)) return null;
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (!isRealDate(year, month, day)) return null;
  return `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
}
