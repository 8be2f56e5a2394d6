/**
 * Optional neural engine: sherpa-onnx's Node binding (`sherpa-onnx-node`) with a Chinese VITS model
 * from a folder the configuration names. Neither the package nor a model is needed for the kiosk to
 * run: both are looked for lazily, and their absence is an `unavailable` result with a reason staff
 * can act on (voice health shows it), never a crash.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SpeechLocale } from '../../contract/speech';
import { durationMs, encodeWav, floatToInt16 } from './wav';
import { ok, type Result } from '../../contract/result';
import { fail, type SpeechAudio, type SpeechEngine, type SpeechError, type SynthesisOptions } from './types';

/** The part of sherpa-onnx-node this engine uses (the package ships no TypeScript types). */
interface SherpaTts {
  readonly sampleRate: number;
  generateAsync(request: { text: string; sid: number; speed: number }): Promise<{ samples: Float32Array; sampleRate: number }>;
}
interface SherpaModule {
  OfflineTts: { createAsync(config: unknown): Promise<SherpaTts> };
}

export interface SherpaEngineOptions {
  modelDir: string | undefined;
  speakerId: number;
  numThreads: number;
  /** The locales the model speaks (most Chinese models read English badly). */
  locales: readonly SpeechLocale[];
  /** Loads the binding; replaced in tests. Defaults to a dynamic import of `sherpa-onnx-node`. */
  importModule?: () => Promise<unknown>;
}

export interface SherpaModelFiles {
  model: string;
  tokens: string;
  lexicon: string;
  dataDir: string;
  dictDir: string;
  ruleFsts: string;
}

/** The package name sits in a variable so neither TypeScript nor a bundler tries to resolve it. */
const PACKAGE = 'sherpa-onnx-node';

/** Finds a VITS model's files in `dir` by sherpa-onnx's usual layout; explains what is missing. */
export function findModelFiles(dir: string): Result<SherpaModelFiles, SpeechError> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) return fail('unavailable', `sherpa-onnx model folder ${root} does not exist`);
  const names = readdirSync(root);
  const onnx = names.filter((name) => name.endsWith('.onnx'));
  const model = onnx.includes('model.onnx') ? 'model.onnx' : onnx.length === 1 ? onnx[0] : undefined;
  if (!model) return fail('unavailable', `sherpa-onnx model missing in ${root}: expected model.onnx (or exactly one *.onnx), found ${onnx.length}`);
  if (!names.includes('tokens.txt')) return fail('unavailable', `sherpa-onnx model in ${root} has no tokens.txt`);
  const at = (name: string) => (names.includes(name) ? join(root, name) : '');
  // Chinese models bring text-normalisation rules as FSTs (numbers, dates, phone numbers).
  const fsts = ['phone.fst', 'date.fst', 'number.fst', 'new_heteronym.fst', 'rule.fst'].filter((name) => names.includes(name));
  return ok({
    model: join(root, model),
    tokens: join(root, 'tokens.txt'),
    lexicon: at('lexicon.txt'),
    dataDir: at('espeak-ng-data'),
    dictDir: at('dict'),
    ruleFsts: fsts.map((name) => join(root, name)).join(','),
  });
}

function isSherpaModule(value: unknown): value is SherpaModule {
  const tts = (value as { OfflineTts?: { createAsync?: unknown } } | null)?.OfflineTts;
  return typeof tts?.createAsync === 'function';
}

export function createSherpaEngine(options: SherpaEngineOptions): SpeechEngine {
  const importModule = options.importModule ?? (() => import(/* @vite-ignore */ PACKAGE));
  let loading: Promise<Result<SherpaTts, SpeechError>> | undefined;

  const start = async (): Promise<Result<SherpaTts, SpeechError>> => {
    if (!options.modelDir) return fail('unavailable', 'no sherpa-onnx model folder configured (speech.sherpaOnnx.modelDir)');
    const files = findModelFiles(options.modelDir);
    if (!files.ok) return files;
    let loaded: unknown;
    try {
      loaded = await importModule();
    } catch (error) {
      return fail('unavailable', `package ${PACKAGE} is not installed or cannot load: ${(error as Error).message.split('\n')[0]}`);
    }
    const binding = (loaded as { default?: unknown }).default ?? loaded;
    if (!isSherpaModule(binding)) return fail('unavailable', `package ${PACKAGE} has no OfflineTts`);
    const { model, tokens, lexicon, dataDir, dictDir, ruleFsts } = files.value;
    try {
      const tts = await binding.OfflineTts.createAsync({
        model: { vits: { model, tokens, lexicon, dataDir, dictDir }, numThreads: options.numThreads, provider: 'cpu', debug: 0 },
        ruleFsts,
        maxNumSentences: 1,
      });
      return ok(tts);
    } catch (error) {
      return fail('unavailable', `sherpa-onnx could not load the model in ${options.modelDir}: ${(error as Error).message.split('\n')[0]}`);
    }
  };

  const load = () => {
    loading ??= start();
    return loading;
  };

  return {
    id: 'sherpa-onnx',
    supports: (locale) => options.locales.includes(locale),
    async load() {
      const result = await load();
      return result.ok ? ok(undefined) : result;
    },
    async synthesize(text: string, { rate }: SynthesisOptions): Promise<Result<SpeechAudio, SpeechError>> {
      const loaded = await load();
      if (!loaded.ok) return loaded;
      try {
        // A VITS model has no locale parameter: it speaks what it was trained on (`locales`).
        const audio = await loaded.value.generateAsync({ text, sid: options.speakerId, speed: rate });
        if (audio.samples.length === 0) return fail('failed', 'sherpa-onnx produced no audio');
        const samples = floatToInt16(audio.samples);
        return ok({ wav: encodeWav(samples, audio.sampleRate), sampleRate: audio.sampleRate, durationMs: durationMs(samples.length, audio.sampleRate) });
      } catch (error) {
        return fail('failed', `sherpa-onnx failed: ${(error as Error).message.split('\n')[0]}`);
      }
    },
    async close() {
      loading = undefined; // the native handle is freed with the object
    },
  };
}
