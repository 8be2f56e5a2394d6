/**
 * The core's speech service: turns a screen's text into a WAV clip with the best engine that can
 * speak, caches fixed prompts on disk and everything else briefly in memory, renders the UI's
 * prompt catalogue ahead of time, and reports voice health.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { CLIP_PART_BYTES, type ClipPart, type SpeechLocale, type SpeechSayParams, type SpeechSayResult, type VoiceHealth, type VoiceSettings } from '../../contract/speech';
import type { SpeechConfig } from '../config/schema';
import type { Logger } from '../log/logger';
import { DiskClipCache, MemoryClipCache, type CachedAudio, type ClipKey, type PromptManifest } from './clip-cache';
import { createEspeakEngine } from './espeak-engine';
import { speakable } from './normalize';
import { mayBePersonal } from './personal';
import { createSherpaEngine } from './sherpa-engine';
import { SUPERSEDED, SynthesisQueue } from './synthesis-queue';
import type { CoreEngineId, SpeechEngine } from './types';
import { VoiceHealthTracker } from './voice-health';

export interface SpeechServiceOptions {
  config: SpeechConfig;
  /** Defaults to config.cacheDir, else <dataDir>/speech-cache. */
  dataDir: string;
  log: Logger;
  /** Engines by id; tests pass fakes. Default: built from the configuration. */
  engines?: Partial<Record<CoreEngineId, SpeechEngine>>;
  recheckAfterMs?: number;
}

export interface SpeechService {
  /** Starts the self-test and then pre-rendering, in the background; never delays the caller. */
  start(): void;
  /** Resolves when the start-up self-test has finished (tests and benchmarks). */
  whenChecked(): Promise<VoiceHealth>;
  health(): VoiceHealth;
  onHealth(listener: (health: VoiceHealth) => void): () => void;
  settings(): VoiceSettings;
  say(params: SpeechSayParams): Promise<SpeechSayResult>;
  clipPart(clipId: string, offset: number): ClipPart | undefined;
  /** Adds fixed prompts to the catalogue and renders the missing ones in the background. */
  prepare(prompts: readonly { key: string; locale: SpeechLocale; text: string }[]): number;
  /** The resident's session ended: forget every clip that was not a fixed prompt. */
  forgetPersonal(): void;
  stop(): Promise<void>;
}

/** Clips larger than one message wait here for their remaining parts (briefly). */
const CLIP_TTL_MS = 60_000;
const MAX_PENDING_CLIPS = 8;

function defaultEngines(config: SpeechConfig): Partial<Record<CoreEngineId, SpeechEngine>> {
  return {
    'espeak-ng': createEspeakEngine(),
    'sherpa-onnx': createSherpaEngine({ ...config.sherpaOnnx, modelDir: config.sherpaOnnx.modelDir }),
  };
}

export function createSpeechService(options: SpeechServiceOptions): SpeechService {
  const { config, log } = options;
  const engines = new Map(Object.entries(options.engines ?? defaultEngines(config)) as [CoreEngineId, SpeechEngine][]);
  const disk = new DiskClipCache(resolve(config.cacheDir ?? join(options.dataDir, 'speech-cache')));
  const memory = new MemoryClipCache();
  const queue = new SynthesisQueue();
  const clips = new Map<string, { wav: Uint8Array; expires: number }>();
  let stopped = false;
  let manifest: PromptManifest = disk.readManifest();
  let prerendering: Promise<void> | undefined;
  let prerenderAgain = false;

  const health = new VoiceHealthTracker({
    order: config.engines,
    engines,
    rate: config.rate,
    log,
    recheckAfterMs: options.recheckAfterMs ?? 30_000,
    schedule: async (job) => {
      const result = await queue.run(job, 'background');
      return result === SUPERSEDED ? undefined : result;
    },
  });
  let checked: Promise<void> | undefined;

  const clipOf = (audio: CachedAudio, source: 'disk' | 'memory' | 'synthesized'): SpeechSayResult => {
    const clipId = randomBytes(12).toString('base64url');
    const more = audio.wav.length > CLIP_PART_BYTES;
    if (more) {
      const now = Date.now();
      for (const [id, clip] of clips) if (clip.expires < now || clips.size >= MAX_PENDING_CLIPS) clips.delete(id);
      clips.set(clipId, { wav: audio.wav, expires: now + CLIP_TTL_MS });
    }
    const first = audio.wav.subarray(0, CLIP_PART_BYTES);
    return {
      ok: true,
      clip: {
        clipId,
        engine: audio.engine,
        sampleRate: audio.sampleRate,
        durationMs: audio.durationMs,
        byteLength: audio.wav.length,
        source,
        data: Buffer.from(first.buffer, first.byteOffset, first.byteLength).toString('base64'),
        nextOffset: more ? CLIP_PART_BYTES : null,
      },
    };
  };

  /** Engines worth trying for a locale, best first: not known to be broken, and speaking it. */
  const candidates = (locale: SpeechLocale): SpeechEngine[] =>
    health.coreOrder
      .filter((id) => health.state(id) !== 'unavailable')
      .map((id) => engines.get(id))
      .filter((engine): engine is SpeechEngine => engine !== undefined && engine.supports(locale));

  const rememberPrompt = (key: string, locale: SpeechLocale, text: string): boolean => {
    if (mayBePersonal(text) || manifest[locale]?.[key] === text) return false;
    manifest = { ...manifest, [locale]: { ...manifest[locale], [key]: text } };
    return true;
  };

  const saveManifest = () => {
    try {
      disk.writeManifest(manifest);
    } catch (error) {
      log.warn('speech-manifest-not-saved', { error: (error as Error).message });
    }
  };

  /** Renders every catalogue prompt missing on disk for the engine that speaks now, one at a time. */
  const prerender = async (): Promise<void> => {
    do {
      prerenderAgain = false;
      for (const [locale, prompts] of Object.entries(manifest) as [SpeechLocale, Record<string, string>][]) {
        for (const text of Object.values(prompts)) {
          if (stopped) return;
          const engine = candidates(locale).find((each) => health.state(each.id) === 'ready');
          if (!engine) continue;
          const key: ClipKey = { engine: engine.id, locale, rate: config.rate, text: speakable(text, locale) };
          if (await disk.has(key)) continue;
          const result = await queue.run(() => engine.synthesize(key.text, { locale, rate: key.rate }), 'background');
          if (result === SUPERSEDED || !result.ok) continue;
          await disk.set(key, result.value).catch((error: Error) => log.warn('speech-cache-write-failed', { error: error.message }));
          // Yield between prompts so nothing else waits behind a long batch.
          await new Promise((next) => setTimeout(next, 5));
        }
      }
    } while (prerenderAgain && !stopped);
  };

  const startPrerender = () => {
    if (prerendering) {
      prerenderAgain = true;
      return;
    }
    prerendering = prerender()
      .catch((error: Error) => log.warn('speech-prerender-failed', { error: error.message }))
      .finally(() => (prerendering = undefined));
  };

  return {
    start() {
      checked ??= health.selfTestAll().then(() => {
        if (!stopped) startPrerender();
      });
    },
    async whenChecked() {
      this.start();
      await checked;
      return health.health();
    },
    health: () => health.health(),
    onHealth: (listener) => health.onChange(listener),
    settings: () => ({ defaultVolumeStep: config.defaultVolumeStep }),

    async say({ text, locale, prompt, rate: relativeRate }) {
      const rate = Math.round(Math.min(2, Math.max(0.3, config.rate * (relativeRate ?? 1))) * 100) / 100;
      const spoken = speakable(text, locale);
      // Only a catalogue prompt may go to disk, and only if nothing in it looks personal.
      const diskAllowed = prompt !== undefined && !mayBePersonal(text) && !mayBePersonal(spoken);
      let lastProblem = 'no speech engine in the core can speak';
      for (const engine of candidates(locale)) {
        const key: ClipKey = { engine: engine.id, locale, rate, text: spoken };
        const remembered = memory.get(key);
        if (remembered) return clipOf(remembered, 'memory');
        if (diskAllowed) {
          const stored = await disk.get(key);
          if (stored) {
            memory.set(key, stored, false);
            return clipOf(stored, 'disk');
          }
        }
        const result = await queue.run(() => engine.synthesize(spoken, { locale, rate }), 'interactive');
        if (result === SUPERSEDED) return { ok: false, reason: 'superseded', message: 'a newer screen asked to speak', platformFallback: false };
        if (result.ok) {
          const audio: CachedAudio = { ...result.value, engine: engine.id };
          memory.set(key, audio, !diskAllowed);
          if (diskAllowed) {
            void disk.set(key, audio).catch((error: Error) => log.warn('speech-cache-write-failed', { error: error.message }));
            if (rememberPrompt(prompt, locale, text)) saveManifest();
          }
          return clipOf(audio, 'synthesized');
        }
        lastProblem = `${engine.id}: ${result.error.message}`;
        log.warn('speech-failed', { engine: engine.id, kind: result.error.kind, reason: result.error.message, prompt });
        if (result.error.kind !== 'failed') health.markFailed(engine.id, result.error.message);
      }
      const silent = candidates(locale).length === 0;
      return { ok: false, reason: silent ? 'silent' : 'failed', message: lastProblem.slice(0, 300), platformFallback: health.platformAllowed };
    },

    clipPart(clipId, offset) {
      const clip = clips.get(clipId);
      if (!clip || clip.expires < Date.now() || offset >= clip.wav.length) return undefined;
      const part = clip.wav.subarray(offset, offset + CLIP_PART_BYTES);
      const next = offset + CLIP_PART_BYTES < clip.wav.length ? offset + CLIP_PART_BYTES : null;
      if (next === null) clips.delete(clipId);
      return { data: Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('base64'), nextOffset: next };
    },

    prepare(prompts) {
      let added = 0;
      for (const { key, locale, text } of prompts) if (rememberPrompt(key, locale, text)) added++;
      if (added > 0) {
        saveManifest();
        if (checked) startPrerender();
      }
      return added;
    },

    forgetPersonal() {
      const dropped = memory.forgetPersonal();
      for (const id of clips.keys()) clips.delete(id);
      if (dropped > 0) log.debug('speech-personal-clips-forgotten', { clips: dropped });
    },

    async stop() {
      stopped = true;
      health.stop();
      queue.clear();
      await prerendering;
      await Promise.all([...engines.values()].map((engine) => engine.close()));
    },
  };
}
