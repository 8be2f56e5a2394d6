import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { installApi } from '../api/current';
import { createFakeApi } from '../test/fake-api';
import { useSessionStore } from './session';

describe('session store', () => {
  let api: ReturnType<typeof createFakeApi>;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = createFakeApi();
    installApi(api);
  });

  it('wipes every registered personal-data store and ends the core session', async () => {
    const session = useSessionStore();
    const personal = { idNumber: '11010519491231002X' as string | null };
    session.registerPersonalData('test', () => (personal.idNumber = null));
    const id = await session.start('zh-CN');
    await session.end('home');
    expect(personal.idNumber).toBeNull();
    expect(session.sessionId).toBeNull();
    expect(api.calls.at(-1)).toEqual({ method: 'session.end', params: { sessionId: id, reason: 'home' } });
  });

  it('wipes even when there is no core session', async () => {
    const session = useSessionStore();
    let wiped = 0;
    session.registerPersonalData('x', () => (wiped += 1));
    await session.end('idle');
    expect(wiped).toBe(1);
    expect(api.calls).toEqual([]);
  });

  it('ends the previous session before starting another', async () => {
    const session = useSessionStore();
    const first = await session.start('zh-CN');
    await session.start('en');
    expect(api.calls.map((c) => c.method)).toEqual(['session.start', 'session.end', 'session.start']);
    expect(api.calls[1]!.params).toEqual({ sessionId: first, reason: 'home' });
  });
});
