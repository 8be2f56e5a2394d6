import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../App.vue';
import { installApi } from '../api/current';
import { createKioskI18n } from '../i18n';
import { createKioskRouter } from '../router';
import { useKioskStore } from '../stores/kiosk';
import { GUARD_MS } from '../composables/tap-guard';
import { createFakeApi, testInfo } from '../test/fake-api';
import type { KioskInfo } from '../../contract/api';

/** Lets the ghost-tap guard of the last screen change run out, as a resident's next deliberate tap would. */
const settle = () => new Promise((resolve) => setTimeout(resolve, GUARD_MS + 30));

async function mountApp(locale: 'zh-CN' | 'en' = 'zh-CN', info: KioskInfo = testInfo) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const api = createFakeApi(info);
  installApi(api);
  const router = createKioskRouter();
  const i18n = createKioskI18n(locale);
  const kiosk = useKioskStore();
  kiosk.connect();
  await router.push({ name: 'home' });
  const wrapper = mount(App, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  if (locale === 'en') kiosk.setLocale('en');
  await flushPromises();
  return { wrapper, router, kiosk, api };
}

describe('home screen', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('shows a tile per service with its Chinese name', async () => {
    const { wrapper } = await mountApp();
    const tiles = wrapper.findAll('[data-testid^="tile-"]');
    expect(tiles.map((t) => t.attributes('data-testid'))).toEqual(['tile-tempIdCard', 'tile-traffic', 'tile-noCriminalRecord', 'tile-progress', 'tile-help']);
    expect(tiles[0]!.text()).toContain('临时身份证');
    expect(wrapper.find('h1').text()).toBe('请选择您要办理的业务');
    expect(wrapper.text()).toContain('测试警务室');
  });

  it('switches to English', async () => {
    const { wrapper } = await mountApp('en');
    expect(wrapper.find('h1').text()).toBe('Please choose a service');
    expect(wrapper.text()).toContain('Test Post');
  });

  it('opens the honest "not yet available" screen for a service that is not built, and goes back', async () => {
    const { wrapper, router } = await mountApp();
    await wrapper.find('[data-testid="tile-traffic"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('unavailable');
    expect(wrapper.find('[data-testid="service-unavailable"] h1').text()).toBe('交通违法暂未在本机开通');
    await settle();
    await wrapper.find('[data-testid="back-home"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('home');
  });

  it('says device status is unknown when no device reports, never "OK"', async () => {
    const { wrapper } = await mountApp();
    expect(wrapper.find('[data-testid="device-health"]').text()).toContain('设备状态未知');
  });

  it('swallows a second tap that lands on the next screen right after the first one left', async () => {
    const { wrapper, router } = await mountApp();
    await settle();
    await wrapper.find('[data-testid="tile-traffic"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('unavailable');
    // The same finger, 100 ms later, on the button now under it: nothing happens.
    await wrapper.find('[data-testid="back-home"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('unavailable');
    await settle();
    await wrapper.find('[data-testid="back-home"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('home');
  });

  it('shows a paused service with its reason in plain words, live, and explains it when tapped', async () => {
    const { wrapper, router, api } = await mountApp();
    api.emit('services.changed', testInfo.services.map((service) =>
      service.id === 'tempIdCard' ? { id: 'tempIdCard', available: false, state: 'paused', pause: { device: 'cardPrinter', problem: 'suppliesOut' } } : service,
    ));
    await flushPromises();
    const tile = wrapper.find('[data-testid="tile-tempIdCard"]');
    expect(tile.attributes('data-state')).toBe('paused');
    expect(tile.text()).toContain('制证设备维护中，请到窗口办理');
    expect(tile.text()).toContain('暂停办理');
    await settle();
    await tile.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('unavailable');
    expect(wrapper.find('[data-testid="paused-reason"]').text()).toBe('制证设备维护中，请到窗口办理');
  });

  it('help opens the help panel over home: the duty phone and 110 when video help is off', async () => {
    const { wrapper, router } = await mountApp('zh-CN', { ...testInfo, dutyPhone: '010-65120110' });
    expect(wrapper.find('[data-testid="duty-phone"]').text()).toBe('值班电话 010-65120110');
    await settle();
    await wrapper.find('[data-testid="tile-help"]').trigger('click');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(wrapper.find('[data-testid="help-overlay"]').exists()).toBe(true);
    });
    expect(router.currentRoute.value.name).toBe('home');
    expect(wrapper.find('[data-testid="help-duty-phone"]').text()).toBe('010-65120110');
    expect(wrapper.find('[data-testid="help-110"]').text()).toBe('110');
    expect(wrapper.find('[data-testid="help-video-off"]').exists()).toBe(true);
  });

  it('says in good English that a service is not offered', async () => {
    const { wrapper } = await mountApp('en');
    await settle();
    await wrapper.find('[data-testid="tile-traffic"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="service-unavailable"] h1').text()).toBe('This kiosk does not offer “Traffic violations” yet');
  });

  it('shows the time in the post time zone, not the machine zone', async () => {
    const { wrapper } = await mountApp('zh-CN', { ...testInfo, timeZone: 'Asia/Shanghai' });
    const expected = new Date().toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' });
    expect(wrapper.find('[data-testid="clock-time"]').text()).toBe(expected);
  });
});
