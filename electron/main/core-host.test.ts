import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../contract/rpc';
import { FakeUtilityProcess } from '../test/fake-electron';
import { createCoreHost } from './core-host';

function setup(requestTimeoutMs = 1000) {
  const forks: FakeUtilityProcess[] = [];
  const events: EventMessage[] = [];
  const logs: string[] = [];
  const host = createCoreHost({
    fork: () => {
      const child = new FakeUtilityProcess('core.cjs', {});
      forks.push(child);
      return child;
    },
    onEvent: (message) => events.push(message),
    log: (event) => logs.push(event),
    requestTimeoutMs,
    restartDelaysMs: [100, 1000],
  });
  const ready = (child: FakeUtilityProcess) => child.emit('message', { type: 'event', name: 'core.state', payload: { state: 'ready' } });
  return { host, forks, events, logs, ready };
}
const request = (id: number) => ({ type: 'request', id, method: 'kiosk.info', params: {} });

describe('core host (utility process supervisor)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers unavailable until the core reports ready', async () => {
    const { host, forks, ready } = setup();
    host.start();
    expect(await host.request(request(1))).toMatchObject({ id: 1, ok: false, error: { code: 'unavailable' } });
    ready(forks[0]!);
    expect(host.running).toBe(true);
  });

  it('relays a request under its own id and maps the answer back to the caller id', async () => {
    const { host, forks, ready } = setup();
    host.start();
    ready(forks[0]!);
    const answer = host.request(request(42));
    const posted = forks[0]!.posted[0] as { id: number };
    expect(posted).toMatchObject({ type: 'request', method: 'kiosk.info' });
    forks[0]!.emit('message', { type: 'response', id: posted.id, ok: true, result: { x: 1 } });
    expect(await answer).toEqual({ type: 'response', id: 42, ok: true, result: { x: 1 } });
  });

  it('rejects a malformed request without bothering the core', async () => {
    const { host, forks, ready } = setup();
    host.start();
    ready(forks[0]!);
    expect(await host.request({ id: 5, method: 7 })).toMatchObject({ id: 5, ok: false, error: { code: 'badMessage' } });
    expect(await host.request('junk')).toMatchObject({ id: 0, ok: false, error: { code: 'badMessage' } });
    expect(forks[0]!.posted).toEqual([]);
  });

  it('ignores malformed messages from the core', () => {
    const { host, forks, events, logs } = setup();
    host.start();
    forks[0]!.emit('message', { type: 'event', name: 3 });
    forks[0]!.emit('message', 'garbage');
    expect(events).toEqual([]);
    expect(logs).toEqual(['core-message-malformed', 'core-message-malformed']);
  });

  it('on a core crash: fails pending calls, reports unavailable, restarts with backoff, recovers', async () => {
    const { host, forks, events, ready } = setup();
    host.start();
    ready(forks[0]!);
    const pending = host.request(request(1));
    forks[0]!.emit('exit', 1);
    expect(await pending).toMatchObject({ id: 1, ok: false, error: { code: 'unavailable' } });
    expect(events.at(-1)).toEqual({ type: 'event', name: 'core.state', payload: { state: 'unavailable', reason: 'exit code 1' } });
    expect(host.running).toBe(false);

    vi.advanceTimersByTime(99);
    expect(forks).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(forks).toHaveLength(2);
    ready(forks[1]!);
    expect(host.running).toBe(true);
    expect(events.at(-1)).toMatchObject({ name: 'core.state', payload: { state: 'ready' } });

    forks[1]!.emit('exit', 1);
    vi.advanceTimersByTime(999);
    expect(forks).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(forks).toHaveLength(3);
  });

  it('times out a request the core never answers', async () => {
    const { host, forks, ready } = setup(500);
    host.start();
    ready(forks[0]!);
    const answer = host.request(request(3));
    vi.advanceTimersByTime(501);
    expect(await answer).toMatchObject({ id: 3, ok: false, error: { code: 'timeout' } });
  });

  it('does not restart after stop', () => {
    const { host, forks } = setup();
    host.start();
    host.stop();
    expect(forks[0]!.killed).toBe(true);
    forks[0]!.emit('exit', 0);
    vi.advanceTimersByTime(10_000);
    expect(forks).toHaveLength(1);
  });
});
