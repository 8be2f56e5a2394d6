/**
 * Runs one service flow: an XState machine behind the rules every flow keeps. Every event payload
 * is validated with the service contract's schema before it reaches the actor; an event the current
 * state (or the step it is in) does not take is refused as a value; every snapshot is presented as
 * `FlowProgress` (a public state, a status and a masked view, checked against the contract); and
 * the flow's ending carries a reason of the contract. Nothing here throws at a caller.
 */
import { randomUUID } from 'node:crypto';
import { createActor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { FlowError, FlowProgress, FlowStatus } from '../../contract/flow';
import type { ServiceContract } from '../../contract/flows/kit';
import type { Logger } from '../log/logger';
import type { FlowEnding } from './deps';
import { residentTimers, WAITING_TAG } from './resident-timers';

/** What a screen shows for a snapshot: the public state and its masked view. */
export interface Presented {
  state: string;
  view: Record<string, unknown>;
  /** For a state that belongs to several steps (contract), the step it is in now. */
  step?: string;
}

export interface ServiceFlowSpec<TMachine extends AnyStateMachine> {
  contract: ServiceContract;
  machine: TMachine;
  /** The public state and view of a running snapshot (children's snapshots included). */
  present(snapshot: AnyMachineSnapshot): Presented;
  /** The view of an ending, from the final snapshot (money, and what the ended screen explains). */
  presentEnding(snapshot: AnyMachineSnapshot): Presented;
  /** Events the parent forwards to a child step (the child decides whether it takes them). */
  forwards?: Readonly<Record<string, string>>;
  /** Runs once after the actor stopped, however it stopped: settles what a crash left open. */
  afterEnd?(ending: FlowEnding, context: unknown): Promise<void> | void;
}

export type SendError = { code: 'flowEnded' | 'notAllowed' | 'invalidPayload'; message: string };
export type SendResult = { ok: true } | { ok: false; error: SendError };

export interface FlowOutcome {
  status: Extract<FlowStatus, 'done' | 'failed' | 'cancelled'>;
  state: string;
  error?: FlowError;
}

export interface RunningFlow {
  readonly flowId: string;
  /** Validates and applies an event. Refusals are values; nothing here throws. */
  send(event: { type: string; payload?: unknown }): SendResult;
  /** The last progress emitted. */
  progress(): FlowProgress;
  /** Resolves once the flow has ended and its effects have settled. */
  readonly done: Promise<FlowOutcome>;
  /**
   * Holds (true) the time-outs that wait for the resident while they talk to the duty officer, or
   * releases them (false) with their full time again; money's time-outs never stop (resident-timers.ts).
   */
  holdResidentTimers(on: boolean): void;
}

export interface RunOptions {
  flowId?: string;
  onProgress?: (progress: FlowProgress) => void;
  now?: () => Date;
  log?: Logger;
}

const isWaiting = (snapshot: AnyMachineSnapshot): boolean => {
  if (snapshot.hasTag(WAITING_TAG)) return true;
  return Object.values(snapshot.children as Record<string, AnyActorRef | undefined>).some((child) => {
    const childSnapshot = child?.getSnapshot() as AnyMachineSnapshot | undefined;
    return typeof childSnapshot?.hasTag === 'function' && childSnapshot.status === 'active' && childSnapshot.hasTag(WAITING_TAG);
  });
};

export function runServiceFlow<TMachine extends AnyStateMachine>(spec: ServiceFlowSpec<TMachine>, input: unknown, options: RunOptions = {}): RunningFlow {
  const flowId = options.flowId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const { contract } = spec;
  let last!: FlowProgress;
  let lastKey = '';
  let ended = false;
  let resolveDone!: (outcome: FlowOutcome) => void;
  const done = new Promise<FlowOutcome>((resolve) => (resolveDone = resolve));

  const publish = (status: FlowStatus, presented: Presented, error?: FlowError): void => {
    const ending = status === 'failed' || status === 'cancelled';
    const fits = ending ? contract.parseEnding(presented.view) !== undefined : contract.parseView(presented.state, presented.view) !== undefined;
    if (!fits) options.log?.error('view-breaks-contract', { service: contract.service, state: presented.state, status });
    const key = JSON.stringify([presented.state, presented.step, status, error, presented.view]);
    if (key === lastKey) return;
    lastKey = key;
    last = {
      flowId,
      service: contract.service,
      state: presented.state,
      step: status === 'done' ? contract.totalSteps : contract.State.safeParse(presented.state).success ? contract.stepOf(presented.state as never, presented.step) : 1,
      totalSteps: contract.totalSteps,
      status,
      ...(error ? { error } : {}),
      view: presented.view,
      at: now().toISOString(),
    };
    try {
      options.onProgress?.(last);
    } catch {
      // a listener's failure is the listener's problem
    }
  };

  const finish = async (ending: FlowEnding, presented: Presented): Promise<void> => {
    if (ended) return;
    ended = true;
    const error = ending.status === 'done' ? undefined : { code: ending.code ?? 'internalError', message: (ending.message ?? '').slice(0, 500) };
    publish(ending.status, presented, error);
    try {
      await spec.afterEnd?.(ending, (actor.getSnapshot() as AnyMachineSnapshot).context);
    } catch (failure) {
      options.log?.error('flow-after-end-failed', { service: contract.service, error: failure instanceof Error ? failure.message : String(failure) });
    }
    resolveDone({ status: ending.status, state: presented.state, ...(error ? { error } : {}) });
  };

  // Steps run as child actors whose snapshots change without the parent's: any snapshot in the
  // flow's actor system re-presents the flow (once per microtask, after the transition settled).
  let queued = false;
  const represent = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      onSnapshot(actor.getSnapshot() as AnyMachineSnapshot);
    });
  };
  const actor = createActor(spec.machine as AnyStateMachine, {
    input,
    inspect: (inspection) => {
      if (inspection.type !== '@xstate.snapshot') return;
      // XState schedules a state's delays before it publishes the snapshot: held now, before any can
      // run. (Snapshots come only once the actor starts, below, after `timers` exists.)
      timers.sweep();
      if (inspection.actorRef !== actor) represent();
    },
  });
  const timers = residentTimers(actor);
  function onSnapshot(snapshot: AnyMachineSnapshot): void {
    timers.sweep();
    if (ended) return;
    if (snapshot.status === 'done') {
      void finish(snapshot.output as FlowEnding, spec.presentEnding(snapshot));
      return;
    }
    if (snapshot.status !== 'active') return;
    try {
      publish(isWaiting(snapshot) ? 'waiting' : 'running', spec.present(snapshot));
    } catch (failure) {
      options.log?.error('flow-present-failed', { service: contract.service, error: failure instanceof Error ? failure.message : String(failure) });
    }
  }
  actor.subscribe({
    next: onSnapshot,
    error: (failure) => {
      options.log?.error('flow-machine-failed', { service: contract.service, error: failure instanceof Error ? failure.message : String(failure) });
      void finish({ status: 'failed', code: 'internalError', message: failure instanceof Error ? failure.message : String(failure) }, { state: last?.state ?? 'notice', view: {} });
    },
  });
  actor.start();
  onSnapshot(actor.getSnapshot());

  const send = (event: { type: string; payload?: unknown }): SendResult => {
    if (ended) return { ok: false, error: { code: 'flowEnded', message: `flow ${flowId} has ended` } };
    if (event.type === 'cancel') {
      actor.send({ type: 'cancel' } as never);
      return { ok: true };
    }
    const schema = Object.hasOwn(contract.events, event.type) ? contract.events[event.type] : undefined;
    if (!schema) return { ok: false, error: { code: 'notAllowed', message: `event ${event.type} is not part of this service` } };
    const parsed = schema.safeParse(event.payload);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalidPayload', message: `${event.type}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`).join('; ')}` } };
    }
    const machineEvent = { ...(parsed.data as Record<string, unknown>), type: event.type };
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    const child = spec.forwards?.[event.type];
    const taker = child ? ((snapshot.children as Record<string, AnyActorRef | undefined>)[child]?.getSnapshot() as AnyMachineSnapshot | undefined) : snapshot;
    if (!taker || taker.status !== 'active' || !snapshot.can(machineEvent as never) || (child && !taker.can(machineEvent as never))) {
      return { ok: false, error: { code: 'notAllowed', message: `event ${event.type} is not accepted in state ${last.state}` } };
    }
    actor.send(machineEvent as never);
    return { ok: true };
  };

  const holdResidentTimers = (on: boolean): void => {
    if (ended || on === timers.holding) return;
    timers.hold(on);
    options.log?.info(on ? 'flow-timers-held' : 'flow-timers-released', { service: contract.service, state: last?.state });
  };

  return { flowId, send, progress: () => last, done, holdResidentTimers };
}
