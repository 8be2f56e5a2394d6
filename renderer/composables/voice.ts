/**
 * Voice guidance through the platform's speech synthesis. Silent (never an error) where the
 * platform has no voices; one utterance at a time so prompts never pile up.
 */
import type { Locale } from '../../contract/api';

export function speak(text: string, locale: Locale, enabled: boolean): void {
  if (!enabled || typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return;
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = locale;
  utterance.rate = 0.9; // a little slower than default, for elderly residents
  speechSynthesis.speak(utterance);
}

export function stopSpeaking(): void {
  if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
}
