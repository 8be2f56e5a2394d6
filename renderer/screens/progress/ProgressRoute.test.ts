/* eslint-disable vue/one-component-per-file -- a tiny home stub beside the router host */
/**
 * The progress query's screens against a fake core: what each sends (the core checks it again), the
 * number entry's prefixes and lengths, the results (states, next steps, nothing found), finishing,
 * and the cleared screen.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { RouterView, createMemoryHistory, createRouter } from 'vue-router';
import type { FlowProgress } from '../../../contract/flow';
import { progressContract, type ProgressViews } from '../../../contract/flows/progress';
import { installApi } from '../../api/current';
import { createTestI18n } from '../../flow/test-support';
import { createFakeApi } from '../../test/fake-api';
import ProgressRoute from './ProgressRoute.vue';

const testid = (id: string) => `[data-testid="${id}"]`;
let clock = Date.parse('2025-06-16T02:00:00.000Z');
const progress = (state: keyof ProgressViews, view: unknown, extra: Partial<FlowProgress> = {}): FlowProgress => ({
  flowId: 'flow-progress', service: 'progress', state, step: progressContract.stepOf(state), totalSteps: 4, status: 'waiting',
  view: view as Record<string, unknown>, at: new Date((clock += 1000)).toISOString(), ...extra,
});

async function mountProgress(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const base = createFakeApi();
  const api = { ...base, call: (async (method: string, params: unknown) => (method === 'flow.start' ? (base.calls.push({ method: 'flow.start', params }), progress('choose', {})) : base.call(method as never, params as never))) as typeof base.call };
  installApi(api);
  const Home = defineComponent({ name: 'HomeStub', render: () => h('main', { 'data-testid': 'home' }, 'home') });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/home', name: 'home', component: Home }, { path: '/progress', name: 'progress', component: ProgressRoute }] });
  await router.push({ name: 'progress' });
  const Root = defineComponent({ name: 'TestRoot', render: () => h(RouterView) });
  const wrapper = mount(Root, { global: { plugins: [pinia, router, createTestI18n(locale)] }, attachTo: document.body });
  await flushPromises();
  const show = async (state: keyof ProgressViews, view: unknown, extra: Partial<FlowProgress> = {}) => {
    base.emit('flow.progress', progress(state, view, extra));
    await flushPromises();
  };
  const sent = () => base.calls.filter((c) => c.method === 'flow.send').map((c) => c.params as { event: string; payload: unknown });
  const click = async (id: string) => {
    await wrapper.find(testid(id)).trigger('click');
    await flushPromises();
  };
  return { wrapper, router, show, sent, click };
}

const results: ProgressViews['results'] = {
  maskedIdNumber: '110101********004X',
  applications: [
    { applicationNo: 'SQ2025052000002', kind: 'idCard', status: 'readyForCollection', submittedOn: '2025-05-20', updatedOn: '2025-06-10', pickUpPlace: '东华门派出所户籍窗口（东华门大街18号）' },
    { applicationNo: '1101012025000123', kind: 'trafficDecision', status: 'awaitingPayment', submittedOn: '2025-06-01', updatedOn: '2025-06-01', dueDate: '2025-06-16', amountFen: 20600, note: '号牌 京E10000' },
    { applicationNo: 'JB202506100001730518', kind: 'tipOff', status: 'reviewing', category: 'gambling', submittedOn: '2025-06-10', updatedOn: '2025-06-11' },
  ],
};

describe('progress query screens', () => {
  let m: Awaited<ReturnType<typeof mountProgress>>;
  beforeEach(async () => {
    document.body.innerHTML = '';
    m = await mountProgress();
  });

  it('the choice sends which way', async () => {
    expect(m.wrapper.find(testid('progress-choose')).exists()).toBe(true);
    await m.click('progress-by-number');
    expect(m.sent()).toEqual([{ flowId: 'flow-progress', event: 'byNumber', payload: {} }]);
  });

  it('the number: its kind first, digits only up to the length of that kind, confirm only when complete, a refusal said', async () => {
    await m.show('number', { prefixes: ['SQ', 'JB'], attempts: 0 });
    await m.click('number-prefix-JB');
    for (const digit of '20250610000173051') await m.click(`key-${digit}`);
    expect(m.wrapper.find(testid('number-confirm')).attributes('disabled')).toBeDefined();
    await m.click('key-8');
    await m.click('key-9'); // the 19th digit is not taken
    expect(m.wrapper.find(testid('number-typed')).text()).toBe('JB 20250610 0001 730518');
    await m.click('number-confirm');
    expect(m.sent().at(-1)).toEqual({ flowId: 'flow-progress', event: 'numberEntered', payload: { applicationNo: 'JB202506100001730518' } });
    // SQ takes 8 to 20 digits: switching keeps what fits.
    await m.click('number-prefix-SQ');
    expect(m.wrapper.find(testid('number-confirm')).attributes('disabled')).toBeUndefined();
    await m.show('number', { prefixes: ['SQ', 'JB'], attempts: 1, problem: 'badFormat' });
    expect(m.wrapper.find(testid('number-problem')).text()).toContain('编号不对');
    await m.click('number-back');
    expect(m.sent().at(-1)?.event).toBe('back');
  });

  it('the results: each application with its state, its next step, the pick-up place and the amount; masked only', async () => {
    await m.show('results', results);
    const entries = m.wrapper.findAll(testid('results-entry'));
    expect(entries.map((e) => e.attributes('data-status'))).toEqual(['readyForCollection', 'awaitingPayment', 'reviewing']);
    expect(entries[0]!.text()).toMatch(/居民身份证[\s\S]*待领取[\s\S]*东华门大街18号[\s\S]*请带上受理回执/);
    expect(entries[1]!.text()).toMatch(/待缴款[\s\S]*2025-06-16[\s\S]*¥206[\s\S]*缴款期限/);
    expect(entries[2]!.text()).toMatch(/举报[\s\S]*审核中[\s\S]*涉赌/);
    expect(m.wrapper.find(testid('results-masked')).text()).toContain('110101********004X');
    await m.click('results-again');
    expect(m.sent().at(-1)?.event).toBe('again');
  });

  it('nothing found by a number says so and what to check', async () => {
    await m.show('results', { applicationNo: 'SQ2025060100009', applications: [] });
    expect(m.wrapper.find(testid('results-empty')).text()).toMatch(/没有查到[\s\S]*核对编号/);
  });

  it('finish tells the core and goes home; the cleared screen offers home', async () => {
    await m.show('results', results);
    await m.click('results-finish');
    expect(m.sent().at(-1)?.event).toBe('finish');
    await expect.poll(() => m.router.currentRoute.value.name).toBe('home');
    document.body.innerHTML = '';
    m = await mountProgress('en');
    await m.show('done', {}, { status: 'done' });
    expect(m.wrapper.find(testid('done-heading')).text()).toBe('The results have been cleared');
    await m.click('done-finish');
    await expect.poll(() => m.router.currentRoute.value.name).toBe('home');
  });
});
