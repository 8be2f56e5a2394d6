/**
 * No money without a way to deliver, and a session that belongs to one screen: the core pauses a
 * service whose required devices are not ready (home shows why, flow.start refuses it, /healthz
 * says so), and only the connection that started a visit hears or steers it.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceHealth, DeviceStatus } from '../../contract/device';
import type { FlowProgress } from '../../contract/flow';
import { developmentConfig } from '../config/load';
import { runQuestionFlow } from '../kit/test-flow';
import { createMemoryLogger } from '../log/logger';
import { createKioskCore, type DeviceHealthSource } from './kiosk-core';
import { pauseFor } from './readiness';

const cardPrinter = (status: Partial<Extract<DeviceStatus, { kind: 'cardPrinter' }>>): DeviceHealth['devices'][number] => {
  const full: Extract<DeviceStatus, { kind: 'cardPrinter' }> = { kind: 'cardPrinter', device: 'online', cardStock: 'full', ribbon: 'full', cover: 'closed', media: 'ok', ...status };
  const healthy = full.device === 'online' && full.cardStock !== 'out' && full.ribbon !== 'out' && full.cover !== 'open' && full.media !== 'jammed';
  return { identity: { id: 'cardPrinter', kind: 'cardPrinter', driver: 'test', port: 'in-process' }, status: full, healthy, since: new Date(0).toISOString() };
};

/** A device source whose health the test sets. */
function fakeDevices(initial: DeviceHealth['devices']) {
  let devices = initial;
  const listeners = new Set<(health: DeviceHealth) => void>();
  const health = (): DeviceHealth => ({ level: devices.every((d) => d.healthy) ? 'ok' : 'down', devices });
  const source: DeviceHealthSource & { set(next: DeviceHealth['devices']): void } = {
    health,
    onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    start: async () => {},
    stop: async () => {},
    set(next) {
      devices = next;
      for (const listener of listeners) listener(health());
    },
  };
  return source;
}

async function setup(devices = fakeDevices([cardPrinter({})])) {
  const core = createKioskCore({
    config: developmentConfig({ services: { help: { enabled: true } } }),
    version: 't',
    log: createMemoryLogger(),
    devices,
    flows: { help: ({ onProgress }) => runQuestionFlow(onProgress) },
    needs: { help: [{ kind: 'cardPrinter', required: true }, { kind: 'qrScanner', required: false }] },
  });
  const events: { name: string; payload: unknown; audience: string | undefined }[] = [];
  core.onEvent((name, payload, audience) => events.push({ name, payload, audience }));
  await core.start();
  const call = (method: string, params: unknown, connectionId?: string) =>
    core.dispatch({ type: 'request', id: 1, method, params }, { via: 'websocket', ...(connectionId ? { connectionId } : {}) });
  return { core, devices, events, call };
}

const result = <T>(answer: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['call']>>): T => {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
};

describe('service readiness', () => {
  it('pauses a service whose required device is not ready, with the reason, and resumes it', async () => {
    const { call, devices, events, core } = await setup();
    expect(result<{ id: string; state: string }[]>(await call('services.list', {})).find((s) => s.id === 'help')).toEqual({ id: 'help', available: true, state: 'ready' });
    expect(core.status()).toMatchObject({ servicesReady: true, paused: [] });

    devices.set([cardPrinter({ device: 'userError', cardStock: 'out' })]);
    const paused = { id: 'help', available: false, state: 'paused', pause: { device: 'cardPrinter', problem: 'suppliesOut' } };
    expect(result<unknown[]>(await call('services.list', {}))).toContainEqual(paused);
    expect(events.filter((e) => e.name === 'services.changed').at(-1)?.payload).toContainEqual(paused);
    expect(core.status()).toMatchObject({ servicesReady: false, paused: [{ service: 'help', device: 'cardPrinter', problem: 'suppliesOut' }] });
    expect(result<{ services: unknown[] }>(await call('kiosk.info', {})).services).toContainEqual(paused);

    const session = result<{ sessionId: string }>(await call('session.start', { locale: 'zh-CN' }, 'screen-1'));
    expect(await call('flow.start', { sessionId: session.sessionId, service: 'help' }, 'screen-1')).toMatchObject({ ok: false, error: { code: 'rejected' } });

    devices.set([cardPrinter({})]);
    expect(core.status().servicesReady).toBe(true);
    expect(await call('flow.start', { sessionId: session.sessionId, service: 'help' }, 'screen-1')).toMatchObject({ ok: true });
  });

  it('names the problem of each kind of stoppage, and a required device that is not configured', () => {
    const needs = [{ kind: 'cardPrinter' as const, required: true }];
    const health = (d: DeviceHealth['devices']): DeviceHealth => ({ level: 'down', devices: d });
    expect(pauseFor(needs, health([cardPrinter({ device: 'offline' })]))).toEqual({ device: 'cardPrinter', problem: 'offline' });
    expect(pauseFor(needs, health([cardPrinter({ device: 'noDevice' })]))).toEqual({ device: 'cardPrinter', problem: 'offline' });
    expect(pauseFor(needs, health([cardPrinter({ device: 'starting' })]))).toEqual({ device: 'cardPrinter', problem: 'starting' });
    expect(pauseFor(needs, health([cardPrinter({ cover: 'open' })]))).toEqual({ device: 'cardPrinter', problem: 'coverOpen' });
    expect(pauseFor(needs, health([cardPrinter({ media: 'jammed' })]))).toEqual({ device: 'cardPrinter', problem: 'jammed' });
    expect(pauseFor(needs, health([cardPrinter({ device: 'hardwareError' })]))).toEqual({ device: 'cardPrinter', problem: 'fault' });
    expect(pauseFor(needs, health([]))).toEqual({ device: 'cardPrinter', problem: 'missing' });
    expect(pauseFor([{ kind: 'qrScanner', required: false }], health([]))).toBeUndefined();
  });
});

describe('a session belongs to the connection that started it', () => {
  it('sends its flow progress and ending to that connection only, and refuses the others', async () => {
    const { call, events } = await setup();
    const session = result<{ sessionId: string }>(await call('session.start', { locale: 'zh-CN' }, 'owner'));
    expect(await call('session.start', { locale: 'zh-CN' }, 'intruder')).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await call('flow.start', { sessionId: session.sessionId, service: 'help' }, 'intruder')).toMatchObject({ ok: false, error: { code: 'rejected' } });
    const started = result<FlowProgress>(await call('flow.start', { sessionId: session.sessionId, service: 'help' }, 'owner'));

    expect(result(await call('flow.send', { flowId: started.flowId, event: 'answer', payload: { text: 'x' } }, 'intruder'))).toMatchObject({ accepted: false, reason: 'unknownFlow' });
    expect(result(await call('flow.cancel', { flowId: started.flowId }, 'intruder'))).toEqual({ cancelled: false });
    expect(await call('session.end', { sessionId: session.sessionId, reason: 'home' }, 'intruder')).toMatchObject({ ok: false });
    expect(result(await call('flow.send', { flowId: started.flowId, event: 'answer', payload: { text: '你好' } }, 'owner'))).toEqual({ accepted: true });

    const progress = events.filter((e) => e.name === 'flow.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.audience === 'owner')).toBe(true);

    expect(result(await call('session.end', { sessionId: session.sessionId, reason: 'home' }, 'owner'))).toEqual({ wiped: true });
    expect(events.find((e) => e.name === 'session.ended')?.audience).toBe('owner');
  });

  it('ends the session (and cancels its flow) when its connection goes away', async () => {
    const { call, core, events } = await setup();
    const session = result<{ sessionId: string }>(await call('session.start', { locale: 'zh-CN' }, 'owner'));
    result<FlowProgress>(await call('flow.start', { sessionId: session.sessionId, service: 'help' }, 'owner'));
    core.disconnect('someone-else');
    expect(core.status().sessionActive).toBe(true);
    core.disconnect('owner');
    expect(core.status().sessionActive).toBe(false);
    expect(events.find((e) => e.name === 'session.ended')?.payload).toEqual({ sessionId: session.sessionId, reason: 'disconnected' });
    await expect.poll(() => (events.filter((e) => e.name === 'flow.progress').at(-1)?.payload as FlowProgress).status).toBe('cancelled');
    // The next resident on a new screen can start at once.
    expect(await call('session.start', { locale: 'zh-CN' }, 'new-screen')).toMatchObject({ ok: true });
  });
});
