import { describe, expect, it } from 'vitest';
import { calendarDate, dateTimeMinutes, wallClock } from './clock';

describe('the kiosk clock', () => {
  const at = new Date('2026-12-01T13:11:05Z');

  it('reads an instant in the post zone, not the machine zone', () => {
    expect(dateTimeMinutes(at)).toBe('2026-12-01 21:11');
    expect(dateTimeMinutes(at, 'Asia/Urumqi')).toBe('2026-12-01 19:11');
    expect(dateTimeMinutes(at, 'UTC')).toBe('2026-12-01 13:11');
  });

  it('turns the date over at local midnight', () => {
    expect(calendarDate(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(calendarDate(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });

  it('uses a 24-hour clock with midnight as 00', () => {
    expect(wallClock(new Date('2026-12-01T16:00:00Z')).hour).toBe('00');
  });
});
