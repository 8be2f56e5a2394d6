import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../journal/migrations';
import { createUsageRecorder, forecastSupply } from './forecast';

describe('consumables forecast', () => {
  it('averages use per day over the days observed in the window, today included', () => {
    // 300 mm a day for three days, 1,200 mm left → 4 days.
    const usage = [{ day: '2026-04-29', used: 300 }, { day: '2026-04-30', used: 300 }, { day: '2026-05-01', used: 300 }];
    expect(forecastSupply(usage, '2026-05-01', 7, 1200)).toEqual({ perDay: 300, daysLeft: 4 });
    // Days outside the window do not count; a quiet day inside it lowers the rate.
    expect(forecastSupply([{ day: '2026-04-01', used: 5000 }, { day: '2026-04-29', used: 90 }], '2026-05-01', 7, 90)).toEqual({ perDay: 30, daysLeft: 3 });
    expect(forecastSupply([], '2026-05-01', 7, 100)).toEqual({ perDay: null, daysLeft: null });
    expect(forecastSupply([{ day: '2026-05-01', used: 10 }], '2026-05-01', 7, 0)).toEqual({ perDay: 10, daysLeft: 0 });
  });

  it('records deltas of the counters per day in the post time zone; a refill starts again', () => {
    const db = new Database(':memory:');
    migrate(db);
    const recorder = createUsageRecorder(db, { timeZone: 'Asia/Shanghai', windowDays: 7 });
    const day1 = new Date('2026-04-30T15:00:00Z'); // 23:00 in Beijing
    const day2 = new Date('2026-04-30T17:00:00Z'); // 01:00 the next day in Beijing
    recorder.observe('cardPrinter', 'cards', 40, day1); // baseline only
    recorder.observe('cardPrinter', 'cards', 45, day1);
    recorder.observe('cardPrinter', 'cards', 50, day2);
    recorder.observe('cardPrinter', 'cards', 3, day2); // refilled, 3 used since
    const rows = db.prepare('SELECT day, used FROM fleet_supply_usage ORDER BY day').all();
    expect(rows).toEqual([{ day: '2026-04-30', used: 5 }, { day: '2026-05-01', used: 8 }]);
    expect(recorder.forecast('cardPrinter', 'cards', 97, day2)).toEqual({ perDay: 6.5, daysLeft: 14.9 });
  });
});
