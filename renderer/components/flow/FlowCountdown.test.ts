import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createTestI18n } from '../../flow/test-support';
import FlowCountdown from './FlowCountdown.vue';

describe('countdown', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('counts down to the deadline, warns near the end and emits expired once', async () => {
    const deadline = Date.now() + 65_000;
    const wrapper = mount(FlowCountdown, { props: { deadline, totalSeconds: 65 }, global: { plugins: [createTestI18n()] } });
    const clock = () => wrapper.find('[data-testid="countdown-clock"]').text();
    expect(clock()).toBe('1:05');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(clock()).toBe('1:00');
    expect(wrapper.text()).not.toContain('时间快到了');
    await vi.advanceTimersByTimeAsync(31_000);
    expect(clock()).toBe('0:29');
    expect(wrapper.text()).toContain('时间快到了'); // said in words, not only turned red
    await vi.advanceTimersByTimeAsync(40_000);
    expect(clock()).toBe('0:00');
    expect(wrapper.emitted('expired')).toHaveLength(1);
    wrapper.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('accepts an ISO deadline and an already-passed one', async () => {
    const wrapper = mount(FlowCountdown, { props: { deadline: '2024-12-31T23:59:00Z' }, global: { plugins: [createTestI18n()] } });
    expect(wrapper.find('[data-testid="countdown-clock"]').text()).toBe('0:00');
    expect(wrapper.emitted('expired')).toHaveLength(1);
    wrapper.unmount();
  });
});
