/**
 * One declaration per service contract, from which everything else is derived: the step list of the
 * indicator, each visible state's step number, the view parser, the events the UI may send and the
 * full list of reasons (the common ones plus the service's own). Pure zod.
 */
import { z } from 'zod';
import type { ServiceId } from '../flow';
import { BaseView, COMMON_REASONS, MoneyView, type MoneyView as Money } from './common';

export interface ServiceContractDeclaration<S extends string, K extends string, E extends Record<string, z.ZodType>, R extends string> {
  service: ServiceId;
  /** The step indicator's steps, in order (their labels are UI texts keyed by these names). */
  steps: readonly K[];
  /**
   * Each visible state: the step it belongs to and the schema of its view. A state the flow visits
   * in more than one place (e.g. identity at the look-up, or later before handling) lists each step;
   * the first is its default, and the flow's presenter says which one applies.
   */
  states: { readonly [Name in S]: { readonly step: NoInfer<K> | readonly NoInfer<K>[]; readonly view: z.ZodType } };
  /** Payload schema of every event the UI may send (`cancel` is flow.cancel). */
  events: E;
  /** The service's own reasons, besides the common ones. */
  reasons: readonly R[];
  /**
   * The view of an ending (status failed/cancelled), whatever state it ended in: what happens to
   * the money, plus anything the service's ended screen explains (default: the money only).
   */
  ending?: z.ZodType;
}

export interface ServiceContract<S extends string = string, K extends string = string, E extends Record<string, z.ZodType> = Record<string, z.ZodType>, R extends string = string> {
  readonly service: ServiceId;
  readonly steps: readonly K[];
  readonly totalSteps: number;
  readonly State: z.ZodEnum<{ [N in S]: N }>;
  readonly states: ServiceContractDeclaration<S, K, E, R>['states'];
  readonly events: E;
  readonly Reason: z.ZodEnum<{ [N in R | (typeof COMMON_REASONS)[number]]: N }>;
  /** 1-based position of a state among the steps (of `step` when the state belongs to it, else its first step). */
  stepOf(state: S, step?: string): number;
  /** Parses a progress `view` for its state; undefined when the state or the view does not fit. */
  parseView(state: string, view: unknown): { state: S; view: Record<string, unknown> } | undefined;
  /** Parses the view of an ending; undefined when it does not fit. */
  parseEnding(view: unknown): (Record<string, unknown> & { money?: Money }) | undefined;
  /** The `money` part of a view that otherwise failed to parse (an ending must still explain money). */
  moneyOf(view: unknown): Money | undefined;
}

export function defineServiceContract<S extends string, K extends string, E extends Record<string, z.ZodType>, R extends string>(
  declaration: ServiceContractDeclaration<S, K, E, R>,
): ServiceContract<S, K, E, R> {
  const names = Object.keys(declaration.states) as [S, ...S[]];
  const State = z.enum(names) as unknown as z.ZodEnum<{ [N in S]: N }>;
  const reasons = [...COMMON_REASONS, ...declaration.reasons.filter((r) => !(COMMON_REASONS as readonly string[]).includes(r))];
  const Reason = z.enum(reasons as [string, ...string[]]) as unknown as ServiceContract<S, K, E, R>['Reason'];
  return {
    service: declaration.service,
    steps: declaration.steps,
    totalSteps: declaration.steps.length,
    State,
    states: declaration.states,
    events: declaration.events,
    Reason,
    stepOf: (state, step) => {
      const declared = declaration.states[state].step;
      const steps: readonly K[] = typeof declared === 'string' ? [declared as K] : (declared as readonly K[]);
      const chosen = step !== undefined && (steps as readonly string[]).includes(step) ? (step as K) : steps[0]!;
      return declaration.steps.indexOf(chosen) + 1;
    },
    parseView(state, view) {
      const name = State.safeParse(state);
      if (!name.success) return undefined;
      const parsed = declaration.states[name.data].view.safeParse(view ?? {});
      return parsed.success ? { state: name.data, view: parsed.data as Record<string, unknown> } : undefined;
    },
    parseEnding(view) {
      const parsed = (declaration.ending ?? BaseView).safeParse(view ?? {});
      return parsed.success ? (parsed.data as Record<string, unknown> & { money?: Money }) : undefined;
    },
    moneyOf(view) {
      if (typeof view !== 'object' || view === null) return undefined;
      const money = MoneyView.safeParse((view as { money?: unknown }).money);
      return money.success ? money.data : undefined;
    },
  };
}
