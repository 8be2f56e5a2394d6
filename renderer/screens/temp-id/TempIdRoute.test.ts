import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import type { MoneyView } from '../../../contract/flows/common';
import { tempIdContract } from '../../../contract/flows/temp-id-card';
import { useIdleStore } from '../../stores/idle';
import { useSessionStore } from '../../stores/session';
import { useFlowStore } from '../../flow/flow-store';
import { createTempIdFakeApi, mountFlow, progressOf, sampleViews, type TempIdFakeApi } from '../../flow/test-support';

type Mounted = Awaited<ReturnType<typeof mountFlow>>;
const testid = (id: string) => `[data-testid="${id}"]`;

async function show(m: Mounted, state: string, view: unknown, extra = {}) {
  m.api.emit('flow.progress', progressOf(state, view, extra));
  await flushPromises();
}

/** Installs a camera: a getUserMedia that resolves with a stream of one stoppable track, or rejects. */
function installCamera(behaviour: { rejectWith?: string }) {
  const track = { kind: 'video', stopped: false, stop: vi.fn(function (this: { stopped: boolean }) { this.stopped = true; }), addEventListener: vi.fn() };
  // A real MediaStream object (the video element checks the type) reporting our stoppable track.
  const stream = Object.assign(new MediaStream(), { getTracks: () => [track], getVideoTracks: () => [track] });
  const getUserMedia = vi.fn(() =>
    behaviour.rejectWith ? Promise.reject(Object.assign(new Error('camera'), { name: behaviour.rejectWith })) : Promise.resolve(stream),
  );
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  return { track, getUserMedia };
}

describe('temp-id flow screens', () => {
  let m: Mounted;
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(() => {
    m?.wrapper.unmount();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('starts the flow on mount and shows the notice with the fee from the view', async () => {
    m = await mountFlow();
    await flushPromises();
    expect(m.api.calls.map((c) => c.method).filter((method) => !method.startsWith('speech.'))).toEqual(['session.start', 'flow.start']);
    expect(m.wrapper.find(testid('tempid-notice')).exists()).toBe(true);
    expect(m.wrapper.find(testid('notice-fee')).text()).toBe('费用：10 元');
    expect(m.wrapper.find(testid('step-indicator')).text()).toContain('第 1 步，共 8 步');
    await m.wrapper.find(testid('notice-accept')).trigger('click');
    expect(m.api.callsOf('flow.send')).toEqual([{ flowId: 'flow-t1', event: 'accept', payload: {} }]);
  });

  it('declining the notice sends decline and returns home', async () => {
    m = await mountFlow();
    await flushPromises();
    await m.wrapper.find(testid('notice-decline')).trigger('click');
    await flushPromises();
    expect(m.api.callsOf('flow.send')).toEqual([{ flowId: 'flow-t1', event: 'decline', payload: {} }]);
    expect(m.router.currentRoute.value.name).toBe('home');
  });

  it.each(tempIdContract.State.options)('state %s renders its own screen with a step indicator and an exit', async (state) => {
    installCamera({ rejectWith: 'NotFoundError' });
    m = await mountFlow();
    await flushPromises();
    await show(m, state, sampleViews[state]);
    const root = m.wrapper.find(testid(`tempid-${state}`));
    expect(root.exists()).toBe(true);
    expect(root.find(testid('step-indicator')).exists()).toBe(true);
    expect(root.find(testid('flow-exit')).exists()).toBe(true);
    expect(root.findAll('h1')).toHaveLength(1);
  });

  it('identity: typed number is sent, shown masked while checked, and a refusal is explained', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'identity', sampleViews.identity);
    let release!: () => void;
    m.api.overrides['flow.send'] = () => new Promise((resolve) => (release = () => resolve({ accepted: true })));
    for (const key of '11010519491231002X') await m.wrapper.find(testid(`key-${key}`)).trigger('click');
    await m.wrapper.find(testid('id-confirm')).trigger('click');
    expect(m.api.callsOf('flow.send')).toEqual([{ flowId: 'flow-t1', event: 'idNumberEntered', payload: { idNumber: '11010519491231002X' } }]);
    expect(m.wrapper.find(testid('identity-masked')).text()).toContain('110105********002X');
    expect(m.wrapper.find(testid('id-boxes')).text().replace(/\s/g, '')).toBe('110105********002X');
    release();
    await flushPromises();
    await show(m, 'identity', { attempts: 1, problem: 'readFailed' });
    expect(m.wrapper.find(testid('identity-problem')).text()).toContain('身份证没有读出来');
    await show(m, 'eligibility', sampleViews.eligibility);
    expect(m.wrapper.find(testid('eligibility-masked')).text()).toContain('110105********002X');
    expect(m.wrapper.html()).not.toContain('11010519491231002X');
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'missing'],
  ])('face: camera %s → sends cameraUnavailable(%s) and sends the resident to the counter', async (name, reason) => {
    installCamera({ rejectWith: name });
    m = await mountFlow();
    await flushPromises();
    await show(m, 'face', sampleViews.face);
    await flushPromises();
    expect(m.api.callsOf('flow.send')).toEqual([{ flowId: 'flow-t1', event: 'cameraUnavailable', payload: { reason } }]);
    expect(m.wrapper.find(testid('camera-unavailable')).text()).toContain('请到派出所户籍窗口办理');
    await show(m, 'face', sampleViews.face, { status: 'failed', error: { code: 'cameraUnavailable', message: 'camera' } });
    expect(m.wrapper.find(testid('tempid-failed')).attributes('data-reason')).toBe('cameraUnavailable');
    expect(m.wrapper.text()).toContain('摄像头无法使用');
  });

  it('face: auto-captures after the countdown, sends the JPEG, keeps nothing, and stops the camera on leaving', async () => {
    const { track, getUserMedia } = installCamera({});
    // happy-dom's video has no frame size: give it one for this test.
    Object.defineProperty(HTMLVideoElement.prototype, 'videoWidth', { get: () => 640, configurable: true });
    Object.defineProperty(HTMLVideoElement.prototype, 'videoHeight', { get: () => 480, configurable: true });
    onTestFinished(() => {
      delete (HTMLVideoElement.prototype as { videoWidth?: number }).videoWidth;
      delete (HTMLVideoElement.prototype as { videoHeight?: number }).videoHeight;
    });
    vi.spyOn(HTMLVideoElement.prototype, 'play').mockResolvedValue(undefined);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ drawImage: vi.fn() } as unknown as CanvasRenderingContext2D);
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==');
    m = await mountFlow();
    await flushPromises();
    vi.useFakeTimers();
    await show(m, 'face', { attempt: 2, maxAttempts: 3, lastResult: 'noMatch' });
    await flushPromises();
    expect(getUserMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: false }));
    expect(m.wrapper.find(testid('face-last-result')).text()).toContain('没有比对通过');
    expect(m.wrapper.find(testid('face-attempt')).text()).toContain('第 2 次，共可拍 3 次');
    await vi.advanceTimersByTimeAsync(5_000);
    await flushPromises();
    expect(m.api.callsOf('flow.send')).toEqual([{ flowId: 'flow-t1', event: 'faceCaptured', payload: { imageJpegBase64: '/9j/4AAQSkZJRgABAQ==' } }]);
    await show(m, 'faceCheck', { attempt: 2, maxAttempts: 3 });
    expect(m.wrapper.find(testid('tempid-faceCheck')).exists()).toBe(true);
    expect(getUserMedia).toHaveBeenCalledTimes(1); // same camera session across face ⇄ faceCheck
    const store = useFlowStore();
    expect(JSON.stringify(store.$state)).not.toContain('/9j/');
    await show(m, 'confirm', sampleViews.confirm);
    expect(track.stop).toHaveBeenCalled();
  });

  it('confirm: details in a table with the number masked; back and confirm are sent', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'confirm', sampleViews.confirm);
    const table = m.wrapper.find(testid('confirm-details'));
    expect(table.find(testid('confirm-name')).text()).toBe('王䶮');
    expect(table.find(testid('confirm-masked')).text()).toBe('110105********002X');
    expect(table.text()).toContain('2025-01-01 至 2025-03-31');
    await m.wrapper.find(testid('confirm-back')).trigger('click');
    await flushPromises();
    await m.wrapper.find(testid('confirm-ok')).trigger('click');
    expect(m.api.callsOf('flow.send').map((p) => (p as { event: string }).event)).toEqual(['back', 'confirm']);
  });

  it('payment: amount, a QR drawn from the payload, the money rule, and a countdown from secondsLeft', async () => {
    m = await mountFlow();
    await flushPromises();
    vi.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    await show(m, 'payment', { ...sampleViews.payment, secondsLeft: 90 });
    await vi.advanceTimersByTimeAsync(0);
    await flushPromises();
    expect(m.wrapper.find(testid('payment-amount')).text()).toBe('请缴费 10 元');
    expect(m.wrapper.find(`${testid('payment-qr')} svg`).exists()).toBe(true);
    expect(m.wrapper.find(testid('payment-money-rule')).text()).toContain('不会扣钱');
    expect(m.wrapper.find(testid('countdown-clock')).text()).toBe('1:30');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(m.wrapper.find(testid('countdown-clock')).text()).toBe('1:00');
    await vi.advanceTimersByTimeAsync(61_000);
    expect(m.wrapper.find(testid('payment-expired')).exists()).toBe(true);
    await show(m, 'payment', { ...sampleViews.payment, declined: 'insufficientFunds' });
    expect(m.wrapper.find(testid('payment-declined')).text()).toContain('余额不足');
  });

  it('cancel before any money: flow.cancel and straight home', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'identity', sampleViews.identity);
    await m.wrapper.find(testid('flow-exit')).trigger('click');
    await flushPromises();
    expect(m.api.callsOf('flow.cancel')).toEqual([{ flowId: 'flow-t1' }]);
    expect(m.router.currentRoute.value.name).toBe('home');
  });

  it('cancel during payment waits for the ending and explains the money, refunded or not charged', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'payment', sampleViews.payment);
    await m.wrapper.find(testid('flow-exit')).trigger('click');
    await flushPromises();
    expect(m.api.callsOf('flow.cancel')).toHaveLength(1);
    expect(m.router.currentRoute.value.name).toBe('tempIdCard');
    const money: MoneyView = { status: 'refunded', amountFen: 1000 };
    await show(m, 'payment', { ...sampleViews.payment, phase: 'cancelling', money });
    expect(m.wrapper.find(testid('payment-cancelling')).exists()).toBe(true);
    await show(m, 'payment', { ...sampleViews.payment, money }, { status: 'cancelled', error: { code: 'cancelled', message: 'x' } });
    expect(m.router.currentRoute.value.name).toBe('tempIdCard');
    expect(m.wrapper.find(testid('error-money')).text()).toBe('已付的 10 元已原路退回您的付款账户，一般 1 至 3 个工作日到账。');
    await m.wrapper.find(testid('ended-home')).trigger('click');
    await flushPromises();
    expect(m.router.currentRoute.value.name).toBe('home');

    m.wrapper.unmount();
    m = await mountFlow();
    await flushPromises();
    await show(m, 'payment', sampleViews.payment);
    await m.wrapper.find(testid('flow-exit')).trigger('click');
    await flushPromises();
    await show(m, 'payment', { ...sampleViews.payment, money: { status: 'notCharged', amountFen: 1000 } }, { status: 'cancelled', error: { code: 'cancelled', message: 'x' } });
    expect(m.router.currentRoute.value.name).toBe('tempIdCard');
    expect(m.wrapper.find(testid('error-money')).text()).toBe('没有扣您的钱。');
  });

  it('a card printer fault after payment names the ticket and what happens to the money', async () => {
    m = await mountFlow({ locale: 'en' });
    await flushPromises();
    await show(m, 'printing', { phase: 'compensating', printerProblem: 'cardJam' });
    expect(m.wrapper.find(testid('printing-compensating')).text()).toContain('A card is stuck');
    expect(m.wrapper.find(testid('flow-exit')).attributes('disabled')).toBeDefined();
    const money: MoneyView = { status: 'refundByStaff', amountFen: 1000, ticketNo: 'WT-1-20261201-042', slipPrinted: true };
    await show(m, 'printing', { phase: 'compensating', printerProblem: 'cardJam', money }, { status: 'failed', error: { code: 'cardPrinterFailed', message: 'jam' } });
    const panel = m.wrapper.find(testid('reason-cardPrinterFailed'));
    expect(panel.find('h2').text()).toContain('could not be printed');
    expect(panel.find(testid('error-money')).text()).toContain('Staff will refund it');
    expect(panel.find(testid('error-reference')).text()).toContain('42');
    expect(panel.text()).toContain('A slip explaining this has been printed');
  });

  it.each(tempIdContract.Reason.options)('ending %s is explained with a way home', async (reason) => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'eligibility', sampleViews.eligibility, { status: 'failed', error: { code: reason, message: 'x' } });
    const root = m.wrapper.find(testid('tempid-failed'));
    expect(root.attributes('data-reason')).toBe(reason);
    expect(root.find('h2').text().length).toBeGreaterThan(4);
    expect(root.find(testid('ended-home')).exists()).toBe(true);
  });

  it('a view that breaks the contract shows an error panel, not a crash', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'payment', { phase: 'waiting' });
    expect(m.wrapper.find(testid('tempid-invalid-view')).exists()).toBe(true);
    await m.wrapper.find(testid('invalid-home')).trigger('click');
    await flushPromises();
    expect(m.router.currentRoute.value.name).toBe('home');
  });

  it('done: says take the card and receipt, explains a missing receipt, finish returns home', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'done', sampleViews.done, { status: 'done' });
    expect(m.wrapper.find('h1').text()).toBe('请取走您的临时身份证和回执');
    await show(m, 'done', { ...sampleViews.done, receiptPending: true }, { status: 'done' });
    expect(m.wrapper.find('h1').text()).toBe('请取走您的临时身份证');
    expect(m.wrapper.find(testid('done-receipt-pending')).text()).toContain('交易号');
    await m.wrapper.find(testid('done-finish')).trigger('click');
    await flushPromises();
    expect(m.router.currentRoute.value.name).toBe('home');
  });

  it('a start the core refuses is explained', async () => {
    const api: TempIdFakeApi = createTempIdFakeApi();
    api.overrides['flow.start'] = () => {
      throw new Error('disabled');
    };
    m = await mountFlow({ api });
    await flushPromises();
    expect(m.wrapper.find(testid('tempid-start-failed')).exists()).toBe(true);
  });

  it('when the session ends (idle), nothing personal remains on screen or in the store', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'confirm', sampleViews.confirm);
    expect(m.wrapper.text()).toContain('北京市朝阳区幸福路1号');
    await useSessionStore().end('idle');
    await flushPromises();
    expect(m.wrapper.text()).not.toContain('北京市朝阳区幸福路1号');
    expect(m.wrapper.text()).not.toContain('110105');
    expect(useFlowStore().progress).toBeNull();
  });

  it('cancelling after typing digits asks once before discarding them', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'identity', sampleViews.identity);
    for (const key of '110105') await m.wrapper.find(testid(`key-${key}`)).trigger('click');
    await m.wrapper.find(testid('flow-exit')).trigger('click');
    await flushPromises();
    expect(m.wrapper.find(testid('discard-confirm')).exists()).toBe(true);
    expect(m.api.callsOf('flow.cancel')).toEqual([]);
    await m.wrapper.find(testid('discard-keep')).trigger('click');
    await flushPromises();
    expect(m.wrapper.find(testid('discard-confirm')).exists()).toBe(false);
    expect(useFlowStore().typedIdNumber).toBe('110105');
    await m.wrapper.find(testid('flow-exit')).trigger('click');
    await m.wrapper.find(testid('discard-confirm-yes')).trigger('click');
    await flushPromises();
    expect(m.api.callsOf('flow.cancel')).toEqual([{ flowId: 'flow-t1' }]);
    expect(m.router.currentRoute.value.name).toBe('home');
  });

  it('the notice lists exactly the steps of the step indicator', async () => {
    m = await mountFlow();
    await flushPromises();
    const steps = m.wrapper.findAll(`${testid('notice-steps')} li`);
    expect(steps).toHaveLength(8);
    expect(m.wrapper.find(testid('step-indicator')).text()).toContain('共 8 步');
    expect(steps[5]!.text()).toContain('缴费');
  });

  it('the idle policy follows the screen: the payment window and printing are never cut short', async () => {
    m = await mountFlow();
    await flushPromises();
    const idle = useIdleStore();
    expect(idle.policy).toEqual({ kind: 'watch' });
    await show(m, 'payment', sampleViews.payment);
    expect(idle.policy).toEqual({ kind: 'suspended', why: 'payment' });
    await show(m, 'printing', sampleViews.printing);
    expect(idle.policy).toEqual({ kind: 'suspended', why: 'printing' });
    await show(m, 'done', sampleViews.done);
    expect(idle.policy).toMatchObject({ kind: 'returnHome' });
    m.wrapper.unmount();
    expect(idle.policy).toEqual({ kind: 'watch' });
  });

  it('in English, the confirm screen names the ethnic group in English', async () => {
    m = await mountFlow({ locale: 'en' });
    const { useKioskStore } = await import('../../stores/kiosk');
    useKioskStore().setLocale('en');
    await flushPromises();
    await show(m, 'confirm', { ...sampleViews.confirm, ethnicity: '维吾尔' });
    expect(m.wrapper.find(testid('confirm-details')).text()).toContain('Uyghur');
    expect(m.wrapper.find(testid('confirm-details')).text()).not.toContain('维吾尔');
  });

  it('done with the receipt pending says only what is true: take the card', async () => {
    m = await mountFlow();
    await flushPromises();
    await show(m, 'done', { ...sampleViews.done, receiptPending: true });
    expect(m.wrapper.find(testid('done-heading')).text()).toBe('请取走您的临时身份证');
    expect(m.wrapper.find(testid('done-heading')).text()).not.toContain('回执');
    expect(m.wrapper.find(testid('done-receipt-pending')).text()).toContain('回执暂时没能打印');
  });

  it('identity with the card reader unplugged says so and offers typing', async () => {
    m = await mountFlow();
    await flushPromises();
    const { useDeviceHealthStore } = await import('../../stores/devices');
    useDeviceHealthStore().health = {
      level: 'down',
      devices: [{ identity: { id: 'idReader', kind: 'idCardReader', driver: 'sim', port: 'in-process' }, status: { kind: 'idCardReader', device: 'offline', media: 'unknown' }, healthy: false, since: new Date(0).toISOString() }],
    };
    await show(m, 'identity', sampleViews.identity);
    expect(m.wrapper.find(testid('identity-reader-down')).text()).toContain('读卡器暂时不能使用');
    expect(m.wrapper.find(testid('id-boxes')).exists()).toBe(true);
  });
});
