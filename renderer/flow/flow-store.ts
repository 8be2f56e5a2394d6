/**
 * The running service flow as the UI sees it (one resident runs one flow at a time): which flow,
 * the latest progress the core pushed, checked against the service's contract, and the digits being
 * typed on the keypad. The core owns the state machine; this store starts it, forwards the
 * resident's actions and keeps the last progress.
 *
 * Personal data here (typed digits, confirm views with a name and an address, masked numbers) is
 * wiped through the session store; face images pass through `send` and are never kept.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { FlowProgress, ServiceId } from '../../contract/flow';
import type { MoneyView } from '../../contract/flows/common';
import type { ServiceContract } from '../../contract/flows/kit';
import { serviceContracts } from '../../contract/flows/registry';
import { useApi } from '../api/current';
import { useKioskStore } from '../stores/kiosk';
import { useSessionStore } from '../stores/session';

/** What a `send` came to: accepted, refused by the flow, or the core could not be reached. */
export type FlowSendOutcome =
  | { accepted: true }
  | { accepted: false; reason: 'notAllowed' | 'invalidPayload' | 'flowEnded' | 'unknownFlow' | 'unavailable' | 'notStarted' };

/** The current screen, derived from the latest progress and checked against the flow's contract. */
export type FlowScreen =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'startFailed' }
  | { kind: 'invalidView'; state: string }
  | { kind: 'ended'; status: 'failed' | 'cancelled'; reason: string; state: string; view: Record<string, unknown> & { money?: MoneyView } }
  | { kind: 'state'; state: string; view: Record<string, unknown> & { money?: MoneyView }; status: FlowProgress['status'] };

const TERMINAL = new Set<FlowProgress['status']>(['done', 'failed', 'cancelled']);

export const useFlowStore = defineStore('flow', () => {
  const service = ref<ServiceId | null>(null);
  const flowId = ref<string | null>(null);
  // shallowRef: progress objects are replaced whole, never mutated.
  const progress = shallowRef<FlowProgress | null>(null);
  /** When the latest progress arrived (local clock), for countdowns from `secondsLeft`. */
  const receivedAt = ref(0);
  const typedIdNumber = ref('');
  const phase = ref<'idle' | 'starting' | 'startFailed' | 'running'>('idle');
  const sending = ref(false);
  const lastRefusal = ref<Exclude<FlowSendOutcome, { accepted: true }>['reason'] | null>(null);
  let unsubscribe: (() => void) | undefined;
  let generation = 0;

  const contract = computed<ServiceContract | undefined>(() => (service.value ? serviceContracts[service.value] : undefined));

  function accept(next: FlowProgress): void {
    if (next.service !== service.value || next.flowId !== flowId.value) return;
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
   * Starts the service's flow in the resident's session (starting one if needed) and follows its
   * progress. Returns false when the core refused or could not be reached; the screen then says so.
   */
  async function start(id: ServiceId): Promise<boolean> {
    wipe();
    service.value = id;
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
      const kiosk = useKioskStore();
      const sessionId = session.sessionId ?? (await session.start(kiosk.locale, { elderly: kiosk.elderly }));
      const first = await api.call('flow.start', { sessionId, service: id });
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

  /** Sends one of the flow's events; the core validates the payload against the contract. */
  async function send(event: string, payload: Record<string, unknown> = {}): Promise<FlowSendOutcome> {
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

  const screen = computed<FlowScreen>(() => {
    if (phase.value === 'idle') return { kind: 'idle' };
    if (phase.value === 'starting') return { kind: 'starting' };
    if (phase.value === 'startFailed') return { kind: 'startFailed' };
    const current = progress.value;
    const rules = contract.value;
    if (!current || !rules) return { kind: 'starting' };
    if (current.status === 'failed' || current.status === 'cancelled') {
      const reason = rules.Reason.safeParse(current.error?.code);
      // A damaged view must not hide the ending; keep whatever money information parses.
      const view = rules.parseEnding(current.view) ?? (rules.moneyOf(current.view) ? { money: rules.moneyOf(current.view)! } : {});
      return {
        kind: 'ended',
        status: current.status,
        reason: reason.success ? reason.data : current.status === 'cancelled' ? 'cancelled' : 'internalError',
        state: current.state,
        view,
      };
    }
    const parsed = rules.parseView(current.state, current.view);
    if (!parsed) return { kind: 'invalidView', state: current.state };
    return { kind: 'state', state: parsed.state, view: parsed.view, status: current.status };
  });

  useSessionStore().registerPersonalData('flow', wipe);

  return { service, flowId, progress, receivedAt, typedIdNumber, phase, sending, lastRefusal, contract, screen, start, send, cancel, wipe };
});
