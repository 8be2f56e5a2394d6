/**
 * Ring tones made with Web Audio oscillators (no audio files to ship). The desk rings for an
 * incoming call; the emergency variant is louder, higher and more insistent, so an officer in the
 * next room knows which is which without looking.
 */
export interface RingPattern {
  /** Two tones sounded together (a telephone's dual tone). */
  frequencies: readonly [number, number];
  /** Output gain, 0..1. */
  gain: number;
  /** One burst: `beeps` tones of `onMs`, `gapMs` apart; then `pauseMs` of silence. */
  beeps: number;
  onMs: number;
  gapMs: number;
  pauseMs: number;
}

export const RINGS = {
  normal: { frequencies: [440, 480], gain: 0.25, beeps: 2, onMs: 400, gapMs: 200, pauseMs: 2000 },
  urgent: { frequencies: [880, 1100], gain: 0.8, beeps: 4, onMs: 220, gapMs: 90, pauseMs: 600 },
} as const satisfies Record<string, RingPattern>;

export type RingKind = keyof typeof RINGS;

/** Length of one burst and its pause, in milliseconds. */
export const cycleMs = (pattern: RingPattern): number => pattern.beeps * pattern.onMs + (pattern.beeps - 1) * pattern.gapMs + pattern.pauseMs;

/** Rings until stopped; each burst is scheduled on the audio clock, one cycle ahead at most. */
export function startRing(context: AudioContext, pattern: RingPattern): { stop(): void } {
  const output = context.createGain();
  output.gain.value = pattern.gain;
  output.connect(context.destination);
  const sources: OscillatorNode[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const burst = () => {
    if (stopped) return;
    const start = context.currentTime + 0.05;
    for (let beep = 0; beep < pattern.beeps; beep++) {
      const at = start + (beep * (pattern.onMs + pattern.gapMs)) / 1000;
      for (const frequency of pattern.frequencies) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(output);
        oscillator.start(at);
        oscillator.stop(at + pattern.onMs / 1000);
        oscillator.onended = () => sources.splice(sources.indexOf(oscillator), 1);
        sources.push(oscillator);
      }
    }
    timer = setTimeout(burst, cycleMs(pattern));
  };
  void context.resume().catch(() => {});
  burst();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const source of sources.splice(0)) {
        try {
          source.stop();
        } catch {
          // already stopped
        }
      }
      output.disconnect();
    },
  };
}
