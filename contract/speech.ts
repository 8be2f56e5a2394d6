/**
 * Voice guidance across the boundary: the UI asks the core to speak a text, gets back a clip it
 * plays with Web Audio, and learns whether the kiosk can speak at all (voice health).
 *
 * Why audio travels inside the RPC and not over HTTP: in Electron the core lives in a utility
 * process, so an app:// route for clips would need a second channel from the main process into the
 * core that bypasses this contract's validation; in web mode it would need a second token-checked
 * route. Clips are 16-bit mono PCM WAV (espeak-ng: 22.05 kHz, about 44 KB per second of speech), sent
 * base64 in parts of at most CLIP_PART_BYTES, so every message stays well under MAX_MESSAGE_BYTES;
 * a typical prompt (2–8 s) arrives whole in the `speech.say` answer, one round trip.
 */
import { z } from 'zod';

/** Same values as `Locale` in api.ts (kept here so api.ts can import this file without a cycle). */
export const SpeechLocale = z.enum(['zh-CN', 'en']);
export type SpeechLocale = z.infer<typeof SpeechLocale>;

/** Raw WAV bytes per message part; base64 makes it 4/3 larger (≈ 700 KB), under the 1 MB limit. */
export const CLIP_PART_BYTES = 512 * 1024;

/**
 * Speech engines, in the order configuration may list them. `platform` is the renderer's own
 * speechSynthesis: a last resort the core cannot test (headless Chromium and Electron on Linux
 * usually have no voice at all).
 */
export const VoiceEngineId = z.enum(['sherpa-onnx', 'espeak-ng', 'platform']);
export type VoiceEngineId = z.infer<typeof VoiceEngineId>;

/** A prompt key from the UI's catalogue, e.g. `home.voice`. */
export const PromptKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/);

export const SpeechSayParams = z
  .object({
    /** The final, localized text as the screen would show it; the core makes numbers speakable. */
    text: z.string().min(1).max(600),
    locale: SpeechLocale,
    /**
     * Set only for a fixed prompt from the catalogue (no personal data in it): the clip may then be
     * kept on disk. Anything else is synthesized and kept in memory only.
     */
    prompt: PromptKey.optional(),
    /** Speaking rate relative to the configured one (elderly mode may slow down). */
    rate: z.number().min(0.5).max(2).optional(),
  })
  .strict();
export type SpeechSayParams = z.infer<typeof SpeechSayParams>;

const ClipId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** One part of a clip's WAV bytes; `nextOffset` is null when this was the last part. */
export const ClipPart = z.object({
  data: z.string().max(Math.ceil((CLIP_PART_BYTES * 4) / 3) + 4),
  nextOffset: z.number().int().positive().nullable(),
});
export type ClipPart = z.infer<typeof ClipPart>;

export const SpeechClip = ClipPart.extend({
  clipId: ClipId,
  engine: VoiceEngineId,
  sampleRate: z.number().int().positive(),
  durationMs: z.number().nonnegative(),
  byteLength: z.number().int().positive(),
  /** Where the audio came from: disk (a prompt rendered before), memory, or synthesized just now. */
  source: z.enum(['disk', 'memory', 'synthesized']),
});
export type SpeechClip = z.infer<typeof SpeechClip>;

export const SpeechFailureReason = z.enum([
  /** No core engine can speak; the UI may try the platform voice if configuration allows it. */
  'silent',
  /** A newer request replaced this one before it was synthesized. */
  'superseded',
  /** The engine failed on this text. */
  'failed',
]);
export type SpeechFailureReason = z.infer<typeof SpeechFailureReason>;

export const SpeechSayResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), clip: SpeechClip }),
  z.object({
    ok: z.literal(false),
    reason: SpeechFailureReason,
    message: z.string().max(300),
    /** Configuration lists `platform`: the UI may speak with its own speechSynthesis instead. */
    platformFallback: z.boolean(),
  }),
]);
export type SpeechSayResult = z.infer<typeof SpeechSayResult>;

export const SpeechClipParams = z.object({ clipId: ClipId, offset: z.number().int().positive() }).strict();

/** The catalogue of fixed prompts, sent by the UI so the core can render them ahead of time. */
export const SpeechPrepareParams = z
  .object({
    prompts: z.array(z.object({ key: PromptKey, locale: SpeechLocale, text: z.string().min(1).max(600) }).strict()).max(1000),
  })
  .strict();

export const EngineStatus = z.object({
  id: VoiceEngineId,
  /** Ready: passed its start-up self-test. */
  state: z.enum(['ready', 'unavailable', 'untested']),
  /** Why it cannot speak (for staff): "package sherpa-onnx-node is not installed", … */
  reason: z.string().max(300).optional(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

/**
 * Whether the kiosk can speak. `degraded` (yellow on the staff board) when the first configured
 * engine cannot speak, even if a fallback does; `ok` only when it can. Never `down`: a kiosk
 * without voice still serves residents on screen.
 */
export const VoiceHealth = z.object({
  level: z.enum(['ok', 'degraded']),
  /** The engine that speaks now; null when none of the core's engines can. */
  engine: VoiceEngineId.nullable(),
  reason: z.string().max(300).optional(),
  engines: z.array(EngineStatus),
  /** Still running the start-up self-test. */
  checking: z.boolean(),
});
export type VoiceHealth = z.infer<typeof VoiceHealth>;

export const VolumeStep = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type VolumeStep = z.infer<typeof VolumeStep>;

/** What the UI needs from the speech configuration. */
export const VoiceSettings = z.object({
  /** 1 (quiet) to 3 (loud); every new resident starts here. */
  defaultVolumeStep: VolumeStep,
});
export type VoiceSettings = z.infer<typeof VoiceSettings>;
