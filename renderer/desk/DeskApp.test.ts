/**
 * The duty desk page as the officer sees it (happy-dom, store driven directly): the sign-in form,
 * a refusal in words, the kiosk with its four-colour state and worst reason, a ringing emergency
 * with its answer button, the call panel and its ending — in both languages.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../contract/four-colour';
import type { DeskKiosk } from '../../contract/help-desk';
import DeskApp from './DeskApp.vue';
import { useDeskStore } from './desk-store';
import { createDeskI18n, type DeskLocale } from './i18n';

const board: Board = {
  kioskId: 'K-1', at: new Date().toISOString(), colour: 'yellow', counts: { red: 0, orange: 0, yellow: 1, green: 3 },
  items: [{ key: 'device:receiptPrinter', subject: 'device', ref: 'receiptPrinter', deviceKind: 'receiptPrinter', colour: 'yellow', reasons: [{ code: 'paperLow' }] }],
};
const kiosk = (patch: Partial<DeskKiosk> = {}): DeskKiosk => ({ kioskId: 'K-1', postName: '东华门24小时智慧警务室', postNameEn: 'Donghuamen 24h Police Post', board, call: null, ...patch });
const SESSION = { token: 'T'.repeat(43), staffId: 'DEV-OFFICER', alias: '值班民警（演示）', expiresAt: new Date().toISOString() };

function mountDesk(locale: DeskLocale = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const desk = useDeskStore();
  desk.connection = 'open';
  const wrapper = mount(DeskApp, { global: { plugins: [pinia, createDeskI18n(locale)] } });
  return { wrapper, desk };
}

describe('duty desk page', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for the staff code and PIN and sends them', async () => {
    const { wrapper, desk } = mountDesk();
    const signIn = vi.spyOn(desk, 'signIn').mockImplementation(() => {});
    await wrapper.find('[data-testid="desk-staff-id"]').setValue(' DEV-OFFICER ');
    await wrapper.find('[data-testid="desk-pin"]').setValue('246810');
    await wrapper.find('[data-testid="desk-sign-in"]').trigger('submit');
    expect(signIn).toHaveBeenCalledWith('DEV-OFFICER', '246810');
    expect((wrapper.find('[data-testid="desk-pin"]').element as HTMLInputElement).value).toBe('');
  });

  it('words a refusal', async () => {
    const { wrapper, desk } = mountDesk('en');
    desk.refusal = { reason: 'notAnOfficer', message: 'x' };
    await flushPromises();
    expect(wrapper.find('[data-testid="desk-refusal"]').text()).toBe('Only duty officers answer residents’ calls.');
  });

  it('lists the kiosk with its four-colour state and worst reason, and a ringing emergency to answer', async () => {
    const { wrapper, desk } = mountDesk();
    desk.session = SESSION;
    desk.kiosks = [kiosk({ call: { callId: 'e'.repeat(24), kioskId: 'K-1', urgent: true, phase: 'ringing', placedAt: new Date(Date.now() - 5_000).toISOString(), ringSeconds: 45, mine: false } })];
    await flushPromises();
    const card = wrapper.find('[data-testid="desk-kiosk-K-1"]');
    expect(card.attributes('data-colour')).toBe('yellow');
    expect(card.find('[data-testid="desk-kiosk-board"]').text()).toContain('黄色，需要关注');
    expect(card.text()).toContain('东华门24小时智慧警务室');
    expect(card.find('[data-testid="desk-urgent"]').text()).toBe('紧急求助');
    expect(card.text()).toMatch(/已响铃 [56] 秒/);
    const answer = vi.spyOn(desk, 'answer').mockResolvedValue();
    await card.find('[data-testid="desk-answer"]').trigger('click');
    expect(answer).toHaveBeenCalledWith('e'.repeat(24));
  });

  it('shows the call and how it ended, in English', async () => {
    const { wrapper, desk } = mountDesk('en');
    desk.session = SESSION;
    desk.kiosks = [kiosk()];
    desk.stage = 'inCall';
    desk.call = { callId: 'e'.repeat(24), kioskId: 'K-1', urgent: false, phase: 'inCall', placedAt: new Date().toISOString(), ringSeconds: 45, mine: true };
    await flushPromises();
    expect(wrapper.find('[data-testid="desk-call-heading"]').text()).toBe('Talking with the resident at Donghuamen 24h Police Post');
    expect(wrapper.find('[data-testid="desk-remote-video"]').exists()).toBe(true);
    desk.stage = 'ended';
    desk.call = null;
    desk.ended = { reason: 'residentLeft', kioskId: 'K-1' };
    await flushPromises();
    expect(wrapper.find('[data-testid="desk-ended"]').text()).toBe('The resident left the kiosk.');
  });
});
