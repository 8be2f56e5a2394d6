/**
 * The consumables forecast: how many days of receipt paper, blank cards, ribbon, A4 sheets and toner
 * are left at the rate this kiosk uses them. Use is recorded per calendar day (post time zone) in
 * the journal's database from the staff console's counters (services/staff/consumables.ts), and the
 * rate is the average per day over the last `forecastDays` days observed (today included).
 */
import type Database from 'better-sqlite3';
import { calendarDate } from '../../contract/clock';
import type { SupplyId } from '../../contract/staff';

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

export interface Forecast {
  /** Average use per day; null until some use was recorded in the window. */
  perDay: number | null;
  /** Days until it runs out at that rate; null when nothing is being used. */
  daysLeft: number | null;
}

/** The forecast from per-day use (`day` as YYYY-MM-DD), as of `today`. Pure. */
export function forecastSupply(usage: readonly { day: string; used: number }[], today: string, windowDays: number, remaining: number): Forecast {
  const last = dayNumber(today);
  const inWindow = usage.filter((u) => last - dayNumber(u.day) < windowDays && dayNumber(u.day) <= last);
  const used = inWindow.reduce((sum, u) => sum + u.used, 0);
  if (inWindow.length === 0 || used <= 0) return { perDay: null, daysLeft: null };
  const firstDay = Math.min(...inWindow.map((u) => dayNumber(u.day)));
  const days = last - firstDay + 1;
  const perDay = used / days;
  return { perDay: round(perDay, 2), daysLeft: round(Math.max(0, remaining) / perDay, 1) };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface UsageRecorder {
  /**
   * The counter now reads `used` (since the last refill): what was used since the last reading is
   * added to today. The first reading only sets the baseline; a refill (the counter going down)
   * counts what was used after it.
   */
  observe(deviceId: string, supply: SupplyId, used: number, at: Date): void;
  forecast(deviceId: string, supply: SupplyId, remaining: number, at: Date): Forecast;
  /** Forgets days older than the longest window (run daily). */
  purge(at: Date): void;
}

export function createUsageRecorder(db: Database.Database, options: { timeZone: string; windowDays: number }): UsageRecorder {
  const add = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO fleet_supply_usage (device_id, supply, day, used) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_id, supply, day) DO UPDATE SET used = used + ?`,
  );
  const recent = db.prepare<[string, string, string], { day: string; used: number }>(
    `SELECT day, used FROM fleet_supply_usage WHERE device_id = ? AND supply = ? AND day >= ?`,
  );
  const purge = db.prepare<[string]>(`DELETE FROM fleet_supply_usage WHERE day < ?`);
  const readings = new Map<string, number>();

  return {
    observe(deviceId, supply, used, at) {
      const key = `${deviceId}/${supply}`;
      const previous = readings.get(key);
      readings.set(key, used);
      if (previous === undefined) return;
      const delta = used >= previous ? used - previous : used;
      if (delta <= 0) return;
      const day = calendarDate(at, options.timeZone);
      add.run(deviceId, supply, day, delta, delta);
    },
    forecast(deviceId, supply, remaining, at) {
      const today = calendarDate(at, options.timeZone);
      const from = calendarDate(new Date(at.getTime() - options.windowDays * DAY_MS), options.timeZone);
      return forecastSupply(recent.all(deviceId, supply, from), today, options.windowDays, remaining);
    },
    purge: (at) => void purge.run(calendarDate(new Date(at.getTime() - 90 * DAY_MS), options.timeZone)),
  };
}
