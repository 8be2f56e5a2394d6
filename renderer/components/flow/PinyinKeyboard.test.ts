import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { createTestI18n } from '../../flow/test-support';
import { useKioskStore } from '../../stores/kiosk';
import PinyinKeyboard from './PinyinKeyboard.vue';

/** Mounts the keyboard with a real v-model; waits for the lazily loaded dictionary. */
async function mountKeyboard(maxLength = 6, elderly = false) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useKioskStore().elderly = elderly;
  const text = ref('');
  const Host = defineComponent({ render: () => h(PinyinKeyboard, { modelValue: text.value, 'onUpdate:modelValue': (next: string) => (text.value = next), maxLength, label: '用途输入键盘' }) });
  const wrapper = mount(Host, { global: { plugins: [pinia, createTestI18n('zh-CN')] } });
  await waitUntil(async () => {
    await flushPromises();
    return wrapper.find('[data-testid="pinyin-key-a"]').attributes('disabled') === undefined;
  });
  const press = async (keys: string) => {
    for (const key of keys) await wrapper.find(`[data-testid="pinyin-key-${key === "'" ? 'apostrophe' : key}"]`).trigger('click');
  };
  const candidates = () => wrapper.findAll('[data-testid^="pinyin-candidate-"]').map((c) => c.text());
  return { wrapper, text, press, candidates };
}

async function waitUntil(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the dictionary did not load');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('pinyin keyboard', () => {
  it('shows candidates for typed letters; a pick adds the word and keeps the rest of the letters', async () => {
    const { wrapper, text, press, candidates } = await mountKeyboard();
    await press('jiuye');
    expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('jiuye');
    expect(candidates()[0]).toBe('就业');
    expect(candidates()).toHaveLength(6); // one page
    await wrapper.find('[data-testid="pinyin-candidate-0"]').trigger('click');
    expect(text.value).toBe('就业');
    expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('');
    // Picking a single character consumes only its syllable.
    await press('liuxue');
    const single = candidates().indexOf('留');
    if (single === -1) {
      await wrapper.find('[data-testid="pinyin-next"]').trigger('click');
    }
    const index = candidates().indexOf('留');
    expect(index).toBeGreaterThanOrEqual(0);
    await wrapper.find(`[data-testid="pinyin-candidate-${index}"]`).trigger('click');
    expect(text.value).toBe('就业留');
    expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('xue');
  });

  it('pages through candidates, deletes letters then characters, refuses letters that cannot be pinyin', async () => {
    const { wrapper, text, press, candidates } = await mountKeyboard();
    await press('yi');
    const first = candidates();
    expect(wrapper.find('[data-testid="pinyin-prev"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid="pinyin-next"]').trigger('click');
    expect(candidates()).not.toEqual(first);
    await wrapper.find('[data-testid="pinyin-prev"]').trigger('click');
    expect(candidates()).toEqual(first);
    await wrapper.find('[data-testid="pinyin-delete"]').trigger('click');
    expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('y');
    await press('v'); // "yv" is no pinyin
    expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('y');
    await wrapper.find('[data-testid="pinyin-key-space"]').trigger('click'); // takes the first candidate
    expect([...text.value]).toHaveLength(1);
    await wrapper.find('[data-testid="pinyin-delete"]').trigger('click');
    expect(text.value).toBe('');
  });

  it('stops at the length limit: a word that does not fit is disabled, letters stop', async () => {
    const { wrapper, text, press, candidates } = await mountKeyboard(3);
    await press('jiuye');
    await wrapper.find('[data-testid="pinyin-candidate-0"]').trigger('click');
    expect(text.value).toBe('就业');
    await press('liuxue');
    expect(candidates()[0]).toBe('留学');
    expect(wrapper.find('[data-testid="pinyin-candidate-0"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid="pinyin-candidate-0"]').trigger('click');
    expect(text.value).toBe('就业');
    await wrapper.find('[data-testid="pinyin-clear"]').trigger('click');
    await press('wo');
    await wrapper.find('[data-testid="pinyin-key-space"]').trigger('click');
    await press('ai');
    await wrapper.find('[data-testid="pinyin-key-space"]').trigger('click');
    await press('ni');
    await wrapper.find('[data-testid="pinyin-key-space"]').trigger('click');
    expect([...text.value]).toHaveLength(3);
    expect(wrapper.find('[data-testid="pinyin-key-a"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="pinyin-count"]').text()).toContain('3/3');
  });

  describe('in elderly mode', () => {
    afterEach(() => vi.restoreAllMocks());

    it('lays the letters out alphabetically in the columns the width allows, three candidates a page at 968 px', async () => {
      // happy-dom lays nothing out: the keyboard's width is what a portrait flow screen gives it.
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(968);
      const { wrapper, text, press, candidates } = await mountKeyboard(20, true);
      const rows = wrapper.findAll('[data-testid="pinyin-elderly-keys"] .row').map((row) => row.findAll('button').map((key) => key.text()));
      expect(rows.slice(0, 3).map((row) => row.join(''))).toEqual(['abcdefghi', 'jklmnopqr', "stuvwxyz'"]);
      expect(wrapper.find('[data-testid="pinyin-elderly-keys"]').attributes('style')).toContain('--columns: 9');
      expect(wrapper.find('[data-testid="pinyin-key-1"]').exists()).toBe(false); // digits are on the second page
      await press('jiuye');
      expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('jiuye');
      expect(candidates()).toHaveLength(3);
      expect(candidates()[0]).toBe('就业');
      await wrapper.find('[data-testid="pinyin-candidate-0"]').trigger('click');
      expect(text.value).toBe('就业');
      // The second page: digits and punctuation, typed as they are; back to the letters.
      await wrapper.find('[data-testid="pinyin-symbols"]').trigger('click');
      expect(wrapper.find('[data-testid="pinyin-key-a"]').exists()).toBe(false);
      await press('3');
      await wrapper.find('[data-testid="pinyin-key-period"]').trigger('click');
      expect(text.value).toBe('就业3。');
      await wrapper.find('[data-testid="pinyin-symbols"]').trigger('click');
      await press('xi');
      // The page key is refused while letters are being composed (they would be lost from sight).
      expect(wrapper.find('[data-testid="pinyin-symbols"]').attributes('disabled')).toBeDefined();
      await press("'an");
      expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe("xi'an");
      await wrapper.find('[data-testid="pinyin-key-space"]').trigger('click'); // takes the first candidate
      expect(text.value).toMatch(/^就业3。西/);
      if (wrapper.find('[data-testid="pinyin-composing"]').text() === 'an') await wrapper.find('[data-testid="pinyin-key-space"]').trigger('click');
      expect([...text.value]).toHaveLength(6);
      expect(wrapper.find('[data-testid="pinyin-composing"]').text()).toBe('');
    });

    it('takes more candidates a page on a wider screen', async () => {
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1808);
      const { wrapper, press, candidates } = await mountKeyboard(20, true);
      expect(wrapper.findAll('[data-testid="pinyin-elderly-keys"] .row')).toHaveLength(3); // 14 + 13 letters, then the actions
      await press('yi');
      expect(candidates()).toHaveLength(8);
    });
  });
});
