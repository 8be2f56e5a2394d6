/**
 * The always-available engine: espeak-ng compiled to WebAssembly with its Mandarin (cmn) and English
 * dictionaries inside the npm package (@echogarden/espeak-ng-emscripten; nothing is downloaded at run
 * time). It runs in a worker thread; a worker that hangs is terminated and a new one started.
 */
import { Worker } from 'node:worker_threads';
import type { SpeechLocale } from '../../contract/speech';
import { durationMs, encodeWav } from './wav';
import { ok, type Result } from '../../contract/result';
import { fail, type SpeechAudio, type SpeechEngine, type SpeechError, type SynthesisOptions } from './types';

/** espeak-ng voices: Mandarin (its cmn dictionary reads Hanzi with tones) and English. */
const VOICES: Record<SpeechLocale, string> = { 'zh-CN': 'cmn', en: 'en-us' };
/** espeak-ng's normal speed in words per minute; our rate 1 maps to it. */
const NORMAL_WPM = 175;

type WorkerReply =
  | { type: 'ready'; sampleRate: number }
  | { type: 'error'; message: string }
  | { id: number; ok: true; samples: Int16Array; sampleRate: number }
  | { id: number; ok: false; message: string };

export interface EspeakEngineOptions {
  /** Where espeak-worker.mjs is (the Electron bundle copies it next to core.cjs). */
  workerUrl?: URL;
  loadTimeoutMs?: number;
  /** Per synthesis; long texts get more (see timeoutFor). */
  synthesisTimeoutMs?: number;
}

export function espeakWordsPerMinute(rate: number): number {
  return Math.round(Math.min(450, Math.max(80, NORMAL_WPM * rate)));
}

export function createEspeakEngine(options: EspeakEngineOptions = {}): SpeechEngine {
  const workerUrl = options.workerUrl ?? new URL('./espeak-worker.mjs', import.meta.url);
  const loadTimeoutMs = options.loadTimeoutMs ?? 20_000;
  const baseTimeoutMs = options.synthesisTimeoutMs ?? 5_000;
  let worker: Worker | undefined;
  let loading: Promise<Result<void, SpeechError>> | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (result: Result<SpeechAudio, SpeechError>) => void; timer: ReturnType<typeof setTimeout> }>();

  const failAll = (message: string) => {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      pending.delete(id);
      entry.resolve(fail('failed', message));
    }
  };

  const discard = (why: string) => {
    const old = worker;
    worker = undefined;
    loading = undefined;
    failAll(why);
    void old?.terminate();
  };

  const start = (): Promise<Result<void, SpeechError>> =>
    new Promise((resolve) => {
      let current: Worker;
      try {
        current = new Worker(workerUrl);
      } catch (error) {
        resolve(fail('unavailable', `espeak-ng worker could not start: ${(error as Error).message}`));
        return;
      }
      worker = current;
      let settled = false;
      const settle = (result: Result<void, SpeechError>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        discard('espeak-ng took too long to load');
        settle(fail('timeout', `espeak-ng did not load in ${loadTimeoutMs} ms`));
      }, loadTimeoutMs);
      current.on('message', (reply: WorkerReply) => {
        if ('type' in reply) {
          if (reply.type === 'ready') settle(ok(undefined));
          else {
            discard(reply.message);
            settle(fail('unavailable', reply.message));
          }
          return;
        }
        const entry = pending.get(reply.id);
        if (!entry) return; // answered after its time-out
        pending.delete(reply.id);
        clearTimeout(entry.timer);
        if (!reply.ok) return entry.resolve(fail('failed', reply.message));
        const samples = reply.samples;
        entry.resolve(ok({ wav: encodeWav(samples, reply.sampleRate), sampleRate: reply.sampleRate, durationMs: durationMs(samples.length, reply.sampleRate) }));
      });
      current.on('error', (error) => {
        if (worker !== current) return;
        discard(`espeak-ng worker failed: ${error.message}`);
        settle(fail('unavailable', `espeak-ng worker failed: ${error.message}`));
      });
      current.on('exit', (code) => {
        if (worker !== current) return;
        discard(`espeak-ng worker exited (code ${code})`);
        settle(fail('unavailable', `espeak-ng worker exited (code ${code})`));
      });
    });

  const load = (): Promise<Result<void, SpeechError>> => {
    loading ??= start().then((result) => {
      if (!result.ok) loading = undefined; // the next call tries again
      return result;
    });
    return loading;
  };

  return {
    id: 'espeak-ng',
    supports: (locale) => locale in VOICES,
    load,
    async synthesize(text: string, { locale, rate }: SynthesisOptions) {
      const loaded = await load();
      if (!loaded.ok) return loaded;
      const target = worker;
      if (!target) return fail('failed', 'espeak-ng worker stopped');
      const id = nextId++;
      // Synthesis runs at well over 50× real time once warm; the first use of a voice loads its
      // dictionary (≈0.3 s). The allowance grows with the text so a long notice is not cut off.
      const timeoutMs = baseTimeoutMs + text.length * 20;
      return new Promise<Result<SpeechAudio, SpeechError>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          discard('espeak-ng hung and was restarted');
          resolve(fail('timeout', `espeak-ng gave no audio in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, timer });
        target.postMessage({ id, text, voice: VOICES[locale], wordsPerMinute: espeakWordsPerMinute(rate) });
      });
    },
    async close() {
      const old = worker;
      worker = undefined;
      loading = undefined;
      failAll('espeak-ng was closed');
      await old?.terminate();
    },
  };
}
