import { describe, expect, it } from 'vitest';
import type { FlowProgress } from '../../contract/flow';
import { developmentConfig } from '../config/load';
import { runQuestionFlow } from '../kit/test-flow';
import { createMemoryLogger } from '../log/logger';
import { createKioskCore } from './kiosk-core';

async function setup(services: Record<string, unknown> = {}) {
  const log = createMemoryLogger();
  const config = developmentConfig({ services: { help: { enabled: true }, ...services } });
  const core = createKioskCore({
    config,
    version: 't',
    log,
    flows: { help: ({ onProgress }) => runQuestionFlow(onProgress) },
  });
  const events: { name: string; payload: unknown }[] = [];
  core.onEvent((name, payload) => events.push({ name, payload }));
  await core.start();
  const call = async (method: string, params: unknown) => core.dispatch({ type: 'request', id: 1, method, params }, { via: 'test' });
  const session = await call('session.start', { locale: 'zh-CN' });
  const sessionId = session.ok ? (session.result as { sessionId: string }).sessionId : '';
  return { core, call, events, sessionId };
}

const progressEvents = (events: { name: string; payload: unknown }[]) =>
  events.filter((e) => e.name === 'flow.progress').map((e) => e.payload as FlowProgress);

describe('kiosk core: service flows through the contract', () => {
  it('lists a service as available only when it is enabled and implemented', async () => {
    const { call } = await setup();
    const info = await call('kiosk.info', {});
    const services = info.ok ? (info.result as { services: { id: string; available: boolean }[] }).services : [];
    expect(services.find((s) => s.id === 'help')?.available).toBe(true);
    expect(services.find((s) => s.id === 'traffic')?.available).toBe(false);
  });

  it('starts a flow in the active session, applies events and pushes progress', async () => {
    const { call, events, sessionId } = await setup();
    const started = await call('flow.start', { sessionId, service: 'help' });
    expect(started).toMatchObject({ ok: true, result: { service: 'help', state: 'ask', status: 'waiting' } });
    const flowId = started.ok ? (started.result as FlowProgress).flowId : '';

    expect(await call('flow.send', { flowId, event: 'answer', payload: { text: '' } })).toMatchObject({ ok: true, result: { accepted: false, reason: 'invalidPayload' } });
    expect(await call('flow.send', { flowId, event: 'finish', payload: {} })).toMatchObject({ ok: true, result: { accepted: false, reason: 'notAllowed' } });
    expect(await call('flow.send', { flowId, event: 'answer', payload: { text: '你好' } })).toMatchObject({ ok: true, result: { accepted: true } });
    expect(progressEvents(events).at(-1)).toMatchObject({ flowId, state: 'thanks', view: { echoed: '你好' } });
    expect(await call('flow.send', { flowId: 'nope', event: 'answer', payload: {} })).toMatchObject({ ok: true, result: { accepted: false, reason: 'unknownFlow' } });
  });

  it('refuses a flow for another session, and for a service switched off or not built', async () => {
    const { call, sessionId } = await setup();
    expect(await call('flow.start', { sessionId: 'not-the-session', service: 'help' })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await call('flow.start', { sessionId, service: 'traffic' })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    const off = await setup({ help: { enabled: false } });
    expect(await off.call('flow.start', { sessionId: off.sessionId, service: 'help' })).toMatchObject({ ok: false, error: { code: 'rejected', message: 'help is switched off at this kiosk' } });
  });

  it('cancels the flow when the resident leaves (session ends)', async () => {
    const { call, events, sessionId } = await setup();
    const started = await call('flow.start', { sessionId, service: 'help' });
    const flowId = started.ok ? (started.result as FlowProgress).flowId : '';
    await call('session.end', { sessionId, reason: 'idle' });
    await expect.poll(() => progressEvents(events).at(-1)?.status).toBe('cancelled');
    expect(await call('flow.cancel', { flowId })).toMatchObject({ ok: true, result: { cancelled: false } });
  });

  it('refuses development tools in production', async () => {
    const log = createMemoryLogger();
    const config = developmentConfig({ kiosk: { id: 'P-1', postName: '岗', mode: 'production' }, devices: {}, backend: { mode: 'http', url: 'http://127.0.0.1:9' } });
    const core = createKioskCore({ config, version: 't', log, dev: { state: () => ({ devices: [], fixtures: [], paymentCodes: [] }), act: () => {}, printed: async () => ({}), close: async () => {} } });
    const answer = await core.dispatch({ type: 'request', id: 1, method: 'dev.state', params: {} }, { via: 'test' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'rejected', message: 'development tools are refused in production' } });
  });
});
