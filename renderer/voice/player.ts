/**
 * Plays the core's speech with Web Audio, so the same voice speaks in Electron and in web mode
 * (the browser's own speechSynthesis is silent in headless Chromium and in Electron on Linux).
 * One utterance at a time: a new one, a screen change or stop() silences the one before; an answer
 * that arrives after it was replaced is dropped. Never throws: a kiosk that cannot speak still works.
 */
import { ref, type Ref } from 'vue';
import type { KioskApi, Locale } from '../../contract/api';
import type { VolumeStep } from '../../contract/speech';

/** Gain per volume step: quiet, normal, loud (espeak-ng speaks at about -20 dBFS). */
export const VOLUME_GAIN: Record<VolumeStep, number> = { 1: 0.35, 2: 0.65, 3: 1 };

export interface SayOptions {
  /** Catalogue key of a fixed prompt (no personal data): lets the core keep it on disk. */
  prompt?: string;
  /** Relative speaking rate (elderly mode may slow down). */
  rate?: number;
}

export type SayOutcome = 'started' | 'replaced' | 'silent' | 'platform' | 'failed' | 'noAudio';

/** The platform voice, used only as a last resort when the core allows it. */
export interface PlatformVoice {
  speak(text: string, locale: Locale): boolean;
  cancel(): void;
}

/** Figures for the developer probe and the benchmark; no text, so no personal data. */
export interface PlayerStats {
  requested: number;
  started: number;
  lastOutcome: SayOutcome | null;
  lastPrompt: string | null;
  lastSource: string | null;
  /** From say() to the audio source starting, in ms. */
  lastLatencyMs: number | null;
  lastStartedAt: number | null;
  contextState: string | null;
}

export interface VoicePlayerOptions {
  api: Pick<KioskApi, 'call'>;
  /** Made on first use; undefined where Web Audio is missing (unit tests). */
  createContext?: () => AudioContext | undefined;
  platform?: PlatformVoice;
  now?: () => number;
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const browserPlatformVoice: PlatformVoice = {
  speak(text, locale) {
    if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return false;
    if (speechSynthesis.getVoices().length === 0) return false;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = locale;
    utterance.rate = 0.9;
    speechSynthesis.speak(utterance);
    return true;
  },
  cancel() {
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  },
};

export class VoicePlayer {
  readonly speaking: Ref<boolean> = ref(false);
  readonly stats: PlayerStats = { requested: 0, started: 0, lastOutcome: null, lastPrompt: null, lastSource: null, lastLatencyMs: null, lastStartedAt: null, contextState: null };
  private context: AudioContext | undefined;
  private gain: GainNode | undefined;
  private source: AudioBufferSourceNode | undefined;
  private generation = 0;
  private volume: VolumeStep = 2;
  private last: { text: string; locale: Locale; options: SayOptions } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: VoicePlayerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Creates or resumes the audio context; call it from a touch (autoplay policy). */
  unlock(): void {
    const context = this.ensureContext();
    if (context?.state === 'suspended') void context.resume().catch(() => {});
  }

  setVolume(step: VolumeStep): void {
    this.volume = step;
    if (this.gain && this.context) this.gain.gain.setValueAtTime(VOLUME_GAIN[step], this.context.currentTime);
  }

  /** Says the last text again (the "read aloud" button). */
  repeat(): Promise<SayOutcome> {
    if (!this.last) return Promise.resolve('silent');
    return this.say(this.last.text, this.last.locale, this.last.options);
  }

  stop(): void {
    this.generation++;
    this.silence();
  }

  async say(text: string, locale: Locale, options: SayOptions = {}): Promise<SayOutcome> {
    this.stop();
    const generation = this.generation;
    const startedAt = this.now();
    this.last = { text, locale, options };
    this.stats.requested++;
    this.stats.lastPrompt = options.prompt ?? null;
    const outcome = await this.fetchAndPlay(text, locale, options, generation, startedAt).catch((): SayOutcome => 'failed');
    if (generation === this.generation) this.stats.lastOutcome = outcome;
    return outcome;
  }

  private async fetchAndPlay(text: string, locale: Locale, options: SayOptions, generation: number, startedAt: number): Promise<SayOutcome> {
    const current = () => generation === this.generation;
    const answer = await this.options.api.call('speech.say', { text, locale, ...options });
    if (!current()) return 'replaced';
    if (!answer.ok) {
      if (answer.reason === 'superseded') return 'replaced';
      if (answer.platformFallback && this.options.platform?.speak(text, locale)) return 'platform';
      return answer.reason === 'silent' ? 'silent' : 'failed';
    }
    const { clip } = answer;
    const bytes = new Uint8Array(clip.byteLength);
    let filled = 0;
    let part: { data: string; nextOffset: number | null } = clip;
    for (;;) {
      const chunk = base64ToBytes(part.data);
      bytes.set(chunk.subarray(0, bytes.length - filled), filled);
      filled += chunk.length;
      if (part.nextOffset === null) break;
      part = await this.options.api.call('speech.clip', { clipId: clip.clipId, offset: part.nextOffset });
      if (!current()) return 'replaced';
    }
    const context = this.ensureContext();
    if (!context || !this.gain) return 'noAudio';
    if (context.state === 'suspended') void context.resume().catch(() => {});
    const buffer = await context.decodeAudioData(bytes.buffer);
    if (!current()) return 'replaced';
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    source.onended = () => {
      if (this.source !== source) return;
      this.source = undefined;
      this.speaking.value = false;
    };
    this.source = source;
    source.start();
    this.speaking.value = true;
    this.stats.started++;
    this.stats.lastSource = clip.source;
    this.stats.lastLatencyMs = this.now() - startedAt;
    this.stats.lastStartedAt = this.now();
    this.stats.contextState = context.state;
    return 'started';
  }

  private ensureContext(): AudioContext | undefined {
    if (this.context) return this.context;
    const create = this.options.createContext ?? (() => (typeof AudioContext === 'undefined' ? undefined : new AudioContext()));
    try {
      this.context = create();
    } catch {
      this.context = undefined;
    }
    if (this.context) {
      this.gain = this.context.createGain();
      this.gain.gain.value = VOLUME_GAIN[this.volume];
      this.gain.connect(this.context.destination);
    }
    return this.context;
  }

  private silence(): void {
    const source = this.source;
    this.source = undefined;
    if (source) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // never started, or already stopped
      }
    }
    this.options.platform?.cancel();
    this.speaking.value = false;
  }
}
