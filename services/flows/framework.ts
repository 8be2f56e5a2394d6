/**
 * A small typed state-machine framework for service flows (identity → questions → payment →
 * printing …). Each state has an optional async `enter` effect, the events it accepts and a
 * timeout. Every state implicitly accepts `cancel` and `timeout`, and an effect that throws takes
 * the flow to `failed` (`error`): there is no state a resident can get stuck in. Progress is
 * pushed in the shape of `FlowProgress` (contract/flow.ts), which the UI renders as is.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { FlowError, FlowProgress, FlowStatus, ServiceId } from '../../contract/flow';

/** Payload schema of every event a flow understands, by event name. */
export type EventSchemas = Record<string, z.ZodType>;

/** Where a state goes next: another state, the happy end, or a failure with a stable code. */
export type Next<S extends string> =
  | { kind: 'goto'; state: S }
  | { kind: 'done' }
  | { kind: 'fail'; error: FlowError };

export const goto = <S extends string>(state: S): Next<S> => ({ kind: 'goto', state });
export const finish = (): Next<never> => ({ kind: 'done' });
export const failWith = (code: string, message: string): Next<never> => ({ kind: 'fail', error: { code, message } });

/** What an `enter` effect gets besides the context: cancellation, and a way to push fresh view data. */
export interface EffectIo {
  /** Fires when the flow is cancelled, times out or leaves the state; effects must stop promptly. */
  signal: AbortSignal;
  /** Re-emits the current progress (with a freshly computed view), e.g. once a QR code is ready. */
  update(): void;
}

export interface StateDefinition<Ctx, S extends string, E extends EventSchemas> {
  /** 1-based position among the visible steps (0 = not shown in the step indicator). */
  step: number;
  /** Every state must say how long it may last: a peer (or a resident) may go silent anywhere. */
  timeoutMs: number;
  /** Async effect on entry. Returning a Next moves on; returning nothing waits for events. */
  enter?: (context: Ctx, io: EffectIo) => Promise<Next<S> | void>;
  /** Events accepted in this state. Returning nothing stays in the state (and re-emits progress). */
  on?: { [K in keyof E]?: (payload: z.infer<E[K]>, context: Ctx) => Next<S> | void };
  /** Where a timeout goes instead of the implicit terminal `failed`/`timeout`. */
  onTimeout?: Next<S>;
  /** Masked view data for the screen (no raw ID numbers, no photos). */
  view?: (context: Ctx) => Record<string, unknown>;
}

export interface FlowOutcome {
  status: Extract<FlowStatus, 'done' | 'failed' | 'cancelled'>;
  /** The state the flow was in when it ended. */
  state: string;
  error?: FlowError;
}

export interface FlowDefinition<Ctx, S extends string, E extends EventSchemas> {
  service: ServiceId;
  initial: NoInfer<S>;
  totalSteps: number;
  events: E;
  states: Record<S, StateDefinition<Ctx, NoInfer<S>, NoInfer<E>>>;
  /** Runs once after the flow ended and its effects settled: compensation (refund …) lives here. */
  onEnd?: (outcome: FlowOutcome, context: Ctx) => Promise<void> | void;
}

/** Curried so the context type is given once and state/event names are inferred from the object. */
export const defineFlow =
  <Ctx>() =>
  <S extends string, E extends EventSchemas>(definition: FlowDefinition<Ctx, S, E>): FlowDefinition<Ctx, S, E> =>
    definition;

export type FlowEvent<E extends EventSchemas> =
  | { [K in keyof E & string]: { type: K; payload: z.infer<E[K]> } }[keyof E & string]
  | { type: 'cancel' | 'timeout'; payload?: undefined };

export type SendError =
  | { code: 'flowEnded'; message: string }
  | { code: 'notAllowed'; message: string }
  | { code: 'invalidPayload'; message: string };

export type SendResult = { ok: true } | { ok: false; error: SendError };

export interface RunningFlow<E extends EventSchemas> {
  readonly flowId: string;
  /** Validates and applies an event. Refusals are values; nothing here throws. */
  send(event: FlowEvent<E> | { type: string; payload?: unknown }): SendResult;
  /** The last progress emitted. */
  progress(): FlowProgress;
  /** Resolves once the flow has ended and its effects (and onEnd) have settled. */
  readonly done: Promise<FlowOutcome>;
}

export interface StartOptions {
  flowId?: string;
  onProgress?: (progress: FlowProgress) => void;
  /** How long an aborted effect may take to wind down (e.g. cancel an order and re-check it). */
  settleGraceMs?: number;
  now?: () => Date;
}

/** Starts a flow in its initial state. */
export function startFlow<Ctx, S extends string, E extends EventSchemas>(
  definition: FlowDefinition<Ctx, S, E>,
  context: Ctx,
  options: StartOptions = {},
): RunningFlow<E> {
  const flowId = options.flowId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const graceMs = options.settleGraceMs ?? 15_000;
  let current: S = definition.initial;
  let entry = 0;
  let ending = false;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let effect: Promise<unknown> | undefined;
  let last: FlowProgress;
  let resolveDone!: (outcome: FlowOutcome) => void;
  const done = new Promise<FlowOutcome>((resolve) => (resolveDone = resolve));

  const emit = (status: FlowStatus, error?: FlowError): void => {
    const state = definition.states[current];
    let view: Record<string, unknown> | undefined;
    try {
      view = state.view?.(context);
    } catch {
      view = undefined; // a broken view function must not break the flow
    }
    last = {
      flowId,
      service: definition.service,
      state: current,
      step: status === 'done' ? definition.totalSteps : state.step,
      totalSteps: definition.totalSteps,
      status,
      ...(error ? { error } : {}),
      ...(view ? { view } : {}),
      at: now().toISOString(),
    };
    try {
      options.onProgress?.(last);
    } catch {
      // a listener's failure is the listener's problem
    }
  };

  const leaveState = (reason: string): void => {
    clearTimeout(timer);
    timer = undefined;
    controller?.abort(new Error(reason));
    controller = undefined;
  };

  const apply = (next: Next<S>): void => {
    switch (next.kind) {
      case 'goto':
        if (!(next.state in definition.states)) {
          void end('failed', { code: 'internalError', message: `unknown state ${next.state}` });
          return;
        }
        enter(next.state);
        return;
      case 'done':
        void end('done');
        return;
      case 'fail':
        void end('failed', next.error);
        return;
    }
  };

  const enter = (name: S): void => {
    leaveState(`left ${current}`);
    current = name;
    const myEntry = ++entry;
    const state = definition.states[name];
    controller = new AbortController();
    timer = setTimeout(() => {
      if (myEntry !== entry || ending) return;
      if (state.onTimeout) apply(state.onTimeout);
      else void end('failed', { code: 'timeout', message: `state ${name} timed out after ${state.timeoutMs} ms` });
    }, state.timeoutMs);
    if (!state.enter) {
      emit('waiting');
      return;
    }
    emit('running');
    const io: EffectIo = {
      signal: controller.signal,
      update: () => {
        if (myEntry === entry && !ending) emit(last.status);
      },
    };
    // Called synchronously so the effect is listening on its signal before any event can abort it.
    let started: Promise<Next<S> | void>;
    try {
      started = state.enter(context, io);
    } catch (error) {
      started = Promise.reject(error);
    }
    const running = started.then(
        (next) => {
          if (myEntry !== entry || ending) return;
          if (next) apply(next);
          else emit('waiting');
        },
        (error: unknown) => {
          if (myEntry !== entry || ending) return;
          void end('failed', { code: 'internalError', message: error instanceof Error ? error.message : String(error) });
        },
      );
    effect = running;
    void running.finally(() => {
      if (effect === running) effect = undefined;
    });
  };

  const end = async (status: FlowOutcome['status'], error?: FlowError): Promise<void> => {
    if (ending) return;
    ending = true;
    const pending = effect;
    leaveState(status === 'done' ? 'flow done' : `flow ${status}${error ? `: ${error.code}` : ''}`);
    if (pending) {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([pending, new Promise<void>((resolve) => (grace = setTimeout(resolve, graceMs)))]);
      clearTimeout(grace);
    }
    emit(status, error);
    const outcome: FlowOutcome = { status, state: current, ...(error ? { error } : {}) };
    try {
      await definition.onEnd?.(outcome, context);
    } catch {
      // compensation failures are the definition's to record (journal, staff ticket); never thrown from here
    }
    resolveDone(outcome);
  };

  const send = (event: { type: string; payload?: unknown }): SendResult => {
    if (ending) return { ok: false, error: { code: 'flowEnded', message: `flow ${flowId} has ended` } };
    if (event.type === 'cancel') {
      void end('cancelled', { code: 'cancelled', message: `cancelled in state ${current}` });
      return { ok: true };
    }
    if (event.type === 'timeout') {
      const state = definition.states[current];
      if (state.onTimeout) apply(state.onTimeout);
      else void end('failed', { code: 'timeout', message: `timed out in state ${current}` });
      return { ok: true };
    }
    const handlers = definition.states[current].on as Record<string, ((payload: unknown, ctx: Ctx) => Next<S> | void) | undefined> | undefined;
    const handler = Object.hasOwn(handlers ?? {}, event.type) ? handlers?.[event.type] : undefined;
    if (!handler) {
      return { ok: false, error: { code: 'notAllowed', message: `event ${event.type} is not accepted in state ${current}` } };
    }
    const schema = Object.hasOwn(definition.events, event.type) ? definition.events[event.type] : undefined;
    if (!schema) return { ok: false, error: { code: 'notAllowed', message: `event ${event.type} has no payload schema` } };
    const parsed = schema.safeParse(event.payload);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalidPayload', message: `${event.type}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`).join('; ')}` } };
    }
    try {
      const next = handler(parsed.data, context);
      if (next) apply(next);
      else emit(last.status);
    } catch (error) {
      void end('failed', { code: 'internalError', message: error instanceof Error ? error.message : String(error) });
    }
    return { ok: true };
  };

  enter(definition.initial);

  return {
    flowId,
    send,
    progress: () => last,
    done,
  };
}
