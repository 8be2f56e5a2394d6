import { describe, expect, it } from 'vitest';
import { notReadyCause, statusFromFacts } from './status';

const idle = (reasons: string[], extra: { state?: number; acceptingJobs?: boolean } = {}) => ({ state: extra.state ?? 3, reasons, acceptingJobs: extra.acceptingJobs ?? true });

describe('IPP printer-state-reasons to the documentPrinter status', () => {
  it('maps paper, jam, door and toner reasons with or without severity suffixes', () => {
    expect(statusFromFacts(idle(['media-empty-error']))).toMatchObject({ device: 'userError', paper: 'out' });
    expect(statusFromFacts(idle(['media-needed']))).toMatchObject({ paper: 'out' });
    expect(statusFromFacts(idle(['media-low-report']))).toMatchObject({ device: 'online', paper: 'low' });
    expect(statusFromFacts(idle(['media-jam-error'], { state: 5 }))).toMatchObject({ device: 'userError', media: 'jammed' });
    expect(statusFromFacts(idle(['door-open-error']))).toMatchObject({ device: 'userError', cover: 'open' });
    expect(statusFromFacts(idle(['cover-open']))).toMatchObject({ cover: 'open' });
    expect(statusFromFacts(idle(['toner-low-warning']))).toMatchObject({ device: 'online', toner: 'low' });
    expect(statusFromFacts(idle(['marker-supply-low-report']))).toMatchObject({ device: 'online', toner: 'low' });
    expect(statusFromFacts(idle(['toner-empty-error']))).toMatchObject({ device: 'userError', toner: 'out' });
    expect(statusFromFacts(idle(['offline-report'], { state: 5 }))).toMatchObject({ device: 'offline' });
  });

  it('names the most actionable cause first and explains it for staff', () => {
    const facts = idle(['media-empty-error', 'door-open-error', 'toner-low-report'], { state: 5 });
    expect(notReadyCause(facts)).toBe('coverOpen');
    const status = statusFromFacts(facts);
    expect(status.detail).toBe('door open: close the printer door; out of paper: load A4 paper; toner low: order a toner cartridge');
    expect(status.reasons).toEqual(['media-empty-error', 'door-open-error', 'toner-low-report']);
  });

  it("ignores CUPS's informational reasons but not an unknown -error or a stopped printer", () => {
    expect(statusFromFacts(idle(['none']))).toMatchObject({ device: 'online', reasons: [] });
    expect(statusFromFacts(idle(['cups-waiting-for-job-completed', 'cups-missing-filter-warning'], { state: 4 }))).toMatchObject({ device: 'online' });
    expect(statusFromFacts(idle(['fuser-over-temp-error']))).toMatchObject({ device: 'hardwareError', detail: 'printer error: fuser-over-temp-error' });
    expect(notReadyCause(idle(['other-report'], { state: 5 }))).toBe('hardwareError');
    expect(notReadyCause(idle(['paused'], { state: 5 }))).toBe('offline');
    expect(notReadyCause(idle(['none'], { acceptingJobs: false }))).toBe('notAcceptingJobs');
  });
});
