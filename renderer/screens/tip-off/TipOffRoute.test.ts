/* eslint-disable vue/one-component-per-file -- a tiny home stub beside the router host */
/**
 * The tip-off's screens against a fake core: what each sends (the core checks it again), the words
 * kept as a draft after a refusal, the read-back, the tracking number with and without a slip, and
 * the rate-limit ending with 110.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { RouterView, createMemoryHistory, createRouter } from 'vue-router';
import type { FlowProgress } from '../../../contract/flow';
import { tipOffContract, type TipOffViews } from '../../../contract/flows/tip-off';
import { installApi } from '../../api/current';
import { createTestI18n } from '../../flow/test-support';
import { createFakeApi } from '../../test/fake-api';
import TipOffRoute from './TipOffRoute.vue';

const testid = (id: string) => `[data-testid="${id}"]`;
let clock = Date.parse('2025-06-16T02:00:00.000Z');
const progress = (state: keyof TipOffViews, view: unknown, extra: Partial<FlowProgress> = {}): FlowProgress => ({
  flowId: 'flow-tip-off', service: 'tipOff', state, step: tipOffContract.stepOf(state), totalSteps: 5, status: 'waiting',
  view: view as Record<string, unknown>, at: new Date((clock += 1000)).toISOString(), ...extra,
});

async function mountTipOff(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const base = createFakeApi();
  const api = { ...base, call: (async (method: string, params: unknown) => (method === 'flow.start' ? (base.calls.push({ method: 'flow.start', params }), progress('notice', { maxTextLength: 200 })) : base.call(method as never, params as never))) as typeof base.call };
  installApi(api);
  const Home = defineComponent({ name: 'HomeStub', render: () => h('main', { 'data-testid': 'home' }, 'home') });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/home', name: 'home', component: Home }, { path: '/tip-off', name: 'tipOff', component: TipOffRoute }] });
  await router.push({ name: 'tipOff' });
  const Root = defineComponent({ name: 'TestRoot', render: () => h(RouterView) });
  const wrapper = mount(Root, { global: { plugins: [pinia, router, createTestI18n(locale)] }, attachTo: document.body });
  await flushPromises();
  const show = async (state: keyof TipOffViews, view: unknown, extra: Partial<FlowProgress> = {}) => {
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

describe('tip-off screens', () => {
  let m: Awaited<ReturnType<typeof mountTipOff>>;
  beforeEach(async () => {
    document.body.innerHTML = '';
    m = await mountTipOff();
  });

  it('the notice puts 110 first and sends the answer', async () => {
    expect(m.wrapper.find(testid('notice-emergency')).text()).toContain('110');
    expect(m.wrapper.text()).toContain('最多 200 个字');
    await m.click('notice-accept');
    expect(m.sent()).toEqual([{ flowId: 'flow-tip-off', event: 'accept', payload: {} }]);
  });

  it('a category is one tap; back goes back', async () => {
    await m.show('category', { categories: ['fraud', 'drugs', 'other'] });
    expect(m.wrapper.findAll('[data-testid^="category-"]').map((b) => b.attributes('data-testid'))).toEqual(['category-fraud', 'category-drugs', 'category-other', 'category-back']);
    await m.click('category-drugs');
    await m.click('category-back');
    expect(m.sent().map((s) => [s.event, s.payload])).toEqual([['categoryChosen', { category: 'drugs' }], ['back', {}]]);
  });

  it('the place is optional: skip, or the words typed (kept as the draft when coming back)', async () => {
    await m.show('place', { maxLength: 30 });
    expect(m.wrapper.find(testid('place-next')).attributes('disabled')).toBeDefined();
    await m.click('place-skip');
    // Back from the text to the place: what was given comes back to change.
    await m.show('text', { minLength: 5, maxLength: 200 });
    await m.show('place', { maxLength: 30, draft: '小区' });
    expect(m.wrapper.find(testid('pinyin-text')).text()).toBe('小区');
    await m.click('place-next');
    expect(m.sent().map((s) => [s.event, s.payload])).toEqual([['placeSkipped', {}], ['placeGiven', { place: '小区' }]]);
  });

  it('a refused text keeps the words and says why', async () => {
    await m.show('text', { minLength: 5, maxLength: 200, problem: 'tooShort', draft: '商场' });
    expect(m.wrapper.find(testid('text-problem')).text()).toBe('写得太少了，请至少写 5 个字。');
    expect(m.wrapper.find(testid('pinyin-count')).text()).toContain('2');
    await m.click('text-next');
    expect(m.sent().at(-1)).toEqual({ flowId: 'flow-tip-off', event: 'textGiven', payload: { text: '商场' } });
  });

  it('the read-back shows the words and who; edit or send', async () => {
    await m.show('confirm', { category: 'fraud', text: '商场电话诈骗', anonymous: false, maskedIdNumber: '110101********0033' });
    expect(m.wrapper.find(testid('confirm-place')).text()).toBe('未填写');
    expect(m.wrapper.find(testid('confirm-who')).text()).toBe('实名（身份证号码：110101********0033）');
    await m.click('confirm-edit');
    await m.click('confirm-submit');
    expect(m.sent().map((s) => s.event)).toEqual(['edit', 'submit']);
  });

  it('the tracking number, grouped; without a slip the resident is asked to note it', async () => {
    await m.show('done', { trackingNo: 'JB202506160001730518', anonymous: true, slipPrinted: false }, { status: 'done' });
    expect(m.wrapper.find(testid('done-tracking-no')).text()).toBe('JB 20250616 0001 730518');
    expect(m.wrapper.find(testid('done-no-slip')).text()).toContain('抄下');
    expect(m.wrapper.find(testid('done-slip')).exists()).toBe(false);
    await m.click('done-finish');
    await expect.poll(() => m.router.currentRoute.value.name).toBe('home');
  });

  it('over the rate limit: the ending names 110 and the counter, in English too', async () => {
    document.body.innerHTML = '';
    m = await mountTipOff('en');
    await m.show('notice', {}, { status: 'failed', error: { code: 'rateLimited', message: 'the kiosk rate limit is reached' } });
    const ended = m.wrapper.find(testid('tip-off-failed'));
    expect(ended.attributes('data-reason')).toBe('rateLimited');
    expect(ended.text()).toMatch(/cannot take more tip-offs[\s\S]*110/);
  });
});
