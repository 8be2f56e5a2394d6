/**
 * Knows which engines can speak. At start-up every configured engine is loaded and must pass a
 * self-test (a few phrases per locale, each checked for loudness and length); an engine that later
 * stops answering is marked unavailable and tested again after a pause. The result is the voice
 * health the staff board and /healthz show: yellow whenever the first configured engine cannot
 * speak, with the reason.
 */
import type { EngineStatus, SpeechLocale, VoiceEngineId, VoiceHealth } from '../../contract/speech';
import type { Logger } from '../log/logger';
import { checkSpeech } from './audio-check';
import type { CoreEngineId, SpeechEngine } from './types';

/** Self-test phrases; the repetitions also warm up the WebAssembly engine's compiler. */
const SELF_TEST: Record<SpeechLocale, readonly string[]> = {
  'zh-CN': ['语音自检。', '请选择您要办理的业务。', '欢迎使用自助服务终端。'],
  en: ['Voice check.', 'Please choose a service.', 'Welcome to the self-service kiosk.'],
};
const LOCALES: readonly SpeechLocale[] = ['zh-CN', 'en'];

export interface VoiceHealthOptions {
  order: readonly VoiceEngineId[];
  engines: ReadonlyMap<CoreEngineId, SpeechEngine>;
  rate: number;
  log: Logger;
  /** Runs a self-test synthesis behind screen requests (the service's queue). */
  schedule: <T>(job: () => Promise<T>) => Promise<T | undefined>;
  recheckAfterMs: number;
}

export class VoiceHealthTracker {
  private readonly states = new Map<CoreEngineId, EngineStatus>();
  private readonly listeners = new Set<(health: VoiceHealth) => void>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private last = '';
  private stopped = false;

  constructor(private readonly options: VoiceHealthOptions) {
    for (const id of this.coreOrder) this.states.set(id, { id, state: 'untested' });
    this.last = JSON.stringify(this.health());
  }

  /** Configured core engines in order of preference (`platform` is the UI's, not ours). */
  get coreOrder(): CoreEngineId[] {
    return this.options.order.filter((id): id is CoreEngineId => id !== 'platform');
  }

  get platformAllowed(): boolean {
    return this.options.order.includes('platform');
  }

  state(id: CoreEngineId): EngineStatus['state'] {
    return this.states.get(id)?.state ?? 'unavailable';
  }

  onChange(listener: (health: VoiceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tests every configured engine in turn; resolves when all are known. */
  async selfTestAll(): Promise<void> {
    for (const id of this.coreOrder) await this.selfTest(id);
  }

  async selfTest(id: CoreEngineId): Promise<void> {
    const engine = this.options.engines.get(id);
    if (!engine) return this.set(id, { id, state: 'unavailable', reason: `${id} is not built into this kiosk` });
    const loaded = await engine.load();
    if (!loaded.ok) return this.set(id, { id, state: 'unavailable', reason: loaded.error.message });
    for (const locale of LOCALES.filter((each) => engine.supports(each))) {
      for (const phrase of SELF_TEST[locale]) {
        if (this.stopped) return;
        const result = await this.options.schedule(() => engine.synthesize(phrase, { locale, rate: this.options.rate }));
        if (result === undefined) return; // shut down meanwhile
        if (!result.ok) return this.set(id, { id, state: 'unavailable', reason: `self-test failed (${locale}): ${result.error.message}` });
        const problem = checkSpeech(result.value.wav, result.value.durationMs, phrase, locale, this.options.rate);
        if (problem) return this.set(id, { id, state: 'unavailable', reason: `self-test failed (${locale}): ${problem}` });
      }
    }
    this.set(id, { id, state: 'ready' });
  }

  /** An engine that was speaking stopped (time-out, crash): stop using it, test it again later. */
  markFailed(id: CoreEngineId, reason: string): void {
    if (this.stopped || this.state(id) === 'unavailable') return;
    this.set(id, { id, state: 'unavailable', reason });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.selfTest(id);
    }, this.options.recheckAfterMs);
    timer.unref();
    this.timers.add(timer);
  }

  health(): VoiceHealth {
    const engines = this.coreOrder.map((id) => this.states.get(id)!);
    const checking = engines.some((engine) => engine.state === 'untested');
    const speaking = engines.find((engine) => engine.state === 'ready');
    const first = engines[0];
    const fallback = speaking ? `speaking with ${speaking.id} instead` : this.platformAllowed ? 'the screen may try the platform voice, which cannot be checked' : 'the kiosk is silent';
    if (!first) {
      return { level: 'degraded', engine: null, reason: `no speech engine in the core is configured; ${fallback}`, engines, checking: false };
    }
    if (first.state === 'unavailable') {
      return { level: 'degraded', engine: speaking?.id ?? null, reason: `${first.id}: ${first.reason ?? 'cannot speak'}; ${fallback}`, engines, checking };
    }
    return { level: 'ok', engine: speaking?.id ?? null, engines, checking };
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.listeners.clear();
  }

  private set(id: CoreEngineId, status: EngineStatus): void {
    if (this.stopped) return;
    this.states.set(id, status);
    if (status.state === 'ready') this.options.log.info('voice-engine-ready', { engine: id });
    else this.options.log.warn('voice-engine-unavailable', { engine: id, reason: status.reason });
    const health = this.health();
    const serialised = JSON.stringify(health);
    if (serialised === this.last) return;
    this.last = serialised;
    for (const listener of this.listeners) listener(health);
  }
}
