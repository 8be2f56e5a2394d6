/**
 * The help panel and button as the resident sees them (happy-dom, fake core): the large help tile
 * on home and the button in every flow screen's footer, the menu with and without video help, ringing with
 * its count, the officer on screen, and each ending with the phone numbers — in both languages.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskInfo } from '../../contract/api';
import { CallEndReason, type KioskCallView } from '../../contract/help-call';
import App from '../App.vue';
import { installApi } from '../api/current';
import FlowScreenFrame from '../components/flow/FlowScreenFrame.vue';
import { createKioskI18n, MESSAGES } from '../i18n';
import { createKioskRouter } from '../router';
import { useHelpCallStore } from '../stores/help-call';
import { useKioskStore } from '../stores/kiosk';
import { createFakeApi, testInfo } from '../test/fake-api';
import HelpOverlay from './HelpOverlay.vue';

const withHelp: KioskInfo = { ...testInfo, dutyPhone: '010-65120110', services: testInfo.services.map((s) => (s.id === 'help' ? { id: 'help', available: true, state: 'ready' } : s)) };
const view = (patch: Partial<KioskCallView> = {}): KioskCallView => ({ callId: 'c'.repeat(24), urgent: false, phase: 'ringing', placedAt: new Date().toISOString(), ringSeconds: 45, ...patch });

async function mountOverlay(locale: 'zh-CN' | 'en' = 'zh-CN', info: KioskInfo = withHelp) {
  const pinia = createPinia();
  setActivePinia(pinia);
  installApi(createFakeApi(info));
  const kiosk = useKioskStore();
  kiosk.connect();
  await flushPromises();
  if (locale === 'en') kiosk.setLocale('en');
  const i18n = createKioskI18n(locale);
  const help = useHelpCallStore();
  const wrapper = mount(HelpOverlay, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, help };
}

describe('help button and panel', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('the help tile opens the panel over home with video, emergency and the numbers', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    installApi(createFakeApi(withHelp));
    const router = createKioskRouter();
    useKioskStore().connect();
    await router.push({ name: 'home' });
    const wrapper = mount(App, { global: { plugins: [pinia, router, createKioskI18n()] }, attachTo: document.body });
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await wrapper.find('[data-testid="tile-help"]').trigger('click');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(wrapper.find('[data-testid="help-overlay"]').exists()).toBe(true);
    });
    expect(router.currentRoute.value.name).toBe('home');
    expect(wrapper.find('[data-testid="help-call-video"]').text()).toContain('视频呼叫值班民警');
    expect(wrapper.find('[data-testid="help-call-emergency"]').text()).toContain('紧急求助');
    expect(wrapper.find('[data-testid="help-duty-phone"]').text()).toBe('010-65120110');
    wrapper.unmount();
  });

  it('is in every flow screen footer', () => {
    setActivePinia(createPinia());
    installApi(createFakeApi(withHelp));
    const wrapper = mount(FlowScreenFrame, { props: { step: 1, totalSteps: 3, testid: 'frame' }, global: { plugins: [createKioskI18n()] } });
    expect(wrapper.find('footer [data-testid="help-button"]').text()).toBe('求助');
    expect(wrapper.find('[data-testid="help-button"]').attributes('aria-label')).toContain('视频呼叫值班民警');
  });

  it('without video help at this kiosk, gives the numbers only', async () => {
    const { wrapper, help } = await mountOverlay('zh-CN', { ...withHelp, services: testInfo.services });
    help.openPanel();
    await flushPromises();
    expect(wrapper.find('[data-testid="help-video-off"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="help-call-video"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="help-110"]').text()).toBe('110');
  });

  it('ringing says so and counts, with a progress bar to the ring time; the emergency heading stands out', async () => {
    const { wrapper, help } = await mountOverlay();
    help.stage = 'ringing';
    help.call = view({ ringSeconds: 30 });
    help.elapsedSeconds = 12;
    await flushPromises();
    expect(wrapper.find('[data-testid="help-waiting-heading"]').text()).toBe('正在呼叫值班民警…');
    expect(wrapper.find('[data-testid="help-waited"]').text()).toBe('已等待 12 秒');
    const bar = wrapper.find('[role="progressbar"]');
    expect([bar.attributes('aria-valuenow'), bar.attributes('aria-valuemax')]).toEqual(['12', '30']);
    help.urgent = true;
    await flushPromises();
    expect(wrapper.find('[data-testid="help-waiting-heading"]').text()).toBe('紧急呼叫中…');
    expect(wrapper.find('[data-testid="help-waiting-heading"]').classes()).toContain('urgent');
    expect(wrapper.find('[data-testid="help-overlay"]').attributes('data-urgent')).toBe('true');
  });

  it('in call: shows the officer by duty alias, the talk time, and hangs up', async () => {
    const { wrapper, help } = await mountOverlay('en');
    help.stage = 'inCall';
    help.call = view({ phase: 'inCall', officer: { alias: 'Duty officer 3' } });
    help.elapsedSeconds = 75;
    await flushPromises();
    expect(wrapper.find('[data-testid="help-in-call-heading"]').text()).toBe('Talking to Duty officer 3');
    expect(wrapper.find('[data-testid="help-duration"]').text()).toContain('01:15');
    expect(wrapper.find('[data-testid="help-remote-video"]').exists()).toBe(true);
    const hangUp = vi.spyOn(help, 'hangUp');
    await wrapper.find('[data-testid="help-hang-up"]').trigger('click');
    expect(hangUp).toHaveBeenCalled();
  });

  it('unanswered: why, the ticket number, the numbers large, call again', async () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      document.body.innerHTML = '';
      const { wrapper, help } = await mountOverlay(locale);
      help.stage = 'ended';
      help.ended = { reason: 'unanswered', ticketNumber: 'WT-1-20261201-001' };
      await flushPromises();
      expect(wrapper.find('[data-testid="help-ended-heading"]').attributes('data-reason')).toBe('unanswered');
      expect(wrapper.find('[data-testid="help-ticket"]').text()).toContain('WT-1-20261201-001');
      expect(wrapper.find('[data-testid="help-phones"]').classes()).toContain('large');
      expect(wrapper.find('[data-testid="help-duty-phone"]').text()).toBe('010-65120110');
      expect(wrapper.find('[data-testid="help-call-again"]').exists()).toBe(true);
      wrapper.unmount();
    }
  });

  it('media failure offers the phone number; a broken camera does not offer to call again', async () => {
    const { wrapper, help } = await mountOverlay();
    help.stage = 'ended';
    help.ended = { reason: 'mediaFailed' };
    await flushPromises();
    expect(wrapper.find('[data-testid="help-ended-heading"]').text()).toBe('视频连接中断');
    expect(wrapper.find('[data-testid="help-phones"]').classes()).toContain('large');
    help.ended = { reason: 'cameraUnavailable' };
    await flushPromises();
    expect(wrapper.find('[data-testid="help-call-again"]').exists()).toBe(false);
  });

  it('a video that never connected is not called "interrupted": its own words, the phone number large', async () => {
    const { wrapper, help } = await mountOverlay();
    help.stage = 'ended';
    help.ended = { reason: 'mediaNotConnected' };
    await flushPromises();
    const heading = wrapper.find('[data-testid="help-ended-heading"]').text();
    expect(heading).toBe('视频未能接通');
    expect(heading).not.toContain('中断');
    expect(wrapper.find('[data-testid="help-phones"]').classes()).toContain('large');
    expect(wrapper.find('[data-testid="help-call-again"]').exists()).toBe(true);
    expect(MESSAGES.en.helpCall.ended.mediaNotConnected.heading).not.toMatch(/lost|interrupt|drop/i);
    expect(MESSAGES['zh-CN'].helpCall.ended.mediaNotConnected.voice).not.toContain('中断');
  });

  it('has words for every way a call can end on screen, in both languages', () => {
    const shown = [...CallEndReason.options.filter((r) => r !== 'kioskHungUp' && r !== 'residentLeft'), 'cameraUnavailable', 'refused'] as const;
    for (const locale of ['zh-CN', 'en'] as const) {
      const ended = MESSAGES[locale].helpCall.ended as unknown as Record<string, { heading: string; body: string; voice: string } | undefined>;
      for (const reason of shown) {
        expect(ended[reason]?.heading, `${locale} ${reason}`).toBeTruthy();
        expect(ended[reason]?.body, `${locale} ${reason}`).toBeTruthy();
        expect(ended[reason]?.voice, `${locale} ${reason}`).toBeTruthy();
      }
    }
  });
});
