/** The generic flow store, driven with the temporary ID card's contract. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { installApi } from '../api/current';
import { createTempIdFakeApi, progressOf, sampleViews, type TempIdFakeApi } from './test-support';
import { useSessionStore } from '../stores/session';
import { useFlowStore } from './flow-store';

describe('flow store', () => {
  let api: TempIdFakeApi;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = createTempIdFakeApi();
    installApi(api);
  });

  it('starts a session first, then the tempIdCard flow in it, and shows the notice', async () => {
    const store = useFlowStore();
    expect(await store.start('tempIdCard')).toBe(true);
    expect(api.calls.map((c) => c.method)).toEqual(['session.start', 'flow.start']);
    expect(api.callsOf('flow.start')[0]).toEqual({ sessionId: useSessionStore().sessionId, service: 'tempIdCard' });
    expect(store.flowId).toBe('flow-t1');
    expect(store.screen).toMatchObject({ kind: 'state', state: 'notice', view: { feeFen: 1000 } });
  });

  it('follows progress of its own flow only, and never steps back to an older one', async () => {
    const store = useFlowStore();
    await store.start('tempIdCard');
    const older = progressOf('identity', sampleViews.identity);
    const newer = progressOf('eligibility', sampleViews.eligibility);
    api.emit('flow.progress', { ...progressOf('payment', sampleViews.payment), flowId: 'someone-else' });
    expect(store.screen).toMatchObject({ state: 'notice' });
    api.emit('flow.progress', newer);
    api.emit('flow.progress', older);
    expect(store.screen).toMatchObject({ state: 'eligibility' });
  });

  it('sends events with their payloads and returns refusals as values', async () => {
    const store = useFlowStore();
    expect(await store.send('accept', {})).toEqual({ accepted: false, reason: 'notStarted' });
    await store.start('tempIdCard');
    expect(await store.send('accept', {})).toEqual({ accepted: true });
    expect(api.callsOf('flow.send')).toEqual([{ flowId: 'flow-t1', event: 'accept', payload: {} }]);
    api.overrides['flow.send'] = () => ({ accepted: false, reason: 'notAllowed', message: 'not in this state' });
    expect(await store.send('confirm', {})).toEqual({ accepted: false, reason: 'notAllowed' });
    expect(store.lastRefusal).toBe('notAllowed');
    api.overrides['flow.send'] = () => {
      throw new Error('core away');
    };
    expect(await store.send('confirm', {})).toEqual({ accepted: false, reason: 'unavailable' });
    expect(store.sending).toBe(false);
  });

  it('cancels through flow.cancel, and tolerates having no flow or no core', async () => {
    const store = useFlowStore();
    expect(await store.cancel()).toBe(false);
    await store.start('tempIdCard');
    expect(await store.cancel()).toBe(true);
    expect(api.callsOf('flow.cancel')).toEqual([{ flowId: 'flow-t1' }]);
    api.overrides['flow.cancel'] = () => {
      throw new Error('core away');
    };
    expect(await store.cancel()).toBe(false);
  });

  it('reports a start the core refused as startFailed', async () => {
    api.overrides['flow.start'] = () => {
      throw new Error('service disabled');
    };
    const store = useFlowStore();
    expect(await store.start('tempIdCard')).toBe(false);
    expect(store.screen).toEqual({ kind: 'startFailed' });
  });

  it('forgets the typed number as soon as the flow leaves identity', async () => {
    const store = useFlowStore();
    await store.start('tempIdCard');
    api.emit('flow.progress', progressOf('identity', sampleViews.identity));
    store.typedIdNumber = '11010519491231002X';
    api.emit('flow.progress', progressOf('identity', { attempts: 1, problem: 'badCheckCharacter' }));
    expect(store.typedIdNumber).toBe('11010519491231002X'); // kept so it can be corrected
    api.emit('flow.progress', progressOf('eligibility', sampleViews.eligibility));
    expect(store.typedIdNumber).toBe('');
  });

  it('turns a view that breaks the contract into invalidView, never a crash', async () => {
    const store = useFlowStore();
    await store.start('tempIdCard');
    api.emit('flow.progress', progressOf('confirm', { name: '王' }));
    expect(store.screen).toEqual({ kind: 'invalidView', state: 'confirm' });
    api.emit('flow.progress', progressOf('teleport', {}));
    expect(store.screen).toEqual({ kind: 'invalidView', state: 'teleport' });
  });

  it('maps endings to a reason code; an unknown code becomes internalError and money still parses', async () => {
    const store = useFlowStore();
    await store.start('tempIdCard');
    const money = { status: 'refunded', amountFen: 1000 } as const;
    api.emit('flow.progress', progressOf('printing', { phase: 'compensating', money }, { status: 'failed', error: { code: 'cardPrinterFailed', message: 'jam' } }));
    expect(store.screen).toMatchObject({ kind: 'ended', status: 'failed', reason: 'cardPrinterFailed', view: { money } });
    setActivePinia(createPinia());
    const other = useFlowStore();
    await other.start('tempIdCard');
    api.emit('flow.progress', progressOf('printing', { phase: 'bogus', money }, { status: 'failed', error: { code: 'martians', message: '?' } }));
    expect(other.screen).toEqual({ kind: 'ended', status: 'failed', reason: 'internalError', state: 'printing', view: { money } });
  });

  it('wipes everything personal when the session ends, and stops listening', async () => {
    const store = useFlowStore();
    const session = useSessionStore();
    await store.start('tempIdCard');
    api.emit('flow.progress', progressOf('confirm', sampleViews.confirm));
    store.typedIdNumber = '1101051949';
    await session.end('idle');
    expect(store.flowId).toBeNull();
    expect(store.progress).toBeNull();
    expect(store.typedIdNumber).toBe('');
    expect(store.receivedAt).toBe(0);
    expect(store.screen).toEqual({ kind: 'idle' });
    expect(JSON.stringify(store.$state)).not.toContain('王');
    api.emit('flow.progress', progressOf('confirm', sampleViews.confirm));
    expect(store.progress).toBeNull();
  });

  it('a wipe during start wins: the late start answer is ignored', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    api.overrides['flow.start'] = async () => {
      await gate;
      return progressOf('notice', sampleViews.notice);
    };
    const store = useFlowStore();
    const starting = store.start('tempIdCard');
    await Promise.resolve();
    store.wipe();
    release();
    expect(await starting).toBe(false);
    expect(store.flowId).toBeNull();
    expect(store.screen).toEqual({ kind: 'idle' });
  });
});
