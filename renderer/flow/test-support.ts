/* eslint-disable vue/one-component-per-file -- two tiny test stubs: a home page and the router host */
/**
 * Test support for flow screens (imported by *.test.ts only): the app's messages as the app merges
 * them, a fake core whose `flow.start` answers with a temporary-ID progress, sample views for every
 * state of that service, and a mount helper for a service route.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createI18n } from 'vue-i18n';
import { RouterView, createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent, h } from 'vue';
import type { FlowProgress } from '../../contract/flow';
import type { TempIdState, TempIdViews } from '../../contract/flows/temp-id-card';
import type { MethodName, ParamsOf, ResultOf } from '../../contract/api';
import { installApi } from '../api/current';
import { MESSAGES } from '../i18n';
import { createFakeApi } from '../test/fake-api';
import TempIdRoute from '../screens/temp-id/TempIdRoute.vue';

export function createTestI18n(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    missingWarn: false,
    fallbackWarn: false,
    messages: MESSAGES,
  });
}

export const sampleViews: TempIdViews = {
  notice: { feeFen: 1000, validityMonths: 3 },
  identity: { attempts: 0 },
  eligibility: { maskedIdNumber: '110105********002X' },
  face: { attempt: 1, maxAttempts: 3 },
  faceCheck: { attempt: 1, maxAttempts: 3 },
  confirm: {
    name: '王䶮', sex: 'female', ethnicity: '汉', birthDate: '1949-12-31', address: '北京市朝阳区幸福路1号',
    maskedIdNumber: '110105********002X', validFrom: '2025-01-01', validUntil: '2025-03-31', issuingAuthority: '北京市公安局朝阳分局', feeFen: 1000,
  },
  payment: { phase: 'waiting', amountFen: 1000, qrPayload: 'https://pay.example/order/T123', secondsLeft: 120 },
  printing: { phase: 'card' },
  done: { transactionNo: 'TX-20250101-0001', maskedIdNumber: '110105********002X', validUntil: '2025-03-31', receiptPending: false, money: { status: 'charged', amountFen: 1000 } },
};

export const STEP_OF: Record<TempIdState, number> = { notice: 1, identity: 2, eligibility: 3, face: 4, faceCheck: 4, confirm: 5, payment: 6, printing: 7, done: 8 };

let clock = Date.parse('2025-01-01T00:00:00.000Z');
/** A progress with strictly increasing `at`, as the core emits them. */
export function progressOf(state: string, view: unknown, extra: Partial<FlowProgress> = {}): FlowProgress {
  clock += 1000;
  return {
    flowId: 'flow-t1', service: 'tempIdCard', state, step: STEP_OF[state as TempIdState] ?? 1, totalSteps: 8,
    status: ['eligibility', 'faceCheck', 'printing', 'done'].includes(state) ? 'running' : 'waiting',
    view: view as Record<string, unknown>, at: new Date(clock).toISOString(), ...extra,
  };
}

/** The fake core with `flow.start` answering the notice state (and optionally a custom answer per method). */
export function createTempIdFakeApi(first: FlowProgress = progressOf('notice', sampleViews.notice)) {
  const base = createFakeApi();
  const overrides: Partial<{ [M in MethodName]: (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> }> = {
    'flow.start': () => first,
  };
  const api = {
    ...base,
    overrides,
    call: async <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
      const override = overrides[method] as ((p: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>) | undefined;
      if (!override) return base.call(method, params);
      base.calls.push({ method, params });
      return override(params);
    },
    /** Calls of one method, in order. */
    callsOf(method: MethodName) {
      return base.calls.filter((c) => c.method === method).map((c) => c.params);
    },
  };
  return api;
}
export type TempIdFakeApi = ReturnType<typeof createTempIdFakeApi>;

const HomeStub = defineComponent({ name: 'HomeStub', render: () => h('main', { 'data-testid': 'home' }, 'home') });

/** Mounts the flow route as the app would (pinia, i18n, router at /temp-id) against a fake core. */
export async function mountFlow(options: { api?: TempIdFakeApi; locale?: 'zh-CN' | 'en'; leaveWaitMs?: number } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const api = options.api ?? createTempIdFakeApi();
  installApi(api);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/home', name: 'home', component: HomeStub },
      { path: '/temp-id', name: 'tempIdCard', component: TempIdRoute, props: { leaveWaitMs: options.leaveWaitMs ?? 20_000 } },
    ],
  });
  await router.push({ name: 'tempIdCard' });
  const Root = defineComponent({ name: 'TestRoot', render: () => h(RouterView) });
  const wrapper = mount(Root, { global: { plugins: [pinia, router, createTestI18n(options.locale)] }, attachTo: document.body });
  return { wrapper, router, api, pinia };
}
