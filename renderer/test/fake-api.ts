/** An in-memory KioskClient for component and store tests. */
import type { EventName, KioskInfo, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../contract/api';
import type { KioskClient } from '../../contract/rpc-client';
import { KioskApiError } from '../../contract/rpc';
import type { StaffMethodName } from '../../contract/staff';

type Results = { [M in MethodName]: (params: ParamsOf<M>) => ResultOf<M> };
/** Staff methods answer only where a test supplies them (resident screens never call them); a test may replace any other answer too. */
export type StaffResults = Partial<Results>;

export const testInfo: KioskInfo = {
  kioskId: 'T-1', postName: '测试警务室', postNameEn: 'Test Post', mode: 'development', version: '0.0.0',
  defaultLocale: 'zh-CN', timeZone: 'Asia/Shanghai', idleSeconds: 60, idleCountdownSeconds: 20,
  services: [
    { id: 'tempIdCard', available: false, state: 'notImplemented' }, { id: 'traffic', available: false, state: 'notImplemented' },
    { id: 'noCriminalRecord', available: false, state: 'notImplemented' }, { id: 'progress', available: false, state: 'notImplemented' },
    { id: 'help', available: false, state: 'notImplemented' },
  ],
};

/** `overrides` answer resident methods differently (e.g. a list of notices). */
export function createFakeApi(info: KioskInfo = testInfo, staff: StaffResults = {}, overrides: Partial<Omit<Results, StaffMethodName>> = {}) {
  const calls: { method: MethodName; params: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let sessionCounter = 0;
  const results: Omit<Results, StaffMethodName> & StaffResults = {
    'kiosk.info': () => info,
    'devices.health': () => ({ level: 'ok', devices: [] }),
    'services.list': () => info.services,
    'session.start': () => ({ sessionId: `session-${++sessionCounter}-abcdef`, startedAt: new Date().toISOString() }),
    'session.end': () => ({ wiped: true }),
    'flow.start': ({ service }) => ({ flowId: 'flow-1', service, state: 'start', step: 1, totalSteps: 1, status: 'waiting', at: new Date().toISOString() }),
    'flow.send': () => ({ accepted: true }),
    'flow.cancel': () => ({ cancelled: true }),
    'dev.state': () => ({ devices: [], fixtures: [], paymentCodes: [] }),
    'dev.act': () => ({ done: true }),
    'dev.printed': () => ({}),
    // No speech engine in component tests: the player stays silent, as a kiosk without voice would.
    'speech.say': () => ({ ok: false, reason: 'silent', message: 'no engine in tests', platformFallback: false }),
    'speech.clip': () => ({ data: '', nextOffset: null }),
    'speech.prepare': ({ prompts }) => ({ queued: prompts.length }),
    'voice.health': () => ({ level: 'ok', engine: 'espeak-ng', engines: [{ id: 'espeak-ng', state: 'ready' }], checking: false }),
    'help.call.start': () => ({ ok: false, reason: 'helpOff', message: 'no video help in tests' }),
    'help.call.signal': () => ({ delivered: false }),
    'help.call.end': () => ({ ended: false }),
    'notices.list': () => ({ notices: [], rotateSeconds: 8, source: 'none' }),
    'notices.image': () => {
      throw new KioskApiError('rejected', 'no such notice image');
    },
    ...staff,
    ...overrides,
  } as Omit<Results, StaffMethodName> & StaffResults;
  const api: KioskClient & { calls: typeof calls; emit<E extends EventName>(event: E, payload: PayloadOf<E>): void } = {
    calls,
    available: true,
    call: async <M extends MethodName>(method: M, params: ParamsOf<M>) => {
      calls.push({ method, params });
      const result = results[method] as ((p: ParamsOf<M>) => ResultOf<M>) | undefined;
      if (!result) throw new KioskApiError('staffSessionRequired', `${method} needs a staff session`);
      return result(params);
    },
    on: (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onAvailability: () => () => {},
    dispose: () => {},
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
  };
  return api;
}
