/* eslint-disable vue/one-component-per-file -- a tiny home stub beside the router host */
/**
 * The traffic screens against a fake core: what each sends (the core validates it again), what
 * the plate entry refuses as it is typed, the records' choices and refusals, the critical notice,
 * and the ending that says the decisions stand.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { RouterView, createMemoryHistory, createRouter } from 'vue-router';
import type { FlowProgress } from '../../../contract/flow';
import { trafficContract, type TrafficRecordView, type TrafficViews } from '../../../contract/flows/traffic';
import { installApi } from '../../api/current';
import { createTestI18n } from '../../flow/test-support';
import { createFakeApi } from '../../test/fake-api';
import TrafficRoute from './TrafficRoute.vue';

const testid = (id: string) => `[data-testid="${id}"]`;
let clock = Date.parse('2025-06-16T02:00:00.000Z');
const progress = (state: keyof TrafficViews, view: unknown, extra: Partial<FlowProgress> = {}): FlowProgress => ({
  flowId: 'flow-traffic', service: 'traffic', state, step: trafficContract.stepOf(state), totalSteps: 8, status: 'waiting',
  view: view as Record<string, unknown>, at: new Date((clock += 1000)).toISOString(), ...extra,
});
const notice: TrafficViews['notice'] = { routes: ['vehicle', 'licence', 'idCard'], vehicleCheck: 'vinLast6', limits: { maxFineFen: 20000, maxPoints: 6, localPlatePrefixes: ['京'], criticalPoints: 9 } };
const record = (over: Partial<TrafficRecordView> = {}): TrafficRecordView => ({
  violationNo: 'V1', plateNumber: '京E10000', plateType: '02', occurredAt: '2025-05-20T01:30:00.000Z', place: '东城区', behaviourCode: '1345',
  behaviourText: '机动车违反禁止标线指示的', points: 3, fineFen: 10000, lateFeeFen: 0, handled: false, paid: false, action: 'handle', ...over,
});

async function mountTraffic() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const base = createFakeApi();
  const api = { ...base, call: (async (method: string, params: unknown) => (method === 'flow.start' ? (base.calls.push({ method: 'flow.start', params }), progress('notice', notice)) : base.call(method as never, params as never))) as typeof base.call };
  installApi(api);
  const Home = defineComponent({ name: 'HomeStub', render: () => h('main', { 'data-testid': 'home' }, 'home') });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/home', name: 'home', component: Home }, { path: '/traffic', name: 'traffic', component: TrafficRoute }] });
  await router.push({ name: 'traffic' });
  const Root = defineComponent({ name: 'TestRoot', render: () => h(RouterView) });
  const wrapper = mount(Root, { global: { plugins: [pinia, router, createTestI18n()] }, attachTo: document.body });
  await flushPromises();
  const show = async (state: keyof TrafficViews, view: unknown, extra: Partial<FlowProgress> = {}) => {
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

describe('traffic screens', () => {
  let m: Awaited<ReturnType<typeof mountTraffic>>;
  beforeEach(async () => {
    document.body.innerHTML = '';
    m = await mountTraffic();
  });
  afterEach(() => m.wrapper.unmount());

  it('the notice says the limits and offers the look-ups', async () => {
    expect(m.wrapper.find(testid('notice-limits')).text()).toBe('每条罚款不超过 200 元、记分不超过 6 分');
    await m.click('route-licence');
    expect(m.sent()).toEqual([{ flowId: 'flow-traffic', event: 'chooseRoute', payload: { route: 'licence' } }]);
  });

  it('the plate: province first, I and O refused as typed, suffixes only after 4 characters, then the types it can have', async () => {
    await m.show('vehicleEntry', { vehicleCheck: 'vinLast4', attempts: 0, maxAttempts: 3 });
    await m.click('province-京');
    await m.click('plate-A');
    await m.click('plate-O');
    expect(m.wrapper.find(testid('plate-problem')).attributes('data-problem')).toBe('letterIO');
    expect(m.wrapper.find(testid('plate-boxes')).attributes('data-value')).toBe('京A');
    expect(m.wrapper.find(testid('plate-挂')).attributes('disabled')).toBeDefined();
    for (const key of '1234') await m.click(`plate-${key}`);
    expect(m.wrapper.find(testid('plate-挂')).attributes('disabled')).toBeUndefined();
    await m.click('plate-5');
    expect(m.wrapper.find(testid('plate-boxes')).attributes('data-value')).toBe('京A12345');
    await m.click('plate-next');
    const offered = m.wrapper.findAll('[data-testid^="plate-type-"]').map((b) => b.attributes('data-testid'));
    expect(offered).toEqual(['plate-type-02', 'plate-type-01', 'plate-type-07']);
    await m.click('plate-type-02');
    for (const key of '3456') await m.click(`check-${key}`);
    expect(m.wrapper.find(testid('check-Q')).exists()).toBe(false); // never in a VIN
    await m.click('vehicle-search');
    expect(m.sent().at(-1)).toEqual({ flowId: 'flow-traffic', event: 'vehicleEntered', payload: { plateNumber: '京A12345', plateType: '02', checkTail: '3456' } });
  });

  it('records: choose what to handle and pay; a refused record says why and where, with nothing to press', async () => {
    const view: TrafficViews['records'] = {
      route: 'vehicle',
      vehicle: { plateNumber: '京E10000', plateType: '02', ownerNameMasked: '林**' },
      records: [
        record(),
        record({ violationNo: 'V2', handled: true, decisionNo: '1101012025000001', dueDate: '2025-05-16', lateFeeFen: 18600, action: 'pay' }),
        record({ violationNo: 'V3', action: 'none', refusal: 'expressway' }),
      ],
      lookingUp: false,
      decisionAttempts: 0,
    };
    await m.show('records', view);
    expect(m.wrapper.find(testid('records-whose')).text()).toContain('林**');
    expect(m.wrapper.find(testid('select-V3')).exists()).toBe(false);
    expect(m.wrapper.find(testid('record-V3')).text()).toContain('高速公路交警支队');
    await m.click('select-V1');
    await m.click('select-V2');
    expect(m.wrapper.find(testid('records-summary')).text()).toBe('已选 2 条，罚款和加处罚款共 386 元');
    await m.click('records-next');
    expect(m.sent().at(-1)).toEqual({ flowId: 'flow-traffic', event: 'selectRecords', payload: { handle: ['V1'], pay: ['1101012025000001'], reprint: [] } });
  });

  it('records: a decision number typed in 16 digits is looked up; no records is a friendly screen', async () => {
    await m.show('records', { route: 'vehicle', records: [], lookingUp: false, decisionAttempts: 0 });
    expect(m.wrapper.find(testid('records-none')).exists()).toBe(true);
    await m.click('decision-open');
    for (const key of '1101012025000001') await m.click(`key-${key}`);
    await m.click('digits-confirm');
    expect(m.sent().at(-1)).toEqual({ flowId: 'flow-traffic', event: 'decisionNumberEntered', payload: { decisionNo: '1101012025000001' } });
  });

  it('confirm: the critical notice must be acknowledged before the decisions are made', async () => {
    await m.show('confirm', {
      holder: { licenceNumberMasked: '110101********1012', status: 'valid', pointsInCycle: 0, cycleEnds: '2026-04-30', pointsAfter: 9, critical: true, criticalPoints: 9 },
      toHandle: [record(), record({ violationNo: 'V2', points: 6, fineFen: 20000 })], toPay: [], toReprint: [], dropped: [], finesFen: 30000, lateFeesFen: 0, totalFen: 30000,
    } satisfies TrafficViews['confirm']);
    expect(m.wrapper.find(testid('critical-notice')).text()).toContain('9 分');
    expect(m.wrapper.find(testid('confirm-ok')).attributes('disabled')).toBeDefined();
    await m.click('critical-ack');
    await m.click('confirm-ok');
    expect(m.sent().at(-1)).toEqual({ flowId: 'flow-traffic', event: 'confirm', payload: { acknowledgeCritical: true } });
  });

  it('an ending after decisions: not charged, the decisions stand, the date to pay by, printed', async () => {
    const decision = { decisionNo: '1101012026000001', violationNo: 'V1', plateNumber: '京E10000', behaviourText: '违反禁止标线', points: 3, fineFen: 10000, lateFeeFen: 0, dueDate: '2026-12-16', issuedHere: true, printed: true };
    await m.show('printing', { money: { status: 'notCharged', amountFen: 10000 }, decisions: [decision], documentsPrinted: true }, { status: 'cancelled', error: { code: 'cancelled', message: 'x' } });
    expect(m.wrapper.find(testid('error-money')).text()).toContain('没有扣');
    expect(m.wrapper.find(testid('decisions-stand')).text()).toContain('依法有效');
    expect(m.wrapper.find(testid('decisions-pay-by')).text()).toContain('2026-12-16');
    expect(m.wrapper.find(testid(`decision-${decision.decisionNo}`)).attributes('data-printed')).toBe('true');
  });
});
