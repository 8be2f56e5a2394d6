import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { createTestI18n } from '../../flow/test-support';
import IdNumberEntry from './IdNumberEntry.vue';

/** Mounts the entry with a real v-model so typing goes round-trip through the parent. */
function mountEntry(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const value = ref('');
  const confirmed: string[] = [];
  const Host = defineComponent({
    render: () =>
      h(IdNumberEntry, {
        modelValue: value.value,
        'onUpdate:modelValue': (next: string) => (value.value = next),
        onConfirm: (v: string) => confirmed.push(v),
        today: new Date('2025-06-01T00:00:00'),
      }),
  });
  const wrapper = mount(Host, { global: { plugins: [createTestI18n(locale)] } });
  const type = async (keys: string) => {
    for (const key of keys) await wrapper.find(`[data-testid="key-${key}"]`).trigger('click');
  };
  return { wrapper, value, confirmed, type };
}

describe('ID number keypad', () => {
  it('accepts 11010519491231002X typed key by key and confirms it', async () => {
    const { wrapper, value, confirmed, type } = mountEntry();
    await type('11010519491231002');
    expect(wrapper.find('[data-testid="id-confirm"]').attributes('disabled')).toBeDefined();
    await type('X');
    expect(value.value).toBe('11010519491231002X');
    expect(wrapper.find('[data-testid="id-problem"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="id-complete"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="key-5"]').attributes('disabled')).toBeDefined(); // full
    await wrapper.find('[data-testid="id-confirm"]').trigger('click');
    expect(confirmed).toEqual(['11010519491231002X']);
  });

  it('refuses a wrong check character with the problem in plain words', async () => {
    const { wrapper, confirmed, type } = mountEntry();
    await type('110105194912310021');
    // A wrong check character cannot say which character is wrong: ask to compare, point at none.
    expect(wrapper.find('[data-testid="id-problem"]').text()).toContain('这个号码核对不上');
    expect(wrapper.find('[data-testid="id-problem"]').text()).not.toContain('18');
    expect(wrapper.find('[data-testid="id-confirm"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid="id-confirm"]').trigger('click');
    expect(confirmed).toEqual([]);
    expect(wrapper.findAll('.box.wrong')).toHaveLength(0);
  });

  it('offers X only as the 18th character', async () => {
    const { wrapper, value, type } = mountEntry();
    expect(wrapper.find('[data-testid="key-X"]').attributes('disabled')).toBeDefined();
    await type('1101051949123100');
    expect(wrapper.find('[data-testid="key-X"]').attributes('disabled')).toBeDefined();
    await type('2');
    expect(wrapper.find('[data-testid="key-X"]').attributes('disabled')).toBeUndefined();
    // Deleting back to 16 characters takes X away again.
    await wrapper.find('[data-testid="key-delete"]').trigger('click');
    expect(value.value).toBe('1101051949123100');
    expect(wrapper.find('[data-testid="key-X"]').attributes('disabled')).toBeDefined();
  });

  it('says where the problem is as the digits are typed (region, birth date)', async () => {
    const { wrapper, type } = mountEntry('en');
    await type('99');
    expect(wrapper.find('[data-testid="id-problem"]').text()).toContain('first 6 digits');
    await wrapper.find('[data-testid="key-clear"]').trigger('click');
    await type('1101053');
    expect(wrapper.find('[data-testid="id-problem"]').text()).toContain('Digits 7 to 14');
  });

  it('deletes one character and clears all', async () => {
    const { wrapper, value, type } = mountEntry();
    await type('1101');
    await wrapper.find('[data-testid="key-delete"]').trigger('click');
    expect(value.value).toBe('110');
    await wrapper.find('[data-testid="key-clear"]').trigger('click');
    expect(value.value).toBe('');
    expect(wrapper.find('[data-testid="key-delete"]').attributes('disabled')).toBeDefined();
  });

  it('hides the birth date once confirmed (masked prop)', async () => {
    const wrapper = mount(IdNumberEntry, { props: { modelValue: '11010519491231002X', masked: true, busy: true }, global: { plugins: [createTestI18n()] } });
    expect(wrapper.findAll('.box').map((b) => b.text()).join('')).toBe('110105********002X');
    expect(wrapper.find('[data-testid="key-1"]').attributes('disabled')).toBeDefined();
  });
});
