/**
 * Spoken English for the numbers a kiosk says. Cardinal and ordinal words come from n2words (a
 * maintained library); the phrasing (yuan and fen, "the first of December", "two thirty p.m.") is ours.
 */
import { toCardinal, toOrdinal } from 'n2words/en-GB';

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function enCardinal(value: number | string): string {
  return toCardinal(typeof value === 'string' ? Number(value) : value);
}

export function enDigits(digits: string): string {
  return [...digits].map((char) => (/\d/.test(char) ? DIGIT_WORDS[Number(char)] : char.toUpperCase())).join(' ');
}

export function enDigitGroups(digits: string): string {
  return (digits.match(/.{1,4}/g) ?? []).map((group) => enDigits(group)).join(', ');
}

/** 1250 fen → twelve yuan fifty; 1000 → ten yuan; 1205 → twelve yuan and five fen; 50 → fifty fen. */
export function enMoney(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  if (yuan === 0) return cents === 0 ? 'zero yuan' : `${enCardinal(cents)} fen`;
  const yuanWords = `${enCardinal(yuan)} yuan`;
  if (cents === 0) return yuanWords;
  return cents < 10 ? `${yuanWords} and ${enCardinal(cents)} fen` : `${yuanWords} ${enCardinal(cents)}`;
}

/** 2026 → twenty twenty-six; 2005 → two thousand and five; 1905 → nineteen oh five. */
export function enYear(year: number): string {
  const century = Math.floor(year / 100);
  const rest = year % 100;
  if (year < 1000 || year % 1000 < 10 || (rest === 0 && year % 1000 === 0)) return enCardinal(year);
  if (rest === 0) return `${enCardinal(century)} hundred`;
  return `${enCardinal(century)} ${rest < 10 ? `oh ${enCardinal(rest)}` : enCardinal(rest)}`;
}

/** 2026-12-01 → the first of December, twenty twenty-six. */
export function enDate(year: number, month: number, day: number): string {
  return `the ${toOrdinal(day)} of ${MONTHS[month - 1]}, ${enYear(year)}`;
}

/** 14:30 → two thirty p.m.; 09:05 → nine oh five a.m.; 12:00 → twelve noon; 00:00 → midnight. */
export function enTime(hour: number, minute: number): string {
  if (minute === 0 && hour === 0) return 'midnight';
  if (minute === 0 && hour === 12) return 'twelve noon';
  const clockHour = hour % 12 === 0 ? 12 : hour % 12;
  const half = hour < 12 ? 'a.m.' : 'p.m.';
  const minutes = minute === 0 ? '' : minute < 10 ? ` oh ${enCardinal(minute)}` : ` ${enCardinal(minute)}`;
  return `${enCardinal(clockHour)}${minutes} ${half}`;
}

/** 110105********002X → one one zero one zero five, hidden digits, zero zero two X. */
export function enMasked(visibleParts: readonly string[]): string {
  return visibleParts
    .map((part) => enDigits(part))
    .filter((part) => part.length > 0)
    .join(', hidden digits, ');
}

export function enPercent(value: string): string {
  return `${enCardinal(value)} percent`;
}
