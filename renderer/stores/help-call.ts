/**
 * The help call on the kiosk screen: the help panel, the call's stage as the core reports it, the
 * camera and microphone, and the media link to the officer. The call lives inside the resident's
 * session (one is started if the resident is on the home screen): when the session ends — they walked
 * away, or went home — the media stops here and the core ends the call at the desk.
 *
 * Nothing of the call is kept: the streams go to the peer connection and the screen, and are stopped
 * when the call ends.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CallEndReason, CallMediaLimits, KioskCallView, MediaEndReason } from '../../contract/help-call';
import { useApi } from '../api/current';
import { openCallMedia, stopMedia } from '../call/media';
import { PeerLink } from '../call/peer-link';
import { useKioskStore } from './kiosk';
import { useSessionStore } from './session';

export type HelpStage = 'closed' | 'menu' | 'starting' | 'ringing' | 'connecting' | 'inCall' | 'ended';
/** Why the call ended, as the screen words it: the core's reasons plus the screen's own. */
export type HelpEnd = CallEndReason | 'cameraUnavailable' | 'refused';

const PHASE_ORDER = { ringing: 0, inCall: 1, ended: 2 } as const;
/** The ended screen goes away by itself after this long (the phone numbers were shown and spoken). */
export const ENDED_SCREEN_MS = 60_000;

export const useHelpCallStore = defineStore('helpCall', () => {
  const stage = ref<HelpStage>('closed');
  const urgent = ref(false);
  const call = ref<KioskCallView | null>(null);
  const ended = ref<{ reason: HelpEnd; ticketNumber?: string } | null>(null);
  const localStream = shallowRef<MediaStream | null>(null);
  const remoteStream = shallowRef<MediaStream | null>(null);
  /** Since the stage's clock started (ringing or talking), in whole seconds. */
  const elapsedSeconds = ref(0);
  const active = computed(() => stage.value === 'starting' || stage.value === 'ringing' || stage.value === 'connecting' || stage.value === 'inCall');

  let link: PeerLink | undefined;
  let limits: CallMediaLimits = { connectSeconds: 20, lossSeconds: 8 };
  let clock: ReturnType<typeof setInterval> | undefined;
  let endedTimer: ReturnType<typeof setTimeout> | undefined;
  /** Views that arrived before the start answer told us which call is ours. */
  let early: KioskCallView[] = [];
  let attempt = 0;
  let listening = false;

  const session = useSessionStore();
  // The resident's session ended (idle, home): the call goes with it; the core tells the desk.
  session.registerPersonalData('helpCall', () => {
    if (stage.value === 'closed') return;
    teardown();
    stage.value = 'closed';
  });

  function listen(): void {
    if (listening) return;
    listening = true;
    const api = useApi();
    api.on('help.call.state', (view) => {
      if (stage.value === 'starting' && !call.value) early.push(view);
      else apply(view);
    });
    api.on('help.call.signal', ({ callId, signal }) => {
      if (call.value?.callId === callId) void link?.receive(signal);
    });
    api.onAvailability((available) => {
      if (!available && active.value) finish({ reason: 'kioskLeft' });
    });
  }

  function startClock(): void {
    clearInterval(clock);
    const since = Date.now();
    elapsedSeconds.value = 0;
    clock = setInterval(() => (elapsedSeconds.value = Math.floor((Date.now() - since) / 1000)), 1000);
  }

  function teardown(): void {
    link?.close();
    link = undefined;
    stopMedia(localStream.value);
    localStream.value = null;
    remoteStream.value = null;
    clearInterval(clock);
    clearTimeout(endedTimer);
    early = [];
  }

  function finish(end: { reason: HelpEnd; ticketNumber?: string }): void {
    teardown();
    // The resident left or hung up themselves: nothing more to say to them.
    if (end.reason === 'kioskHungUp' || end.reason === 'residentLeft') {
      stage.value = 'closed';
      return;
    }
    ended.value = end;
    stage.value = 'ended';
    endedTimer = setTimeout(() => {
      if (stage.value === 'ended') stage.value = 'closed';
    }, ENDED_SCREEN_MS);
  }

  function apply(view: KioskCallView): void {
    if (!call.value || view.callId !== call.value.callId) return;
    if (PHASE_ORDER[view.phase] < PHASE_ORDER[call.value.phase]) return;
    call.value = view;
    if (view.phase === 'ringing' && stage.value === 'starting') {
      stage.value = 'ringing';
      startClock();
    } else if (view.phase === 'inCall' && !link && (stage.value === 'starting' || stage.value === 'ringing')) {
      stage.value = 'connecting';
      connectMedia(view.callId);
    } else if (view.phase === 'ended' && view.ended && stage.value !== 'ended' && stage.value !== 'closed') {
      finish({ reason: view.ended.reason, ...(view.ended.ticketNumber ? { ticketNumber: view.ended.ticketNumber } : {}) });
    }
  }

  function connectMedia(callId: string): void {
    const api = useApi();
    // The core ends the call at the desk and tells us back; without the core, end it here. Still
    // connecting when it failed: the video never came up (nothing was "interrupted").
    const mediaEnded = (): void => {
      const reason: MediaEndReason = stage.value === 'inCall' ? 'mediaFailed' : 'mediaNotConnected';
      void api.call('help.call.end', { callId, reason }).then(
        (answer) => answer.ended || finish({ reason }),
        () => finish({ reason }),
      );
    };
    link = new PeerLink({
      role: 'offerer',
      local: localStream.value,
      connectMs: limits.connectSeconds * 1000,
      lossMs: limits.lossSeconds * 1000,
      send: (signal) => void api.call('help.call.signal', { callId, signal }).catch(() => {}),
      onRemoteStream: (stream) => (remoteStream.value = stream),
      onState: (state) => {
        if (state === 'connected' && stage.value === 'connecting') {
          stage.value = 'inCall';
          startClock();
        } else if (state === 'failed') mediaEnded();
      },
    });
    void link.start().catch(mediaEnded);
  }

  function openPanel(): void {
    if (stage.value === 'closed' || stage.value === 'ended') {
      teardown();
      stage.value = 'menu';
    }
  }

  /** Places the call (`urgent`: the emergency variant). */
  async function place(isUrgent: boolean): Promise<void> {
    if (active.value) return;
    listen();
    const mine = ++attempt;
    teardown();
    urgent.value = isUrgent;
    call.value = null;
    ended.value = null;
    stage.value = 'starting';
    const stillMine = () => attempt === mine && stage.value === 'starting';

    const opened = await openCallMedia();
    if (!stillMine()) return opened.ok ? stopMedia(opened.stream) : undefined;
    if (!opened.ok) return finish({ reason: 'cameraUnavailable' });
    localStream.value = opened.stream;

    const kiosk = useKioskStore();
    try {
      const sessionId = session.sessionId ?? (await session.start(kiosk.locale, { elderly: kiosk.elderly }));
      if (!stillMine()) return;
      const answer = await useApi().call('help.call.start', { sessionId, urgent: isUrgent });
      if (!answer.ok) {
        if (stillMine()) finish({ reason: 'refused' });
        return;
      }
      if (!stillMine()) {
        // Hung up while the call was being placed.
        void useApi().call('help.call.end', { callId: answer.call.callId, reason: 'kioskHungUp' }).catch(() => {});
        return;
      }
      limits = answer.media;
      call.value = { ...answer.call, phase: 'ringing', ended: undefined };
      const later = early.filter((view) => view.callId === answer.call.callId);
      early = [];
      apply({ ...answer.call, phase: 'ringing', ended: undefined });
      apply(answer.call);
      for (const view of later) apply(view);
    } catch {
      if (stillMine()) finish({ reason: 'refused' });
    }
  }

  /** The resident pressed "hang up" (or closed the panel mid-call). */
  function hangUp(): void {
    const current = call.value;
    attempt++;
    teardown();
    stage.value = 'closed';
    if (current && current.phase !== 'ended') void useApi().call('help.call.end', { callId: current.callId, reason: 'kioskHungUp' }).catch(() => {});
  }

  function close(): void {
    if (active.value) return hangUp();
    teardown();
    stage.value = 'closed';
  }

  /** Frames of the officer's video decoded so far (for a "picture arriving" check). */
  const framesDecoded = () => link?.framesDecoded() ?? Promise.resolve(0);

  return { stage, urgent, call, ended, localStream, remoteStream, elapsedSeconds, active, openPanel, place, hangUp, close, framesDecoded };
});
