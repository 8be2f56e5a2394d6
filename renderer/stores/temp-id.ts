/**
 * The temporary resident ID card flow as the UI sees it: which flow runs, the latest progress the
 * core pushed, and the digits being typed on the keypad. The core owns the state machine; this
 * store only starts it, forwards the resident's actions and keeps the last progress.
 *
 * Personal data here (typed digits, the confirm view's name and address, masked numbers) is wiped
 * through the session store; face images pass through `send` and are never kept.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { FlowProgress } from '../../contract/flow';
import {
  MoneyView,
  TempIdReason,
  TempIdState,
  parseTempIdView,
  type TempIdEventName,
  type TempIdEventPayload,
  type TempIdViews,
} from '../../contract/flows/temp-id-card';
import { useApi } from '../api/current';
import { useKioskStore } from './kiosk';
import { useSessionStore } from './session';

/** What a `send` came to: accepted, refused by the flow, or the core could not be reached. */
export type TempIdSendOutcome =
  | { accepted: true }
  | { accepted: false; reason: 'notAllowed' | 'invalidPayload' | 'flowEnded' | 'unknownFlow' | 'unavailable' | 'notStarted' };

/** The current screen, derived from the latest progress and checked against the flow's contract. */
export type TempIdScreen =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'startFailed' }
  | { kind: 'invalidView'; state: string }
  | { kind: 'ended'; status: 'failed' | 'cancelled'; reason: TempIdReason; view: Partial<TempIdViews[TempIdState]> }
  | { [S in TempIdState]: { kind: 'state'; state: S; view: TempIdViews[S]; status: FlowProgress['status'] } }[TempIdState];

const TERMINAL = new Set<FlowProgress['status']>(['done', 'failed', 'cancelled']);

export const useTempIdStore = defineStore('tempId', () => {
  const flowId = ref<string | null>(null);
  // shallowRef: progress objects are replaced whole, never mutated.
  const progress = shallowRef<FlowProgress | null>(null);
  /** When the latest progress arrived (local clock), for countdowns from `secondsLeft`. */
  const receivedAt = ref(0);
  const typedIdNumber = ref('');
  const phase = ref<'idle' | 'starting' | 'startFailed' | 'running'>('idle');
  const sending = ref(false);
  const lastRefusal = ref<Exclude<TempIdSendOutcome, { accepted: true }>['reason'] | null>(null);
  let unsubscribe: (() => void) | undefined;
  let generation = 0;

  function accept(next: FlowProgress): void {
    if (next.service !== 'tempIdCard' || next.flowId !== flowId.value) return;
    const current = progress.value;
    // Never step back to an older progress (events and the start response may cross).
    if (current && next.at < current.at) return;
    if (current && TERMINAL.has(current.status) && !TERMINAL.has(next.status)) return;
    progress.value = next;
    receivedAt.value = Date.now();
    // The typed number is only needed while typing: gone as soon as the flow moves on.
    if (next.state !== 'identity') typedIdNumber.value = '';
  }

  /**
   * Starts the flow in the resident's session (starting one if needed) and follows its progress.
   * Returns false when the core refused or could not be reached; the screen then says so.
   */
  async function start(): Promise<boolean> {
    wipe();
    const myGeneration = generation;
    phase.value = 'starting';
    const api = useApi();
    const early: FlowProgress[] = [];
    unsubscribe = api.on('flow.progress', (next) => {
      if (flowId.value === null) early.push(next);
      else accept(next);
    });
    try {
      const session = useSessionStore();
      const sessionId = session.sessionId ?? (await session.start(useKioskStore().locale));
      const first = await api.call('flow.start', { sessionId, service: 'tempIdCard' });
      if (myGeneration !== generation) return false; // wiped while starting
      flowId.value = first.flowId;
      phase.value = 'running';
      accept(first);
      for (const next of early) accept(next);
      return true;
    } catch {
      if (myGeneration !== generation) return false;
      phase.value = 'startFailed';
      return false;
    } finally {
      early.length = 0;
    }
  }

  /** Sends one of the flow's events with its typed payload. Refusals come back as values. */
  async function send<E extends TempIdEventName>(event: E, payload: TempIdEventPayload<E>): Promise<TempIdSendOutcome> {
    const id = flowId.value;
    if (!id) return { accepted: false, reason: 'notStarted' };
    sending.value = true;
    lastRefusal.value = null;
    try {
      const result = await useApi().call('flow.send', { flowId: id, event, payload });
      if (!result.accepted) lastRefusal.value = result.reason;
      return result.accepted ? { accepted: true } : { accepted: false, reason: result.reason };
    } catch {
      lastRefusal.value = 'unavailable';
      return { accepted: false, reason: 'unavailable' };
    } finally {
      sending.value = false;
    }
  }

  /** Cancels the running flow; true when the core accepted it. Safe to repeat and to call with no flow. */
  async function cancel(): Promise<boolean> {
    const id = flowId.value;
    if (!id) return false;
    try {
      return (await useApi().call('flow.cancel', { flowId: id })).cancelled;
    } catch {
      return false; // the session end that follows cancels it core-side as well
    }
  }

  /** Forgets everything personal and stops listening. Registered with the session store. */
  function wipe(): void {
    generation += 1;
    unsubscribe?.();
    unsubscribe = undefined;
    flowId.value = null;
    progress.value = null;
    receivedAt.value = 0;
    typedIdNumber.value = '';
    phase.value = 'idle';
    sending.value = false;
    lastRefusal.value = null;
  }

  const screen = computed<TempIdScreen>(() => {
    if (phase.value === 'idle') return { kind: 'idle' };
    if (phase.value === 'starting') return { kind: 'starting' };
    if (phase.value === 'startFailed') return { kind: 'startFailed' };
    const current = progress.value;
    if (!current) return { kind: 'starting' };
    const state = TempIdState.safeParse(current.state);
    if (current.status === 'failed' || current.status === 'cancelled') {
      const reason = TempIdReason.safeParse(current.error?.code);
      const view = state.success ? parseTempIdView(state.data, current.view) : undefined;
      // A damaged view must not hide the ending; keep whatever money information parses.
      const fallback = parseMoneyOnly(current.view);
      return {
        kind: 'ended',
        status: current.status,
        reason: reason.success ? reason.data : current.status === 'cancelled' ? 'cancelled' : 'internalError',
        view: view ?? fallback,
      };
    }
    if (!state.success) return { kind: 'invalidView', state: current.state };
    const view = parseTempIdView(state.data, current.view);
    if (!view) return { kind: 'invalidView', state: state.data };
    return { kind: 'state', state: state.data, view, status: current.status } as TempIdScreen;
  });

  useSessionStore().registerPersonalData('tempId', wipe);

  return { flowId, progress, receivedAt, typedIdNumber, phase, sending, lastRefusal, screen, start, send, cancel, wipe };
});

/** The `money` part of a view that otherwise failed to parse (the ending must still explain money). */
function parseMoneyOnly(view: unknown): Partial<TempIdViews[TempIdState]> {
  if (typeof view !== 'object' || view === null) return {};
  const money = MoneyView.safeParse((view as { money?: unknown }).money);
  return money.success ? { money: money.data } : {};
}
