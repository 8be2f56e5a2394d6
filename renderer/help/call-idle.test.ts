/**
 * The "still there?" prompt and a help call: while the call rings or is on, talking is not touching —
 * the prompt never comes, however long the call; when the call ends the wait starts again with its
 * full time, so a resident who walked away is still asked.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskInfo } from '../../contract/api';
import App from '../App.vue';
import { installApi } from '../api/current';
import { createKioskI18n } from '../i18n';
import { createKioskRouter } from '../router';
import { useHelpCallStore } from '../stores/help-call';
import { useKioskStore } from '../stores/kiosk';
import { createFakeApi, testInfo } from '../test/fake-api';

const info: KioskInfo = { ...testInfo, idleSeconds: 60, idleCountdownSeconds: 20, services: testInfo.services.map((s) => (s.id === 'help' ? { id: 'help', available: true, state: 'ready' } : s)) };

async function onHome() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const pinia = createPinia();
  setActivePinia(pinia);
  installApi(createFakeApi(info));
  const router = createKioskRouter();
  useKioskStore().connect();
  await router.push({ name: 'home' });
  const wrapper = mount(App, { global: { plugins: [pinia, router, createKioskI18n()] }, attachTo: document.body });
  await flushPromises();
  const prompt = async () => {
    await flushPromises();
    return wrapper.find('[data-testid="idle-prompt"]').exists();
  };
  return { wrapper, router, help: useHelpCallStore(), prompt };
}

describe('the idle prompt during a help call', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('without a call it comes after the idle time (the baseline)', async () => {
    const { wrapper, prompt } = await onHome();
    vi.advanceTimersByTime(59_000);
    expect(await prompt()).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(await prompt()).toBe(true);
    wrapper.unmount();
  });

  it('never comes while the call rings or is on, and comes a full idle time after the call ended', async () => {
    const { wrapper, router, help, prompt } = await onHome();
    vi.advanceTimersByTime(50_000);
    help.stage = 'ringing';
    await flushPromises();
    vi.advanceTimersByTime(40_000);
    expect(await prompt()).toBe(false);
    help.stage = 'connecting';
    await flushPromises();
    help.stage = 'inCall';
    await flushPromises();
    // A long conversation without a single touch.
    vi.advanceTimersByTime(15 * 60_000);
    expect(await prompt()).toBe(false);
    expect(router.currentRoute.value.name).toBe('home');
    // The officer hung up: the ended screen shows; the wait starts again from zero.
    help.stage = 'ended';
    await flushPromises();
    vi.advanceTimersByTime(59_000);
    expect(await prompt()).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(await prompt()).toBe(true);
    wrapper.unmount();
  });
});
