/**
 * The one API contract between the touch UI and the kiosk core.
 *
 * Every method has a params schema and a result schema; every event the core pushes has a payload
 * schema. Both transports (Electron IPC and the loopback WebSocket) carry exactly these messages and
 * validate them at runtime on receipt. The renderer depends on this file's types only.
 */
import { z } from 'zod';
import { DevAction, DevPrinted, DevState } from './dev';
import { DeviceHealth, DeviceKind } from './device';
import { FlowProgress, ServiceId } from './flow';
import { helpCallEvents, helpCallMethods } from './help-call';
import { NoticeId, NoticeImageData, NoticeList } from './notices';
import { ClipPart, SpeechClipParams, SpeechPrepareParams, SpeechSayParams, SpeechSayResult, VoiceHealth, VoiceSettings } from './speech';
import { staffEvents, staffMethods } from './staff';

const FlowId = z.string().min(1).max(64);

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

const Empty = z.object({}).strict();

/**
 * Why a service cannot be started now: one of the devices it needs is not ready. The UI says so in
 * plain words ("制证设备维护中，请到窗口办理") instead of taking money it cannot deliver for.
 */
export const DevicePause = z.object({
  device: DeviceKind,
  problem: z.enum(['missing', 'starting', 'offline', 'suppliesOut', 'coverOpen', 'jammed', 'fault']),
});
export type DevicePause = z.infer<typeof DevicePause>;
/** Staff paused the service from the fleet console (a signed command): no device is to blame. */
export const StaffPause = z.object({ problem: z.literal('pausedByStaff'), since: z.string().max(40) });
export type StaffPause = z.infer<typeof StaffPause>;
export const ServicePause = z.union([DevicePause, StaffPause]);
export type ServicePause = z.infer<typeof ServicePause>;

export const ServiceAvailability = z.object({
  id: ServiceId,
  /** The service can be started now (`state` is `ready`). */
  available: z.boolean(),
  /** ready; paused (a device it needs is not ready, or staff paused it: see `pause`); off at this post; notImplemented in this build. */
  state: z.enum(['ready', 'paused', 'off', 'notImplemented']),
  pause: ServicePause.optional(),
});
export type ServiceAvailability = z.infer<typeof ServiceAvailability>;

export const KioskInfo = z.object({
  kioskId: z.string(),
  postName: z.string(),
  postNameEn: z.string().optional(),
  mode: z.enum(['development', 'production']),
  version: z.string(),
  defaultLocale: Locale,
  /** IANA time zone of the post (e.g. Asia/Shanghai): every date and time shown or printed uses it. */
  timeZone: z.string().min(1).max(64),
  /** The post's duty phone, shown wherever a resident may need a person (110 is always shown too). */
  dutyPhone: z.string().max(32).optional(),
  idleSeconds: z.number().int().positive(),
  idleCountdownSeconds: z.number().int().positive(),
  services: z.array(ServiceAvailability),
  /** Speech settings the UI needs (volume steps); absent from a core without speech. */
  voice: VoiceSettings.optional(),
});
export type KioskInfo = z.infer<typeof KioskInfo>;

export { DeviceHealth, VoiceHealth };

/** `disconnected`: the screen that owned the session went away (page reloaded, window closed). */
export const SessionEndReason = z.enum(['home', 'idle', 'done', 'coreRestart', 'disconnected']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

export const SessionInfo = z.object({
  sessionId: z.string().min(8).max(64),
  startedAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Methods: name → params and result schemas. Adding a method here is all a transport needs. */
export const methods = {
  'kiosk.info': { params: Empty, result: KioskInfo },
  'devices.health': { params: Empty, result: DeviceHealth },
  /** Which services can be started now; changes arrive as `services.changed`. */
  'services.list': { params: Empty, result: z.array(ServiceAvailability) },
  /**
   * Starts a resident's visit. `elderly`: the resident switched on elderly mode (长辈模式): every
   * time-out of the flows they run is doubled.
   */
  'session.start': { params: z.object({ locale: Locale, elderly: z.boolean().optional() }).strict(), result: SessionInfo },
  'session.end': {
    params: z.object({ sessionId: z.string().min(8).max(64), reason: SessionEndReason }).strict(),
    result: z.object({ wiped: z.boolean() }),
  },
  /** Starts a service flow inside the active session; progress then arrives as `flow.progress` events. */
  'flow.start': {
    params: z.object({ sessionId: z.string().min(8).max(64), service: ServiceId }).strict(),
    result: FlowProgress,
  },
  /**
   * Sends a resident's action to a running flow. `payload` is validated by the flow against the
   * event's own schema (contract/flows/<service>.ts); a refusal comes back as a value.
   */
  'flow.send': {
    params: z.object({ flowId: FlowId, event: z.string().min(1).max(64), payload: z.unknown().optional() }).strict(),
    result: z.discriminatedUnion('accepted', [
      z.object({ accepted: z.literal(true) }),
      z.object({ accepted: z.literal(false), reason: z.enum(['notAllowed', 'invalidPayload', 'flowEnded', 'unknownFlow']), message: z.string().max(300) }),
    ]),
  },
  /** Cancels a running flow (the resident pressed cancel or walked away); safe to repeat. */
  'flow.cancel': {
    params: z.object({ flowId: FlowId }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  /** Development dock (refused in production): the simulated devices and what can be done to them. */
  'dev.state': { params: Empty, result: DevState },
  'dev.act': { params: z.object({ deviceId: z.string().min(1).max(32), action: DevAction }).strict(), result: z.object({ done: z.literal(true) }) },
  /** The simulated printers' latest output, rendered to PNG. */
  'dev.printed': { params: Empty, result: DevPrinted },
  /** Speaks a text: the answer carries the clip (or its first part); a refusal is a value. */
  'speech.say': { params: SpeechSayParams, result: SpeechSayResult },
  /** The next part of a clip too large for one message. */
  'speech.clip': { params: SpeechClipParams, result: ClipPart },
  /** The UI's catalogue of fixed prompts, rendered ahead of time in the background. */
  'speech.prepare': { params: SpeechPrepareParams, result: z.object({ queued: z.number().int().nonnegative() }) },
  /** Whether the kiosk can speak (also pushed as the `voice.health` event when it changes). */
  'voice.health': { params: Empty, result: VoiceHealth },
  /** The police notices for the attract screen, checked and cached by the core (contract/notices.ts). */
  'notices.list': { params: Empty, result: NoticeList },
  /** One notice's picture, re-encoded by the core; refused when the core has no such image. */
  'notices.image': { params: z.object({ imageId: NoticeId }).strict(), result: NoticeImageData },
  /** The staff console (contract/staff.ts): every call needs a staff session with the right role. */
  ...staffMethods,
  /** Help: the video call to the duty desk (contract/help-call.ts). */
  ...helpCallMethods,
} as const;

/** Events the core pushes: name → payload schema. */
export const events = {
  'core.state': z.object({ state: z.enum(['ready', 'unavailable']), reason: z.string().max(200).optional() }),
  'devices.health': DeviceHealth,
  'services.changed': z.array(ServiceAvailability),
  'session.ended': z.object({ sessionId: z.string(), reason: SessionEndReason }),
  'flow.progress': FlowProgress,
  'voice.health': VoiceHealth,
  /** The notices the core shows changed (a refresh brought new ones, or one expired): the whole new list. */
  'notices.changed': NoticeList,
  ...staffEvents,
  ...helpCallEvents,
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type ParamsOf<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type PayloadOf<E extends EventName> = z.output<(typeof events)[E]>;

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);

/** The API as the renderer sees it, whichever transport carries it. */
export interface KioskApi {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
}
