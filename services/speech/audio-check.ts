/**
 * Checks that rendered speech is really speech-like: loud enough (not silence) and about as long as
 * its text should take to say. Used by the start-up self-test and by the tests.
 */
import type { SpeechLocale } from '../../contract/speech';

/** RMS of 16-bit samples as a fraction of full scale; espeak-ng speaks at about 0.1. */
export function rmsOfWav(wav: Uint8Array): number {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const dataBytes = Math.min(view.getUint32(40, true), wav.length - 44);
  const count = Math.floor(dataBytes / 2);
  if (count === 0) return 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const sample = view.getInt16(44 + i * 2, true) / 32768;
    sum += sample * sample;
  }
  return Math.sqrt(sum / count);
}

/** Quieter than this (about -46 dBFS) is silence, not a voice. */
export const SILENCE_RMS = 0.005;

/**
 * How long `text` should take to say at `rate`, generously: Mandarin runs at 2–8 syllables (Hanzi)
 * a second, English at 8–30 letters a second, and each punctuation pause adds up to 0.6 s.
 */
export function plausibleDurationMs(text: string, locale: SpeechLocale, rate: number): { min: number; max: number } {
  const hanzi = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const letters = (text.match(/[A-Za-z0-9]/g) ?? []).length;
  const pauses = (text.match(/[，。、；：！？,.;:!?]/g) ?? []).length;
  const units = locale === 'zh-CN' ? hanzi + letters / 3 : letters + hanzi * 3;
  const [fastest, slowest] = locale === 'zh-CN' ? [1000 / 8, 1000 / 2] : [1000 / 30, 1000 / 8];
  return { min: (units * fastest) / rate, max: (units * slowest + pauses * 600 + 500) / rate };
}

export function checkSpeech(wav: Uint8Array, durationMs: number, text: string, locale: SpeechLocale, rate: number): string | undefined {
  const rms = rmsOfWav(wav);
  if (rms < SILENCE_RMS) return `audio is silent (RMS ${rms.toFixed(4)})`;
  const { min, max } = plausibleDurationMs(text, locale, rate);
  if (durationMs < min || durationMs > max) return `audio lasts ${durationMs} ms, expected ${Math.round(min)}–${Math.round(max)} ms for its text`;
  return undefined;
}
