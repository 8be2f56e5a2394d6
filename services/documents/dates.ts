/** Calendar dates as YYYY-MM-DD strings and their Chinese form; the issuer's today is read in Beijing time. */
import { calendarDate } from '../../contract/clock';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(date: string): { y: number; m: number; d: number } {
  const match = ISO.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new RangeError(`no such date: ${date}`);
  return { y, m, d };
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseIsoDate(date);
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const { y, m, d } = parseIsoDate(date);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y + years, m - 1, Math.min(d, last))));
}

/**
 * The last day of a period of `months` starting on `date` (3 months from 1 March → 31 May);
 * a start on the 31st ends on the last day before the same day `months` later, or month end.
 */
export function lastDayOfMonths(date: string, months: number): string {
  const { y, m, d } = parseIsoDate(date);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const daysInTarget = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const sameDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, daysInTarget)));
  return iso(new Date(sameDay.getTime() - 86_400_000));
}

/** 2026-03-01 → 2026年3月1日 */
export function chineseDate(date: string): string {
  const { y, m, d } = parseIsoDate(date);
  return `${y}年${m}月${d}日`;
}

/**
 * The zone the issuer's dates are written in: a document dated 2026-12-02 was issued on that day in
 * Beijing time, so a verifier compares it with Beijing's date, wherever the verifier's clock is set.
 */
export const ISSUER_TIME_ZONE = 'Asia/Shanghai';

/** Today's date (YYYY-MM-DD) where the documents are issued. */
export function issuerDate(now: Date = new Date()): string {
  return calendarDate(now, ISSUER_TIME_ZONE);
}
