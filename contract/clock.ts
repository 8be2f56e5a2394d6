/**
 * One clock for the whole kiosk: every date and time a resident sees or takes home (screen,
 * receipt, slip, transaction and ticket numbers) is read in the post's configured time zone
 * (`kiosk.timeZone`, default Asia/Shanghai), never in whatever zone the machine happens to be set to.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a time zone. */
export function wallClock(at: Date, timeZone: string = DEFAULT_TIME_ZONE): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const fields: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) fields[part.type] = part.value;
  return { year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour!, minute: fields.minute!, second: fields.second! };
}

/** `2026-12-01`: the calendar date of an instant in the post's zone. */
export function calendarDate(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { year, month, day } = wallClock(at, timeZone);
  return `${year}-${month}-${day}`;
}

/** `2026-12-01 21:11`: date and minute in the post's zone, as printed on receipts. */
export function dateTimeMinutes(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { hour, minute } = wallClock(at, timeZone);
  return `${calendarDate(at, timeZone)} ${hour}:${minute}`;
}
