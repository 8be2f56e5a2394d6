/**
 * The duty desk page's state: its WebSocket to the kiosk core (contract/help-desk.ts), the officer's
 * sign-in, the kiosks it watches with their four-colour boards and calls, the ring, and the one call
 * this desk answered (camera, microphone and the media link to the kiosk).
 *
 * The desk session's token is kept in sessionStorage (this tab only), so a reload resumes without the
 * PIN; the socket reconnects by itself after a drop. Nothing of a call is recorded.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { CallEndReason } from '../../contract/help-call';
import { DESK_WS_PATH, DeskServerMessage, type DeskCallView, type DeskClientMessage, type DeskKiosk, type DeskRefusalReason, type DeskSession } from '../../contract/help-desk';
import { parseJson } from '../../contract/rpc';
import { openCallMedia, stopMedia } from '../call/media';
import { PeerLink, type PeerLinkOptions } from '../call/peer-link';
import { RINGS, startRing } from '../call/tones';

export const TOKEN_KEY = 'kiosk.desk.session';
/** Wait before reconnecting a dropped socket. */
export const RECONNECT_MS = 2_000;
/** The desk gives the media this long to connect after answering (the kiosk has its own limit too). */
const CONNECT_MS = 20_000;
const LOSS_MS = 8_000;

export type DeskConnection = 'connecting' | 'open' | 'closed';
export type DeskCallStage = 'idle' | 'answering' | 'connecting' | 'inCall' | 'ended';

/** What the page needs from the browser (tests give fakes). */
export interface DeskEnvironment {
  openSocket(url: string): WebSocket;
  socketUrl(): string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  openMedia: typeof openCallMedia;
  createLink(options: PeerLinkOptions): Pick<PeerLink, 'receive' | 'close' | 'framesDecoded'>;
  ring(kind: 'normal' | 'urgent'): { stop(): void } | undefined;
}

let audio: AudioContext | undefined;
/**
 * Browsers start audio only after a gesture on the page: the officer's first click (signing in, or
 * anything after a reload resumed the session) makes the ring audible from then on.
 */
export function unlockSound(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume().catch(() => {});
}
export const browserDeskEnvironment = (): DeskEnvironment => ({
  openSocket: (url) => new WebSocket(url),
  socketUrl: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${DESK_WS_PATH}`,
  storage: globalThis.sessionStorage,
  openMedia: openCallMedia,
  createLink: (options) => new PeerLink(options),
  ring: (kind) => {
    if (typeof AudioContext === 'undefined') return undefined;
    audio ??= new AudioContext();
    return startRing(audio, RINGS[kind]);
  },
});

export const useDeskStore = defineStore('desk', () => {
  const connection = ref<DeskConnection>('closed');
  const session = ref<DeskSession | null>(null);
  const signingIn = ref(false);
  const refusal = ref<{ reason: DeskRefusalReason; message: string; lockedUntil?: string } | null>(null);
  const notice = ref<string | null>(null);
  const kiosks = ref<DeskKiosk[]>([]);
  const stage = ref<DeskCallStage>('idle');
  const call = ref<DeskCallView | null>(null);
  const ended = ref<{ reason: CallEndReason; kioskId: string } | null>(null);
  const localStream = shallowRef<MediaStream | null>(null);
  const remoteStream = shallowRef<MediaStream | null>(null);

  let env: DeskEnvironment | undefined;
  let socket: WebSocket | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let link: ReturnType<DeskEnvironment['createLink']> | undefined;
  let tone: { stop(): void } | undefined;
  /** Which ring is sounding ('normal', 'urgent') or none. */
  const ringKind = ref<'normal' | 'urgent' | undefined>(undefined);
  let stopped = false;

  const ringingCalls = computed(() => kiosks.value.flatMap((kiosk) => (kiosk.call?.phase === 'ringing' ? [kiosk.call] : [])));
  const kioskOf = (kioskId: string) => kiosks.value.find((kiosk) => kiosk.kioskId === kioskId);

  // The ring: louder and faster when any ringing call is an emergency; quiet while this desk talks.
  watch(
    () => {
      const calls = ringingCalls.value;
      if (calls.length === 0 || !session.value) return undefined;
      const urgent = calls.some((c) => c.urgent);
      if (stage.value !== 'idle' && stage.value !== 'ended' && !urgent) return undefined;
      return urgent ? 'urgent' : 'normal';
    },
    (kind) => {
      if (ringKind.value === kind) return;
      tone?.stop();
      tone = kind && env ? env.ring(kind) : undefined;
      ringKind.value = kind;
    },
  );

  function send(message: DeskClientMessage): void {
    if (socket?.readyState === 1) socket.send(JSON.stringify(message));
  }

  function connect(environment: DeskEnvironment = browserDeskEnvironment()): void {
    env = environment;
    stopped = false;
    open();
  }

  function open(): void {
    if (!env || stopped) return;
    clearTimeout(reconnectTimer);
    connection.value = 'connecting';
    const ws = env.openSocket(env.socketUrl());
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      connection.value = 'open';
      const token = env?.storage?.getItem(TOKEN_KEY);
      if (token) send({ type: 'resume', token });
    };
    ws.onmessage = (event) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      const parsed = DeskServerMessage.safeParse(parseJson(event.data));
      if (parsed.success) receive(parsed.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      connection.value = 'closed';
      signingIn.value = false;
      // The core ended this desk's call when the socket went; the page says so and tries again.
      if (stage.value !== 'idle' && stage.value !== 'ended' && call.value) finishCall('deskLeft');
      kiosks.value = [];
      if (!stopped) reconnectTimer = setTimeout(open, RECONNECT_MS);
    };
  }

  function receive(message: DeskServerMessage): void {
    switch (message.type) {
      case 'signedIn':
        signingIn.value = false;
        refusal.value = null;
        session.value = message.session;
        env?.storage?.setItem(TOKEN_KEY, message.session.token);
        return;
      case 'refused':
        signingIn.value = false;
        if (message.reason === 'sessionExpired') env?.storage?.removeItem(TOKEN_KEY);
        refusal.value = { reason: message.reason, message: message.message, ...(message.lockedUntil ? { lockedUntil: message.lockedUntil } : {}) };
        return;
      case 'signedOut':
        env?.storage?.removeItem(TOKEN_KEY);
        session.value = null;
        kiosks.value = [];
        if (call.value && stage.value !== 'ended') finishCall('deskLeft');
        return;
      case 'kiosks':
        kiosks.value = message.kiosks;
        return;
      case 'call':
        return onCall(message.call);
      case 'signal':
        if (call.value?.callId === message.callId) void link?.receive(message.signal);
        return;
      case 'error':
        notice.value = message.message;
        // The answer was refused (another desk was quicker, the call ended): back to the list.
        if (stage.value === 'answering') teardown('idle');
        return;
    }
  }

  function onCall(view: DeskCallView): void {
    const kiosk = kioskOf(view.kioskId);
    if (kiosk) kiosk.call = view.phase === 'ended' ? null : view;
    if (call.value?.callId !== view.callId) return;
    if (view.phase === 'ended') return finishCall(view.ended?.reason ?? 'kioskLeft');
    if (view.phase === 'inCall' && !view.mine) {
      notice.value = null;
      return teardown('idle');
    }
    call.value = view;
    if (view.phase === 'inCall' && stage.value === 'answering') stage.value = 'connecting';
  }

  function signIn(staffId: string, pin: string): void {
    refusal.value = null;
    signingIn.value = true;
    send({ type: 'signIn', staffId, pin });
  }

  function signOut(): void {
    if (call.value && stage.value !== 'ended' && stage.value !== 'idle') hangUp();
    send({ type: 'signOut' });
  }

  /** Takes a ringing call: camera and microphone (or receive only without them), then the answer. */
  async function answer(callId: string): Promise<void> {
    if (!env || stage.value === 'answering' || stage.value === 'connecting' || stage.value === 'inCall') return;
    const ringingCall = ringingCalls.value.find((c) => c.callId === callId);
    if (!ringingCall) return;
    teardown('answering');
    notice.value = null;
    call.value = ringingCall;
    const stillAnswering = (): boolean => stage.value === 'answering' && call.value?.callId === callId;
    const opened = await env.openMedia(5_000);
    if (!stillAnswering()) return opened.ok ? stopMedia(opened.stream) : undefined;
    localStream.value = opened.ok ? opened.stream : null;
    link = env.createLink({
      role: 'answerer',
      local: localStream.value,
      connectMs: CONNECT_MS,
      lossMs: LOSS_MS,
      send: (signal) => send({ type: 'signal', callId, signal }),
      onRemoteStream: (stream) => (remoteStream.value = stream),
      onState: (state) => {
        if (state === 'connected' && call.value?.callId === callId) stage.value = 'inCall';
        else if (state === 'failed' && call.value?.callId === callId) {
          // Never reached "connected": the video could not be made, nothing dropped.
          const reason = stage.value === 'inCall' ? 'mediaFailed' : 'mediaNotConnected';
          send({ type: reason, callId });
          finishCall(reason);
        }
      },
    });
    send({ type: 'answer', callId });
  }

  function hangUp(): void {
    const current = call.value;
    if (!current || stage.value === 'ended' || stage.value === 'idle') return;
    send({ type: 'hangUp', callId: current.callId });
    finishCall('deskHungUp');
  }

  /** Back to the list after an ended call. */
  function dismiss(): void {
    if (stage.value === 'ended') teardown('idle');
  }

  function finishCall(reason: CallEndReason): void {
    const kioskId = call.value?.kioskId ?? '';
    teardown('ended');
    ended.value = { reason, kioskId };
  }

  function teardown(next: DeskCallStage): void {
    link?.close();
    link = undefined;
    stopMedia(localStream.value);
    localStream.value = null;
    remoteStream.value = null;
    call.value = null;
    ended.value = null;
    stage.value = next;
  }

  const framesDecoded = () => link?.framesDecoded() ?? Promise.resolve(0);

  /** Closes the socket for good (the page is going away, or a test ends). */
  function disconnect(): void {
    stopped = true;
    clearTimeout(reconnectTimer);
    tone?.stop();
    tone = undefined;
    ringKind.value = undefined;
    teardown('idle');
    socket?.close();
    socket = undefined;
    connection.value = 'closed';
  }

  return {
    connection, session, signingIn, refusal, notice, kiosks, stage, call, ended, localStream, remoteStream, ringingCalls, ringKind,
    connect, signIn, signOut, answer, hangUp, dismiss, disconnect, framesDecoded,
  };
});
