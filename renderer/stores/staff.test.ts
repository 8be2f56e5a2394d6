/** The staff store and the console's routes against a fake core. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffSessionInfo } from '../../contract/staff';
import { installApi } from '../api/current';
import { createKioskRouter } from '../router';
import { createFakeApi, type StaffResults } from '../test/fake-api';
import { useStaffStore } from './staff';

const session = (role: 'officer' | 'technician'): StaffSessionInfo => ({
  staffSessionId: 'a'.repeat(32),
  staffId: role === 'officer' ? 'DEV-OFFICER' : 'DEV-TECH',
  alias: '值班民警',
  role,
  startedAt: '2026-12-01T02:00:00.000Z',
  idleSeconds: 120,
  expiresAt: '2026-12-01T02:02:00.000Z',
});
const ATTEMPT = 'b'.repeat(24);

function setup(staff: StaffResults = {}) {
  setActivePinia(createPinia());
  const api = createFakeApi(undefined, {
    'staff.signIn.begin': () => ({
      ok: true,
      attemptId: ATTEMPT,
      allowTypedNumber: false,
      expiresAt: '2026-12-01T02:01:00.000Z',
    }),
    'staff.signIn.pin': ({ pin }) =>
      pin === '246810'
        ? { ok: true, session: session('officer') }
        : { ok: false, reason: 'wrongPin', message: 'wrong', attemptsLeft: 4 },
    'staff.signIn.cancel': () => ({ cancelled: true }),
    'staff.signOut': () => ({ ended: true }),
    'staff.touch': () => ({ expiresAt: '2026-12-01T02:05:00.000Z' }),
    ...staff,
  });
  installApi(api);
  const ended = vi.fn();
  const store = useStaffStore();
  store.connect(ended);
  return { api, store, ended };
}

describe('staff store', () => {
  beforeEach(() => vi.useRealTimers());

  it('follows the sign-in: waiting for the card, the card read, a wrong PIN with tries left, then the session', async () => {
    const { api, store } = setup();
    await store.beginSignIn();
    expect(store.signIn).toMatchObject({ attemptId: ATTEMPT, stage: 'waitingForCard' });
    api.emit('staff.signIn.progress', { attemptId: ATTEMPT, stage: 'cardRead' });
    expect(store.signIn?.stage).toBe('cardRead');
    api.emit('staff.signIn.progress', { attemptId: 'c'.repeat(24), stage: 'cardNotOnList' });
    expect(store.signIn?.stage).toBe('cardRead'); // another attempt's progress is not ours
    expect(await store.enterPin('111111')).toBe(false);
    expect(store.refusal).toEqual({ reason: 'wrongPin', message: 'wrong', attemptsLeft: 4 });
    expect(await store.enterPin('246810')).toBe(true);
    expect(store.session?.role).toBe('officer');
    expect(store.signIn).toBeNull();
  });

  it('a lock-out ends the attempt on screen too', async () => {
    const { store } = setup({
      'staff.signIn.pin': () => ({
        ok: false,
        reason: 'lockedOut',
        message: 'locked',
        lockedUntil: '2026-12-01T02:15:00.000Z',
      }),
    });
    await store.beginSignIn();
    await store.enterPin('111111');
    expect(store.signIn).toBeNull();
    expect(store.refusal).toMatchObject({ reason: 'lockedOut', lockedUntil: '2026-12-01T02:15:00.000Z' });
  });

  it('clears everything and says so when the core ends the session (idle)', async () => {
    const { api, store, ended } = setup();
    await store.beginSignIn();
    await store.enterPin('246810');
    api.emit('staff.session.ended', { staffSessionId: 'z'.repeat(32), reason: 'idle' });
    expect(store.session).not.toBeNull(); // not this session
    api.emit('staff.session.ended', { staffSessionId: 'a'.repeat(32), reason: 'idle' });
    expect(store.session).toBeNull();
    expect(ended).toHaveBeenCalledWith('idle');
  });

  it('reports touches to the core at most every ten seconds', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T02:00:00Z') });
    const { api, store } = setup();
    await store.beginSignIn();
    await store.enterPin('246810');
    store.touched();
    vi.advanceTimersByTime(10_001);
    store.touched();
    store.touched();
    expect(api.calls.filter((c) => c.method === 'staff.touch')).toHaveLength(1);
  });

  it('a staff call refused for want of a session ends the console instead of throwing', async () => {
    const { store, ended } = setup();
    await store.beginSignIn();
    await store.enterPin('246810');
    await store.loadBoard(); // staff.board is not answered by the fake core: staffSessionRequired
    expect(store.session).toBeNull();
    expect(ended).toHaveBeenCalledWith('signedOut');
  });
});

describe('staff routes', () => {
  it('need a staff session, and the right role; a resident screen signs staff out', async () => {
    const { store, api } = setup({
      'staff.board': () => ({
        kioskId: 'T-1',
        at: '2026-12-01T02:00:00.000Z',
        colour: 'green',
        counts: { red: 0, orange: 0, yellow: 0, green: 0 },
        items: [],
      }),
    });
    const router = createKioskRouter();
    await router.push({ name: 'staffTickets' });
    expect(router.currentRoute.value.name).toBe('staffSignIn');
    store.session = session('technician');
    await router.push({ name: 'staffTickets' });
    expect(router.currentRoute.value.name).toBe('staffBoard');
    await router.push({ name: 'staffDevices' });
    expect(router.currentRoute.value.name).toBe('staffDevices');
    await router.push({ name: 'home' });
    expect(store.session).toBeNull();
    expect(api.calls.some((c) => c.method === 'staff.signOut')).toBe(true);
  });
});
