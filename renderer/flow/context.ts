/**
 * What a flow screen gets from the flow host it is shown in (provide/inject): the running flow,
 * its frame (step indicator, exit), the leave actions, and the service's texts — `ft(key)` takes
 * the service's own words (`<namespace>.<key>`) when it has them, the shared ones (`flow.<key>`)
 * otherwise. Shared screens never name a service.
 */
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFlowStore } from './flow-store';
import type { FrameProps } from './present';

export interface FlowScreenContext {
  /** The service's text namespace, e.g. `tempId`. */
  readonly namespace: string;
  /** The frame of the screen on display (its test id is `<prefix>-<state>`). */
  readonly frame: ComputedRef<FrameProps>;
  /** Cancel / leave, as the frame's exit button does. */
  exit(): void;
  /** Straight home (finished screens). */
  home(): Promise<void>;
}

export const FLOW_SCREEN: InjectionKey<FlowScreenContext> = Symbol('flow-screen');

export function useFlowScreen() {
  const context = inject(FLOW_SCREEN);
  if (!context) throw new Error('a flow screen must be shown inside FlowHost');
  const { t, te } = useI18n();
  const pick = (key: string) => (te(`${context.namespace}.${key}`) ? `${context.namespace}.${key}` : `flow.${key}`);
  return {
    ...context,
    store: useFlowStore(),
    t,
    /** The service's words for `key` if it has them, the shared words otherwise. */
    ft: (key: string, params: Record<string, unknown> = {}) => t(pick(key), params),
    /** The service's own words only (its states and screens). */
    st: (key: string, params: Record<string, unknown> = {}) => t(`${context.namespace}.${key}`, params),
  };
}
