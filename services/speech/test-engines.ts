/** Small in-memory speech engines for tests: a sine tone as long as the text, and scripted failures. */
import type { SpeechLocale } from '../../contract/speech';
import { durationMs, encodeWav } from './wav';
import { ok, type Result } from '../../contract/result';
import { fail, type CoreEngineId, type SpeechAudio, type SpeechEngine, type SpeechError } from './types';

export interface FakeEngine extends SpeechEngine {
  readonly spoken: string[];
  /** Next synthesize() calls fail with these errors, in order. */
  failNext(...errors: SpeechError[]): void;
  /** Holds every synthesize() until release() (to test queueing). */
  hold(): void;
  release(): void;
}

export function fakeEngine(
  id: CoreEngineId,
  options: { load?: Result<void, SpeechError>; locales?: readonly SpeechLocale[]; msPerChar?: number; amplitude?: number } = {},
): FakeEngine {
  const spoken: string[] = [];
  const failures: SpeechError[] = [];
  let gate: Promise<void> | undefined;
  let open = () => {};
  const sampleRate = 16_000;
  return {
    id,
    spoken,
    supports: (locale) => (options.locales ?? ['zh-CN', 'en']).includes(locale),
    load: async () => options.load ?? ok(undefined),
    async synthesize(text, { rate, locale }): Promise<Result<SpeechAudio, SpeechError>> {
      if (gate) await gate;
      const failure = failures.shift();
      if (failure) return { ok: false, error: failure };
      if (options.load && !options.load.ok) return options.load;
      spoken.push(text);
      const count = Math.round(((text.length * (options.msPerChar ?? (locale === 'zh-CN' ? 250 : 60))) / rate / 1000) * sampleRate);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * 220 * i) / sampleRate) * (options.amplitude ?? 6000));
      return ok({ wav: encodeWav(samples, sampleRate), sampleRate, durationMs: durationMs(count, sampleRate) });
    },
    async close() {},
    failNext: (...errors) => void failures.push(...errors),
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = undefined;
      open();
    },
  };
}

export const unavailable = (message: string) => fail('unavailable', message);
