/**
 * A short two-tone alarm through Web Audio when a kiosk turns red or goes offline. Browsers allow
 * sound only after a user gesture: signing in is one, so the context is created then.
 */
let context: AudioContext | undefined;

/** Call from a click handler (signing in). */
export function unlockSound(): void {
  try {
    context ??= new AudioContext();
    void context.resume();
  } catch {
    context = undefined; // no audio device: the banner alone raises the alarm
  }
}

export function beep(): void {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.25, 660]] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.22);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.22);
  }
}
