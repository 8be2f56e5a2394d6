/**
 * The speech engine contract inside the core. Expected failures (engine missing, model missing,
 * synthesis failed) are values, never exceptions, so a silent kiosk is reported, not crashed.
 */
import { err, type Result } from '../../contract/result';
import type { SpeechLocale, VoiceEngineId } from '../../contract/speech';

export type CoreEngineId = Exclude<VoiceEngineId, 'platform'>;

export interface SpeechError {
  /**
   * `unavailable`: the engine cannot run here at all (package or model missing);
   * `failed`: it runs but this synthesis failed; `timeout`: it did not answer in time.
   */
  kind: 'unavailable' | 'failed' | 'timeout';
  message: string;
}

export interface SynthesisOptions {
  locale: SpeechLocale;
  /** 1 is the engine's normal speed. */
  rate: number;
}

/** Rendered speech: a complete 16-bit mono PCM WAV file. */
export interface SpeechAudio {
  wav: Uint8Array;
  sampleRate: number;
  durationMs: number;
}

export interface SpeechEngine {
  readonly id: CoreEngineId;
  /** Whether this engine speaks the locale (a Chinese-only model does not speak English). */
  supports(locale: SpeechLocale): boolean;
  /** Loads the engine (lazily, once) and reports whether it can run at all. */
  load(): Promise<Result<void, SpeechError>>;
  synthesize(text: string, options: SynthesisOptions): Promise<Result<SpeechAudio, SpeechError>>;
  /** Frees the engine (worker thread, native handle). Safe to call twice. */
  close(): Promise<void>;
}

/** A failed load or synthesis. */
export const fail = (kind: SpeechError['kind'], message: string): Result<never, SpeechError> => err({ kind, message });
