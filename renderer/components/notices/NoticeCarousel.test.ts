import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NoticeList } from '../../../contract/notices';
import { installApi } from '../../api/current';
import { createKioskI18n } from '../../i18n';
import { createKioskRouter } from '../../router';
import { useKioskStore } from '../../stores/kiosk';
import { createFakeApi, testInfo } from '../../test/fake-api';
import NoticeCarousel from './NoticeCarousel.vue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PIXEL = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQ==';

function list(rotateSeconds: number, count = 3): NoticeList {
  const notices: NoticeList['notices'] = [
    { noticeId: 'N-1', kind: 'antiFraud', title: { 'zh-CN': '警惕冒充公检法诈骗', en: 'Beware of callers posing as police' }, body: { 'zh-CN': '请立即挂断。' }, updatedAt: '2026-06-01T00:00:00Z' },
    { noticeId: 'N-2', kind: 'missingPerson', title: { 'zh-CN': '寻人启事' }, body: { 'zh-CN': '李某某，72岁。' }, image: { imageId: 'IMG-1', width: 360, height: 450 }, updatedAt: '2026-06-01T00:00:00Z' },
    { noticeId: 'N-3', kind: 'announcement', title: { 'zh-CN': '服务公告' }, body: { 'zh-CN': '可自助办理临时身份证。' }, updatedAt: '2026-06-01T00:00:00Z' },
  ];
  return { notices: notices.slice(0, count), rotateSeconds, source: 'backend', fetchedAt: '2026-06-01T00:00:00Z' };
}

async function mountCarousel(notices: NoticeList, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const api = createFakeApi(testInfo, {}, { 'notices.list': () => notices, 'notices.image': ({ imageId }) => ({ imageId, dataUrl: PIXEL }) });
  installApi(api);
  const router = createKioskRouter();
  await router.push({ name: 'attract' });
  // The carousel follows the kiosk's language (the App keeps vue-i18n in step with it).
  if (locale === 'en') useKioskStore().setLocale('en');
  const wrapper = mount(NoticeCarousel, { global: { plugins: [pinia, router, createKioskI18n(locale)] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router, api };
}
const shown = (wrapper: Awaited<ReturnType<typeof mountCarousel>>['wrapper']) => wrapper.find('[data-testid="notice-carousel"]').attributes('data-notice');

describe('the notice carousel', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the notices in the order the core gave, one after another, with the photo fetched once', async () => {
    const { wrapper, api } = await mountCarousel(list(0.1));
    expect(shown(wrapper)).toBe('N-1');
    expect(wrapper.text()).toContain('防骗提醒');
    expect(wrapper.text()).toContain('第 1 条，共 3 条');
    // What appears, change by change, until the round starts again.
    const seen = ['N-1'];
    let photo: string | undefined;
    while (seen.length < 4) {
      await sleep(5);
      const now = shown(wrapper);
      if (now && now !== seen.at(-1)) seen.push(now);
      if (now === 'N-2') photo ??= wrapper.find('img').attributes('src');
    }
    expect(seen).toEqual(['N-1', 'N-2', 'N-3', 'N-1']);
    expect(photo).toBe(PIXEL);
    expect(api.calls.filter((call) => call.method === 'notices.image')).toHaveLength(1);
    wrapper.unmount();
  });

  it('stays on one notice while paused, and goes on when resumed', async () => {
    const { wrapper } = await mountCarousel(list(0.1));
    await wrapper.find('[data-testid="notice-pause"]').trigger('click');
    const at = shown(wrapper);
    await sleep(350);
    expect(shown(wrapper)).toBe(at);
    expect(wrapper.find('[data-testid="notice-pause"]').attributes('aria-pressed')).toBe('true');
    await wrapper.find('[data-testid="notice-pause"]').trigger('click');
    await expect.poll(() => shown(wrapper), { timeout: 2_000, interval: 10 }).not.toBe(at);
    wrapper.unmount();
  });

  it('a tap opens the notice on screen', async () => {
    const { wrapper, router } = await mountCarousel(list(60));
    await wrapper.find('[data-testid="notice-card"]').trigger('click');
    // The notice's screen is its own lazily loaded chunk.
    await expect.poll(() => router.currentRoute.value.name, { timeout: 5_000 }).toBe('notice');
    expect(router.currentRoute.value.params).toEqual({ noticeId: 'N-1' });
    wrapper.unmount();
  });

  it('in English: the English words where the police published them, the Chinese ones marked as Chinese otherwise', async () => {
    const { wrapper } = await mountCarousel(list(60), 'en');
    expect(wrapper.find('[data-testid="notice-title"]').text()).toBe('Beware of callers posing as police');
    expect(wrapper.find('[data-testid="notice-title"]').attributes('lang')).toBe('en');
    expect(wrapper.find('.body').attributes('lang')).toBe('zh-CN');
    wrapper.unmount();
  });

  it('nothing to show: no carousel; one notice: no pause button', async () => {
    const empty = await mountCarousel({ notices: [], rotateSeconds: 8, source: 'none' });
    expect(empty.wrapper.find('[data-testid="notice-carousel"]').exists()).toBe(false);
    empty.wrapper.unmount();
    const one = await mountCarousel(list(8, 1));
    expect(one.wrapper.find('[data-testid="notice-pause"]').exists()).toBe(false);
    one.wrapper.unmount();
  });

  it('takes the list the core pushes at once (a new notice, one withdrawn), without asking again or polling', async () => {
    const { wrapper, api } = await mountCarousel(list(60, 1));
    expect(shown(wrapper)).toBe('N-1');
    expect(wrapper.text()).toContain('第 1 条，共 1 条');
    api.emit('notices.changed', list(60, 3));
    await flushPromises();
    expect(wrapper.text()).toContain('第 1 条，共 3 条');
    expect(api.calls.filter((call) => call.method === 'notices.image')).toHaveLength(1);
    // The one on screen stays on screen when the list around it changes (here: it moves to the end).
    const reordered = [...list(60, 3).notices].reverse();
    api.emit('notices.changed', { ...list(60, 3), notices: reordered });
    await flushPromises();
    expect(shown(wrapper)).toBe('N-1');
    expect(wrapper.text()).toContain('第 3 条，共 3 条');
    // Withdrawn while on screen: the rotation starts again from the first one left.
    api.emit('notices.changed', { ...list(60, 3), notices: reordered.filter((notice) => notice.noticeId !== 'N-1') });
    await flushPromises();
    expect(shown(wrapper)).toBe('N-3');
    expect(wrapper.text()).toContain('第 1 条，共 2 条');
    await sleep(3_500);
    expect(api.calls.filter((call) => call.method === 'notices.list')).toHaveLength(1);
    wrapper.unmount();
  });
});
