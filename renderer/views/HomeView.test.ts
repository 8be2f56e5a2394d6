import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../App.vue';
import { installApi } from '../api/current';
import { createKioskI18n } from '../i18n';
import { createKioskRouter } from '../router';
import { useKioskStore } from '../stores/kiosk';
import { createFakeApi } from '../test/fake-api';

async function mountApp(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  installApi(createFakeApi());
  const router = createKioskRouter();
  const i18n = createKioskI18n(locale);
  const kiosk = useKioskStore();
  kiosk.connect();
  await router.push({ name: 'home' });
  const wrapper = mount(App, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  if (locale === 'en') kiosk.setLocale('en');
  await flushPromises();
  return { wrapper, router, kiosk };
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
    await wrapper.find('[data-testid="back-home"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('home');
  });

  it('says device status is unknown when no device reports, never "OK"', async () => {
    const { wrapper } = await mountApp();
    expect(wrapper.find('[data-testid="device-health"]').text()).toContain('设备状态未知');
  });
});
