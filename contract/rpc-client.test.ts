import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKioskClient, type ClientTransport } from './rpc-client';
import { KioskApiError, type RequestMessage } from './rpc';

/** A transport whose far end the test plays by hand. */
function fakeTransport(connected = true) {
  const sent: RequestMessage[] = [];
  const messageListeners = new Set<(raw: unknown) => void>();
  const connectionListeners = new Set<(up: boolean) => void>();
  const transport: ClientTransport & { up: boolean } = {
    up: connected,
    get connected() {
      return this.up;
    },
    send: (message) => void sent.push(message),
    onMessage: (listener) => (messageListeners.add(listener), () => messageListeners.delete(listener)),
    onConnection: (listener) => (connectionListeners.add(listener), () => connectionListeners.delete(listener)),
  };
  return {
    transport,
    sent,
    deliver: (raw: unknown) => messageListeners.forEach((listener) => listener(raw)),
    setConnected: (up: boolean) => {
      transport.up = up;
      connectionListeners.forEach((listener) => listener(up));
    },
  };
}

const info = {
  kioskId: 'K1', postName: '岗', mode: 'development', version: '1', defaultLocale: 'zh-CN',
  timeZone: 'Asia/Shanghai', idleSeconds: 60, idleCountdownSeconds: 20, services: [{ id: 'help', available: false, state: 'notImplemented' }],
};

describe('kiosk client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a request envelope and resolves with the validated result', async () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport);
    const call = client.call('kiosk.info', {});
    expect(far.sent).toEqual([{ type: 'request', id: 1, method: 'kiosk.info', params: {} }]);
    far.deliver({ type: 'response', id: 1, ok: true, result: info });
    await expect(call).resolves.toEqual(info);
  });

  it('rejects with badResult when the core answers outside the contract', async () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport);
    const call = client.call('kiosk.info', {});
    far.deliver({ type: 'response', id: 1, ok: true, result: { kioskId: 42 } });
    await expect(call).rejects.toMatchObject({ code: 'badResult' });
  });

  it('passes typed errors from the core through', async () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport);
    const call = client.call('devices.health', {});
    far.deliver({ type: 'response', id: 1, ok: false, error: { code: 'badParams', message: 'nope' } });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskApiError);
    expect(error).toMatchObject({ code: 'badParams', message: 'nope' });
  });

  it('drops malformed messages and reports them without crashing', () => {
    const far = fakeTransport();
    const problems: string[] = [];
    const client = createKioskClient(far.transport, { onProtocolError: (p) => problems.push(p) });
    const seen: unknown[] = [];
    client.on('devices.health', (payload) => seen.push(payload));
    for (const garbage of [undefined, null, 42, 'text', { type: 'event' }, { type: 'response', id: -1, ok: true },
      { type: 'event', name: 'devices.health', payload: { level: 'purple', devices: [] } },
      { type: 'event', name: 'no.such.event', payload: {} }, { type: 'response', id: 99, ok: true, result: {} }]) {
      far.deliver(garbage);
    }
    expect(seen).toEqual([]);
    expect(problems).toHaveLength(9);
  });

  it('delivers valid events to subscribers and stops after unsubscribe', () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport);
    const seen: unknown[] = [];
    const off = client.on('devices.health', (payload) => seen.push(payload));
    far.deliver({ type: 'event', name: 'devices.health', payload: { level: 'ok', devices: [] } });
    off();
    far.deliver({ type: 'event', name: 'devices.health', payload: { level: 'down', devices: [] } });
    expect(seen).toEqual([{ level: 'ok', devices: [] }]);
  });

  it('times out a call the core never answers', async () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport, { timeoutMs: 1000 });
    const call = client.call('kiosk.info', {});
    vi.advanceTimersByTime(1001);
    await expect(call).rejects.toMatchObject({ code: 'timeout' });
  });

  it('fails pending calls as unavailable when the link drops, and refuses calls until it is back', async () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport);
    const availability: boolean[] = [];
    client.onAvailability((up) => availability.push(up));
    const call = client.call('kiosk.info', {});
    far.setConnected(false);
    await expect(call).rejects.toMatchObject({ code: 'unavailable' });
    await expect(client.call('kiosk.info', {})).rejects.toMatchObject({ code: 'unavailable' });
    far.setConnected(true);
    expect(availability).toEqual([false, true]);
    expect(client.available).toBe(true);
  });

  it('follows core.state events: unavailable while the core restarts, available when it is ready', async () => {
    const far = fakeTransport();
    const client = createKioskClient(far.transport);
    const call = client.call('kiosk.info', {});
    far.deliver({ type: 'event', name: 'core.state', payload: { state: 'unavailable', reason: 'exit code 1' } });
    await expect(call).rejects.toMatchObject({ code: 'unavailable' });
    expect(client.available).toBe(false);
    far.deliver({ type: 'event', name: 'core.state', payload: { state: 'ready' } });
    expect(client.available).toBe(true);
  });
});
