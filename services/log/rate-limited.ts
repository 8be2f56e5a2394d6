/**
 * A log line per event name at most `perMinute` times a minute. Whatever an attacker (or a broken
 * client) sends in a loop, the log stays readable and the disk stays free; the lines held back are
 * counted and reported with the next line that gets through.
 */
import type { Logger, LogLevel } from './logger';

export type RateLimitedLog = (level: Exclude<LogLevel, 'debug'>, event: string, fields?: Record<string, unknown>) => void;

export function rateLimited(log: Logger, options: { perMinute?: number; now?: () => number } = {}): RateLimitedLog {
  const perMinute = options.perMinute ?? 10;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; written: number; held: number }>();
  return (level, event, fields = {}) => {
    const at = now();
    let window = windows.get(event);
    if (!window || at - window.start >= 60_000) {
      const held = window?.held ?? 0;
      window = { start: at, written: 0, held: 0 };
      windows.set(event, window);
      if (held > 0) fields = { ...fields, suppressed: held };
    }
    if (window.written >= perMinute) {
      window.held += 1;
      return;
    }
    window.written += 1;
    log[level](event, fields);
  };
}
