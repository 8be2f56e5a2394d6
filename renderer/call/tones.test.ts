/** The desk's ring tones on a fake Web Audio clock: bursts scheduled as the pattern says, louder for emergencies, silent when stopped. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cycleMs, RINGS, startRing } from './tones';

function fakeAudio() {
  const oscillators: { frequency: number; start: number; stop: number; stoppedEarly: boolean }[] = [];
  const gains: { value: number; disconnected: boolean }[] = [];
  const context = {
    currentTime: 10,
    destination: {},
    resume: async () => {},
    createGain() {
      const gain = { value: 0, disconnected: false };
      gains.push(gain);
      return { gain, connect() {}, disconnect: () => void (gain.disconnected = true) };
    },
    createOscillator() {
      const record = { frequency: 0, start: 0, stop: 0, stoppedEarly: false };
      oscillators.push(record);
      let started = false;
      return {
        frequency: { set value(v: number) { record.frequency = v; } },
        connect() {},
        onended: null,
        start: (at: number) => void ((record.start = at), (started = true)),
        stop: (at?: number) => {
          if (at === undefined && started) record.stoppedEarly = true;
          else record.stop = at ?? 0;
        },
      };
    },
  };
  return { context: context as unknown as AudioContext, oscillators, gains };
}

describe('ring tones', () => {
  afterEach(() => vi.useRealTimers());

  it('the emergency ring is louder, higher and more often than the ordinary one', () => {
    expect(RINGS.urgent.gain).toBeGreaterThan(RINGS.normal.gain * 2);
    expect(Math.min(...RINGS.urgent.frequencies)).toBeGreaterThan(Math.max(...RINGS.normal.frequencies));
    expect(cycleMs(RINGS.urgent)).toBeLessThan(cycleMs(RINGS.normal));
    expect(cycleMs(RINGS.normal)).toBe(2 * 400 + 200 + 2000);
  });

  it('schedules each burst on the audio clock, repeats every cycle, and stops everything', () => {
    vi.useFakeTimers();
    const { context, oscillators, gains } = fakeAudio();
    const ring = startRing(context, RINGS.normal);
    expect(gains[0]!.value).toBe(RINGS.normal.gain);
    // Two beeps of two tones each: 440 Hz and 480 Hz together, 400 ms on, 200 ms apart.
    expect(oscillators.map((o) => [o.frequency, +o.start.toFixed(3), +o.stop.toFixed(3)])).toEqual([
      [440, 10.05, 10.45], [480, 10.05, 10.45], [440, 10.65, 11.05], [480, 10.65, 11.05],
    ]);
    vi.advanceTimersByTime(cycleMs(RINGS.normal));
    expect(oscillators).toHaveLength(8);
    ring.stop();
    expect(gains[0]!.disconnected).toBe(true);
    vi.advanceTimersByTime(cycleMs(RINGS.normal) * 3);
    expect(oscillators).toHaveLength(8);
  });
});
