import { describe, expect, it } from 'vitest';
import { refusingHelpCallHandlers } from '../help-call/handlers';
import { refusingStaffHandlers } from '../staff/handlers';
import { createDispatcher, RejectedError, type Handlers } from './dispatcher';

const info = {
  kioskId: 'K1', postName: '岗', mode: 'development' as const, version: '1', defaultLocale: 'zh-CN' as const, timeZone: 'Asia/Shanghai',
  idleSeconds: 60, idleCountdownSeconds: 20, services: [],
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'kiosk.info': () => info,
    'devices.health': () => ({ level: 'ok', devices: [] }),
    'services.list': () => [],
    'session.start': () => ({ sessionId: 'abcdefgh12', startedAt: '2026-11-23T00:00:00Z' }),
    'session.end': () => ({ wiped: true }),
    'flow.start': () => { throw new RejectedError('no flows here'); },
    'flow.send': () => ({ accepted: false, reason: 'unknownFlow', message: 'none' }),
    'flow.cancel': () => ({ cancelled: false }),
    'dev.state': () => { throw new RejectedError('no dev'); },
    'dev.act': () => { throw new RejectedError('no dev'); },
    'dev.printed': () => ({}),
    'speech.say': () => ({ ok: false, reason: 'silent', message: 'no engine', platformFallback: false }),
    'speech.clip': () => { throw new RejectedError('no clip'); },
    'speech.prepare': () => ({ queued: 0 }),
    'voice.health': () => ({ level: 'degraded', engine: null, engines: [], checking: false }),
    'notices.list': () => ({ notices: [], rotateSeconds: 8, source: 'none' }),
    'notices.image': () => { throw new RejectedError('no image'); },
    ...refusingStaffHandlers(),
    ...refusingHelpCallHandlers(),
    ...overrides,
  };
}
const via = { via: 'test' as const };

describe('dispatcher', () => {
  it('answers a valid request with the handler result', async () => {
    const dispatch = createDispatcher(handlers());
    expect(await dispatch({ type: 'request', id: 7, method: 'kiosk.info', params: {} }, via)).toEqual({ type: 'response', id: 7, ok: true, result: info });
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['missing method', { type: 'request', id: 1, params: {} }],
    ['wrong type', { type: 'event', id: 1, method: 'kiosk.info' }],
    ['negative id', { type: 'request', id: -4, method: 'kiosk.info' }],
    ['fractional id', { type: 'request', id: 1.5, method: 'kiosk.info' }],
    ['huge method name', { type: 'request', id: 1, method: 'x'.repeat(1000) }],
  ])('rejects a malformed envelope (%s) with badMessage', async (_name, raw) => {
    const response = await createDispatcher(handlers())(raw, via);
    expect(response).toMatchObject({ type: 'response', ok: false, error: { code: 'badMessage' } });
  });

  it('keeps the caller id on a malformed envelope when it has one', async () => {
    const response = await createDispatcher(handlers())({ type: 'request', id: 12, method: 5 }, via);
    expect(response).toMatchObject({ id: 12, ok: false, error: { code: 'badMessage' } });
  });

  it('rejects unknown methods, including prototype names', async () => {
    const dispatch = createDispatcher(handlers());
    for (const method of ['no.such', 'toString', '__proto__', 'constructor']) {
      expect(await dispatch({ type: 'request', id: 1, method, params: {} }, via)).toMatchObject({ ok: false, error: { code: 'unknownMethod' } });
    }
  });

  it('rejects params that break the schema, naming the field', async () => {
    const response = await createDispatcher(handlers())({ type: 'request', id: 3, method: 'session.end', params: { sessionId: 'short', reason: 'because' } }, via);
    expect(response).toMatchObject({ id: 3, ok: false, error: { code: 'badParams' } });
    expect(response.ok === false && response.error.message).toMatch(/sessionId.*reason/);
  });

  it('rejects unexpected extra params on strict methods', async () => {
    const response = await createDispatcher(handlers())({ type: 'request', id: 3, method: 'kiosk.info', params: { evil: true } }, via);
    expect(response).toMatchObject({ ok: false, error: { code: 'badParams' } });
  });

  it('turns a handler crash into internal without leaking its message', async () => {
    const lines: string[] = [];
    const dispatch = createDispatcher(handlers({ 'kiosk.info': () => { throw new Error('secret stack detail'); } }), (line) => lines.push(line));
    const response = await dispatch({ type: 'request', id: 1, method: 'kiosk.info', params: {} }, via);
    expect(response).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(response)).not.toContain('secret');
    expect(lines.join()).toContain('secret stack detail');
  });

  it('passes an expected refusal through as rejected', async () => {
    const dispatch = createDispatcher(handlers({ 'session.end': () => { throw new RejectedError('that session is over'); } }));
    const response = await dispatch({ type: 'request', id: 1, method: 'session.end', params: { sessionId: 'abcdefgh12', reason: 'home' } }, via);
    expect(response).toEqual({ type: 'response', id: 1, ok: false, error: { code: 'rejected', message: 'that session is over' } });
  });

  it('refuses to send a result that breaks the contract', async () => {
    const dispatch = createDispatcher(handlers({ 'devices.health': () => ({ level: 'fine' }) as never }));
    expect(await dispatch({ type: 'request', id: 1, method: 'devices.health', params: {} }, via)).toMatchObject({ ok: false, error: { code: 'badResult' } });
  });
});
