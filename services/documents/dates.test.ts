import { describe, expect, it } from 'vitest';
import { addDays, chineseDate, issuerDate } from './dates';

describe('document dates', () => {
  it("reads the issuer's today in Beijing time, whatever the machine's zone", () => {
    // 16:30 UTC on 1 December is 00:30 on 2 December in Beijing: a certificate issued then is dated the 2nd.
    expect(issuerDate(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
    expect(issuerDate(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
  });

  it('writes dates the Chinese way and counts days across a month end', () => {
    expect(chineseDate('2026-03-01')).toBe('2026年3月1日');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});
