/**
 * The kiosk core: the API handlers behind the contract, the session registry and the event feed.
 * It is plain Node, so the same core runs in an Electron utility process and behind the loopback
 * WebSocket of web mode.
 */
import type { DeviceHealth, EventName, KioskInfo, PayloadOf, VoiceHealth } from '../../contract/api';
import type { ServiceId } from '../../contract/flow';
import { createDispatcher, RejectedError, type Dispatch, type Handlers } from '../api/dispatcher';
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log/logger';
import type { DevTools } from '../host/dev-tools';
import type { SpeechService } from '../speech';
import { FlowRegistry, type FlowLaunchers } from './flow-registry';
import { SessionRegistry } from './sessions';

/** Where device health comes from; the device manager implements it. */
export interface DeviceHealthSource {
  health(): DeviceHealth;
  onChange(listener: (health: DeviceHealth) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const SERVICE_ORDER: readonly ServiceId[] = ['tempIdCard', 'traffic', 'noCriminalRecord', 'progress', 'help'];

export type CoreEventListener = <E extends EventName>(name: E, payload: PayloadOf<E>) => void;

export interface KioskCore {
  readonly dispatch: Dispatch;
  onEvent(listener: CoreEventListener): () => void;
  /** For /healthz and the shell: a small JSON-safe summary, no personal data. */
  status(): { state: 'starting' | 'ready' | 'stopped'; kioskId: string; sessionActive: boolean; devices: DeviceHealth['level']; voice: VoiceHealth['level'] };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface KioskCoreOptions {
  config: KioskConfig;
  version: string;
  log: Logger;
  devices?: DeviceHealthSource;
  /** The service flows this build implements; a tile without one shows "not yet available". */
  flows?: FlowLaunchers;
  /** Development dock tools; ignored (and every dev.* call refused) in production. */
  dev?: DevTools;
  /** Voice guidance; without it the kiosk reports itself silent (voice health degraded). */
  speech?: SpeechService;
}

const noDevices: DeviceHealthSource = {
  health: () => ({ level: 'ok', devices: [] }),
  onChange: () => () => {},
  start: async () => {},
  stop: async () => {},
};

export function createKioskCore(options: KioskCoreOptions): KioskCore {
  const { config, version, log } = options;
  const devices = options.devices ?? noDevices;
  const listeners = new Set<CoreEventListener>();
  let state: 'starting' | 'ready' | 'stopped' = 'starting';

  const emit: CoreEventListener = (name, payload) => {
    for (const listener of listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        log.error('event-listener-failed', { event: name, error: (error as Error).message });
      }
    }
  };

  const flows = new FlowRegistry(options.flows ?? {}, (progress) => emit('flow.progress', progress));
  const sessions = new SessionRegistry((sessionId, reason) => {
    log.info('session-ended', { reason });
    emit('session.ended', { sessionId, reason });
  });
  // A resident who leaves (home, idle) cancels whatever flow they were in.
  sessions.onWipe((sessionId) => flows.cancelSession(sessionId));
  const speech = options.speech;
  // Spoken clips of that resident's details (masked numbers, amounts) are forgotten with them.
  sessions.onWipe(() => speech?.forgetPersonal());
  const voiceHealth = (): VoiceHealth =>
    speech?.health() ?? { level: 'degraded', engine: null, reason: 'this core has no speech service', engines: [], checking: false };

  const info: KioskInfo = {
    kioskId: config.kiosk.id,
    postName: config.kiosk.postName,
    postNameEn: config.kiosk.postNameEn,
    mode: config.kiosk.mode,
    version,
    defaultLocale: config.kiosk.defaultLocale,
    idleSeconds: config.timeouts.idleSeconds,
    idleCountdownSeconds: config.timeouts.idleCountdownSeconds,
    services: SERVICE_ORDER.map((id) => ({
      id,
      available: config.services[id].enabled && flows.implemented(id),
    })),
    voice: speech?.settings() ?? { defaultVolumeStep: config.speech.defaultVolumeStep },
  };

  const devTools = (): DevTools => {
    if (config.kiosk.mode === 'production') throw new RejectedError('development tools are refused in production');
    if (!options.dev) throw new RejectedError('no development tools in this core');
    return options.dev;
  };

  const handlers: Handlers = {
    'kiosk.info': () => info,
    'devices.health': () => devices.health(),
    'session.start': () => {
      const session = sessions.start();
      log.info('session-started');
      return session;
    },
    'session.end': ({ sessionId, reason }) => {
      const wiped = sessions.end(sessionId, reason);
      if (!wiped && sessions.active) throw new RejectedError('that session is not the active one');
      return { wiped };
    },
    'flow.start': ({ sessionId, service }) => {
      if (sessions.active?.sessionId !== sessionId) throw new RejectedError('that session is not the active one');
      if (!config.services[service].enabled) throw new RejectedError(`${service} is switched off at this kiosk`);
      const progress = flows.start(sessionId, service);
      if (!progress) throw new RejectedError(`${service} is not available in this build`);
      log.info('flow-started', { service, flowId: progress.flowId });
      return progress;
    },
    'flow.send': ({ flowId, event, payload }) => flows.send(flowId, event, payload),
    'flow.cancel': ({ flowId }) => ({ cancelled: flows.cancel(flowId) }),
    'dev.state': () => devTools().state(),
    'dev.act': ({ deviceId, action }) => {
      devTools().act(deviceId, action);
      log.info('dev-action', { deviceId, action: action.type });
      return { done: true as const };
    },
    'dev.printed': () => devTools().printed(),
    'speech.say': (params) => speech?.say(params) ?? { ok: false, reason: 'silent', message: 'this core has no speech service', platformFallback: true },
    'speech.clip': ({ clipId, offset }) => {
      const part = speech?.clipPart(clipId, offset);
      if (!part) throw new RejectedError('that clip is no longer available');
      return part;
    },
    'speech.prepare': ({ prompts }) => ({ queued: speech?.prepare(prompts) ?? 0 }),
    'voice.health': () => voiceHealth(),
  };

  const dispatch = createDispatcher(handlers, (line) => log.warn('dispatch', { detail: line }));
  let offDevices = () => {};
  let offVoice = () => {};

  return {
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => ({
      state,
      kioskId: config.kiosk.id,
      sessionActive: sessions.active !== undefined,
      devices: devices.health().level,
      voice: voiceHealth().level,
    }),
    async start() {
      offDevices = devices.onChange((health) => emit('devices.health', health));
      await devices.start();
      offVoice = speech?.onHealth((health) => emit('voice.health', health)) ?? (() => {});
      // The speech self-test and prompt pre-rendering run in the background: never delay readiness.
      speech?.start();
      state = 'ready';
      log.info('core-ready', { kioskId: config.kiosk.id, mode: config.kiosk.mode });
      emit('core.state', { state: 'ready' });
    },
    async stop() {
      state = 'stopped';
      if (sessions.active) sessions.end(sessions.active.sessionId, 'coreRestart');
      await flows.settle();
      offDevices();
      offVoice();
      await devices.stop();
      await speech?.stop();
      listeners.clear();
    },
  };
}
