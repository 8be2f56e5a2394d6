/**
 * The kiosk core: the API handlers behind the contract, the session registry and the event feed.
 * It is plain Node, so the same core runs in an Electron utility process and behind the loopback
 * WebSocket of web mode.
 */
import type { DeviceHealth, EventName, KioskInfo, PayloadOf, ServiceAvailability, VoiceHealth } from '../../contract/api';
import type { ServiceId } from '../../contract/flow';
import { createDispatcher, RejectedError, type Dispatch, type Handlers } from '../api/dispatcher';
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log/logger';
import type { NoticeBoard } from '../notices/board';
import type { DevTools } from '../host/dev-tools';
import type { HelpCallService } from '../help-call';
import { refusingHelpCallHandlers } from '../help-call/handlers';
import type { SpeechService } from '../speech';
import type { StaffConsole } from '../staff/console';
import { refusingStaffHandlers } from '../staff/handlers';
import { FlowRegistry, type FlowLaunchers } from './flow-registry';
import { serviceAvailability, servicePause, type ServiceNeeds, type StaffPauses } from './readiness';
import { SessionRegistry } from './sessions';

/** Where device health comes from; the device manager implements it. */
export interface DeviceHealthSource {
  health(): DeviceHealth;
  onChange(listener: (health: DeviceHealth) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const SERVICE_ORDER: readonly ServiceId[] = ['tempIdCard', 'traffic', 'noCriminalRecord', 'exitEntry', 'progress', 'tipOff', 'help'];

/**
 * `audience` is the connection an event is for (a resident's flow progress goes only to the screen
 * that runs it); undefined means every connection.
 */
export type CoreEventListener = <E extends EventName>(name: E, payload: PayloadOf<E>, audience?: string) => void;

export interface CoreStatus {
  state: 'starting' | 'ready' | 'stopped';
  kioskId: string;
  sessionActive: boolean;
  devices: DeviceHealth['level'];
  /** Every service switched on at this post can be started (none is paused for a device). */
  servicesReady: boolean;
  /** Services that cannot be started now, with the device that stops them (none when staff paused it). */
  paused: { service: ServiceId; device?: string; problem: string }[];
  /** Whether the kiosk can speak (degraded: silent or on a fallback engine). */
  voice: VoiceHealth['level'];
}

export interface KioskCore {
  readonly dispatch: Dispatch;
  onEvent(listener: CoreEventListener): () => void;
  /** For /healthz and the shell: a small JSON-safe summary, no personal data. */
  status(): CoreStatus;
  /** Which services can be started now (`services.list`), for fleet telemetry. */
  services(): ServiceAvailability[];
  /** Voice health (`voice.health`), for fleet telemetry. */
  voice(): VoiceHealth;
  /** A screen's connection closed: the session it owned ends (its flows are cancelled and settled). */
  disconnect(connectionId: string): void;
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
  /** The devices each service needs; a service whose required devices are not ready is paused. */
  needs?: ServiceNeeds;
  /** Development dock tools; ignored (and every dev.* call refused) in production. */
  dev?: DevTools;
  /** Voice guidance; without it the kiosk reports itself silent (voice health degraded). */
  speech?: SpeechService;
  /** The staff console; without it every staff call is refused (`staffSessionRequired`). */
  staff?: StaffConsole;
  /** The police notices for the attract screen; without it the list is empty. */
  notices?: NoticeBoard;
  /** Services paused by staff from the fleet console (services/fleet/service-pauses.ts). */
  staffPauses?: StaffPauses;
  /** Video help to the duty desk; without it the help tile gives the phone numbers only. */
  helpCall?: HelpCallService;
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

  const emit: CoreEventListener = (name, payload, audience) => {
    for (const listener of listeners) {
      try {
        listener(name, payload, audience);
      } catch (error) {
        log.error('event-listener-failed', { event: name, error: (error as Error).message });
      }
    }
  };

  const needs = options.needs ?? {};
  const launchers = options.flows ?? {};
  const helpCall = options.helpCall;
  // Help is not a kit flow: a call runs beside whatever the resident is doing (contract/help-call.ts).
  const implemented = (id: ServiceId) => launchers[id] !== undefined || (id === 'help' && helpCall !== undefined);
  const enabled = (id: ServiceId) => config.services[id].enabled;
  const staffPauses = options.staffPauses;
  const availability = (): ServiceAvailability[] => serviceAvailability(SERVICE_ORDER, enabled, implemented, needs, devices.health(), staffPauses);
  const pauseOf = (service: ServiceId) => servicePause(service, needs, devices.health(), staffPauses);

  const flows = new FlowRegistry(launchers, (progress, owner) => emit('flow.progress', progress, owner), pauseOf);
  const sessions = new SessionRegistry((sessionId, reason, owner) => {
    log.info('session-ended', { reason });
    emit('session.ended', { sessionId, reason }, owner);
  });
  // A resident who leaves (home, idle) cancels whatever flow they were in.
  sessions.onWipe((sessionId) => flows.cancelSession(sessionId));
  const speech = options.speech;
  // Spoken clips of that resident's details (masked numbers, amounts) are forgotten with them.
  sessions.onWipe(() => speech?.forgetPersonal());
  // A resident who walks away mid-call hangs up.
  sessions.onWipe((sessionId) => helpCall?.sessionEnded(sessionId));
  const voiceHealth = (): VoiceHealth =>
    speech?.health() ?? { level: 'degraded', engine: null, reason: 'this core has no speech service', engines: [], checking: false };

  const info: KioskInfo = {
    kioskId: config.kiosk.id,
    postName: config.kiosk.postName,
    postNameEn: config.kiosk.postNameEn,
    mode: config.kiosk.mode,
    version,
    defaultLocale: config.kiosk.defaultLocale,
    timeZone: config.kiosk.timeZone,
    ...(config.kiosk.dutyPhone ? { dutyPhone: config.kiosk.dutyPhone } : {}),
    idleSeconds: config.timeouts.idleSeconds,
    idleCountdownSeconds: config.timeouts.idleCountdownSeconds,
    services: [],
    voice: speech?.settings() ?? { defaultVolumeStep: config.speech.defaultVolumeStep },
  };

  const staff = options.staff;

  const devTools = (): DevTools => {
    if (config.kiosk.mode === 'production') throw new RejectedError('development tools are refused in production');
    if (!options.dev) throw new RejectedError('no development tools in this core');
    return options.dev;
  };

  const handlers: Handlers = {
    'kiosk.info': () => ({ ...info, services: availability() }),
    'devices.health': () => devices.health(),
    'services.list': () => availability(),
    'session.start': ({ elderly }, { connectionId }) => {
      // A resident and staff never share the kiosk: a resident screen returning ends this screen's staff session.
      if (staff && !staff.residentArriving(connectionId)) throw new RejectedError('the staff console is open on another screen');
      const active = sessions.active;
      // One resident at a time, on the screen that started the visit: another connection cannot take it over.
      if (active && active.owner !== connectionId) throw new RejectedError('another screen has an active session');
      const session = sessions.start(connectionId, { timeScale: elderly ? 2 : 1 });
      log.info('session-started');
      return session;
    },
    'session.end': ({ sessionId, reason }, { connectionId }) => {
      if (sessions.active?.sessionId === sessionId && !sessions.ownedBy(sessionId, connectionId)) throw new RejectedError('that session is not the active one');
      const wiped = sessions.end(sessionId, reason);
      if (!wiped && sessions.active) throw new RejectedError('that session is not the active one');
      return { wiped };
    },
    'flow.start': ({ sessionId, service }, { connectionId }) => {
      if (!sessions.ownedBy(sessionId, connectionId)) throw new RejectedError('that session is not the active one');
      if (!config.services[service].enabled) throw new RejectedError(`${service} is switched off at this kiosk`);
      const pause = pauseOf(service);
      if (pause) throw new RejectedError(`${service} is paused: ${'device' in pause ? `${pause.device} ` : ''}${pause.problem}`);
      const progress = flows.start(sessionId, service, connectionId, sessions.active?.timeScale ?? 1);
      if (!progress) throw new RejectedError(`${service} is not available in this build`);
      log.info('flow-started', { service, flowId: progress.flowId });
      return progress;
    },
    'flow.send': ({ flowId, event, payload }, { connectionId }) =>
      flows.ownedBy(flowId, connectionId) ? flows.send(flowId, event, payload) : { accepted: false as const, reason: 'unknownFlow' as const, message: 'no such flow is running' },
    'flow.cancel': ({ flowId }, { connectionId }) => ({ cancelled: flows.ownedBy(flowId, connectionId) && flows.cancel(flowId) }),
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
    'notices.list': () => options.notices?.list() ?? { notices: [], rotateSeconds: config.notices.rotateSeconds, source: 'none' as const },
    'notices.image': ({ imageId }) => {
      const image = options.notices?.image(imageId);
      if (!image) throw new RejectedError('no such notice image');
      return image;
    },
    ...(staff
      ? staff.attach({ residentSessionActive: () => sessions.active !== undefined, services: availability, voice: voiceHealth, emit })
      : refusingStaffHandlers()),
    ...(helpCall
      ? helpCall.attach({
          emit,
          sessionOwnedBy: (sessionId, connectionId) => sessions.ownedBy(sessionId, connectionId),
          // Talking to the officer is not walking away: the visit's resident-wait time-outs wait for the call.
          inCall: (sessionId, active) => flows.holdResidentTimers(sessionId, active),
        })
      : refusingHelpCallHandlers()),
  };

  const dispatch = createDispatcher(handlers, (line) => log.warn('dispatch', { detail: line }));
  let offDevices = () => {};
  let offVoice = () => {};
  let offNotices = () => {};

  return {
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    services: availability,
    voice: voiceHealth,
    status: () => {
      const services = availability();
      const paused = services.flatMap((service) => (service.state === 'paused' && service.pause ? [{ service: service.id, ...('device' in service.pause ? { device: service.pause.device } : {}), problem: service.pause.problem }] : []));
      return {
        state,
        kioskId: config.kiosk.id,
        sessionActive: sessions.active !== undefined,
        devices: devices.health().level,
        servicesReady: paused.length === 0,
        paused,
        voice: voiceHealth().level,
      };
    },
    disconnect(connectionId) {
      staff?.disconnect(connectionId);
      const active = sessions.active;
      if (active && active.owner === connectionId) sessions.end(active.sessionId, 'disconnected');
    },
    async start() {
      let lastServices = JSON.stringify(availability());
      const servicesMayHaveChanged = () => {
        const services = availability();
        const serialized = JSON.stringify(services);
        if (serialized === lastServices) return;
        lastServices = serialized;
        emit('services.changed', services);
        for (const service of services) if (service.pause) log.warn('service-paused', { service: service.id, ...service.pause });
      };
      const offHealth = devices.onChange((health) => {
        emit('devices.health', health);
        servicesMayHaveChanged();
      });
      const offPauses = staffPauses?.onChange(servicesMayHaveChanged) ?? (() => {});
      offDevices = () => {
        offHealth();
        offPauses();
      };
      await devices.start();
      staff?.start();
      offVoice = speech?.onHealth((health) => emit('voice.health', health)) ?? (() => {});
      // The speech self-test and prompt pre-rendering run in the background: never delay readiness.
      speech?.start();
      // Notices are fetched in the background too: the attract screen shows the cache meanwhile,
      // and hears the new list as soon as the core has it.
      offNotices = options.notices?.onChange((list) => emit('notices.changed', list)) ?? (() => {});
      options.notices?.start();
      state = 'ready';
      log.info('core-ready', { kioskId: config.kiosk.id, mode: config.kiosk.mode });
      emit('core.state', { state: 'ready' });
    },
    async stop() {
      state = 'stopped';
      await helpCall?.stop();
      staff?.stop();
      options.notices?.stop();
      offNotices();
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
