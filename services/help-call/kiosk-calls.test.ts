/**
 * The kiosk screen's side of a help call through the kiosk core's dispatcher: the call belongs to the
 * caller's session and screen, its events reach that screen only, the session's end hangs up, and
 * the journal keeps who, when, how long, answered or not, urgent or not — with a staff ticket when
 * nobody answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName, MethodName, ParamsOf } from '../../contract/api';
import type { KioskCallView } from '../../contract/help-call';
import type { DeskServerMessage } from '../../contract/help-desk';
import { developmentConfig } from '../config/load';
import type { KioskConfigInput } from '../config/schema';
import { createKioskCore } from '../core/kiosk-core';
import { runQuestionFlow } from '../kit/test-flow';
import type { FlowProgress } from '../../contract/flow';
import { openJournal, type Journal } from '../journal';
import { createMemoryLogger } from '../log/logger';
import { ticketMeaning } from '../staff/ticket-kinds';
import { createHelpCallService } from '.';

const OFFER = { kind: 'description', type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } as const;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

async function setup(help: NonNullable<NonNullable<KioskConfigInput['services']>['help']> = { enabled: true, ringSeconds: 20 }) {
  const dir = mkdtempSync(join(tmpdir(), 'help-call-'));
  const journal: Journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K-1' });
  const config = developmentConfig({ kiosk: { id: 'K-1', postName: '东华门', dutyPhone: '010-65120110' }, services: { help } });
  const log = createMemoryLogger();
  const service = createHelpCallService({ config, journal, log, board: () => null });
  // A visit on the kit runs beside the call (the test flow: a question that times out after 60 s).
  const core = createKioskCore({ config, version: 't', log, helpCall: service, flows: { help: ({ onProgress }) => runQuestionFlow(onProgress) } });
  const events: { name: EventName; payload: unknown; audience: string | undefined }[] = [];
  core.onEvent((name, payload, audience) => events.push({ name, payload, audience }));
  await core.start();
  cleanups.push(async () => {
    await core.stop();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let id = 0;
  const call = async <M extends MethodName>(method: M, params: ParamsOf<M>, connectionId = 'screen-1') => {
    const response = await core.dispatch({ type: 'request', id: ++id, method, params }, { via: 'websocket', connectionId });
    if (!response.ok) throw new Error(`${method}: ${response.error.code} ${response.error.message}`);
    return response.result as never;
  };
  const session = (connectionId = 'screen-1') => call('session.start', { locale: 'zh-CN' }, connectionId) as Promise<{ sessionId: string }>;
  const states = () => events.filter((e) => e.name === 'help.call.state').map((e) => ({ ...(e.payload as KioskCallView), audience: e.audience }));
  const deskMessages: DeskServerMessage[] = [];
  const attachDesk = () => service.hub.attachDesk({ staffId: 'DEV-OFFICER', alias: '值班民警 3' }, (m) => deskMessages.push(m));
  return { core, call, session, events, states, journal, service, attachDesk, deskMessages };
}

type Started = { ok: true; call: KioskCallView; media: { connectSeconds: number; lossSeconds: number } };

describe('help call from the kiosk screen', () => {
  it('is placed only inside the screen’s own active session, one at a time', async () => {
    const { call, session, attachDesk } = await setup();
    attachDesk();
    expect(await call('help.call.start', { sessionId: 'nosuchsession', urgent: false })).toMatchObject({ ok: false, reason: 'sessionNotActive' });
    const { sessionId } = await session();
    expect(await call('help.call.start', { sessionId, urgent: false }, 'screen-2')).toMatchObject({ ok: false, reason: 'sessionNotActive' });
    const started = (await call('help.call.start', { sessionId, urgent: true })) as Started;
    expect(started).toMatchObject({ ok: true, call: { phase: 'ringing', urgent: true, ringSeconds: 20 }, media: { connectSeconds: 20, lossSeconds: 8 } });
    expect(await call('help.call.start', { sessionId, urgent: false })).toMatchObject({ ok: false, reason: 'callInProgress' });
  });

  it('is refused when video help is off', async () => {
    const { call, session } = await setup({ enabled: false });
    const { sessionId } = await session();
    expect(await call('help.call.start', { sessionId, urgent: false })).toMatchObject({ ok: false, reason: 'helpOff' });
  });

  it('tells only the calling screen, relays its signalling to the officer and back, and journals the answered call', async () => {
    const { call, session, states, events, attachDesk, deskMessages, journal } = await setup();
    const desk = attachDesk();
    const { sessionId } = await session();
    const started = (await call('help.call.start', { sessionId, urgent: false })) as Started;
    const callId = started.call.callId;
    expect(await call('help.call.signal', { callId, signal: OFFER })).toEqual({ delivered: false }); // still ringing

    desk.receive({ type: 'answer', callId });
    expect(states().at(-1)).toMatchObject({ callId, phase: 'inCall', officer: { alias: '值班民警 3' }, audience: 'screen-1' });
    expect(await call('help.call.signal', { callId, signal: OFFER }, 'screen-2')).toEqual({ delivered: false });
    expect(await call('help.call.signal', { callId, signal: OFFER })).toEqual({ delivered: true });
    expect(deskMessages.filter((m) => m.type === 'signal')).toEqual([{ type: 'signal', callId, signal: OFFER }]);
    desk.receive({ type: 'signal', callId, signal: { kind: 'endOfCandidates' } });
    expect(events.filter((e) => e.name === 'help.call.signal')).toEqual([{ name: 'help.call.signal', payload: { callId, signal: { kind: 'endOfCandidates' } }, audience: 'screen-1' }]);

    expect(await call('help.call.end', { callId, reason: 'kioskHungUp' }, 'screen-2')).toEqual({ ended: false });
    expect(await call('help.call.end', { callId, reason: 'kioskHungUp' })).toEqual({ ended: true });
    expect(await call('help.call.end', { callId, reason: 'kioskHungUp' })).toEqual({ ended: false });
    expect(states().at(-1)).toMatchObject({ phase: 'ended', ended: { reason: 'kioskHungUp', answered: true } });
    expect(states().at(-1)?.ended?.ticketNumber).toBeUndefined();

    const [record] = journal.database.prepare(`SELECT id FROM transactions WHERE service = 'help'`).all() as { id: string }[];
    const tx = journal.find(record!.id)!;
    expect(tx).toMatchObject({ status: 'done', amountFen: 0, maskedIdNumber: null, reason: 'call ended: kioskHungUp' });
    expect(tx.steps.map((s) => [s.kind, s.data])).toEqual([
      ['callPlaced', { urgent: false, desksOnline: 1 }],
      ['callAnswered', { staffId: 'DEV-OFFICER', ringSeconds: expect.any(Number) }],
      ['callEnded', { reason: 'kioskHungUp', ringSeconds: expect.any(Number), talkSeconds: expect.any(Number), answered: true, videoConnected: true }],
    ]);
    expect(journal.openTickets()).toEqual([]);
  });

  it('opens a staff ticket when nobody answers in time, and says so to the screen', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { call, session, states, attachDesk, journal } = await setup({ enabled: true, ringSeconds: 30 });
    attachDesk();
    const { sessionId } = await session();
    await call('help.call.start', { sessionId, urgent: true });
    vi.advanceTimersByTime(30_000);
    const ended = states().at(-1)!;
    expect(ended).toMatchObject({ phase: 'ended', ended: { reason: 'unanswered', answered: false, ticketNumber: expect.stringMatching(/^WK-1-\d{8}-001$/) } });
    const [ticket] = journal.openTickets();
    expect(ticket?.number).toBe(ended.ended?.ticketNumber);
    expect(ticket?.reason).toBe('help call not answered (rang 30 s), urgent; the resident was shown the duty phone and 110');
    expect(ticketMeaning(ticket!.reason)).toEqual({ kind: 'helpCallUnanswered', told: 'dutyPhone' });
    const tx = journal.find(ticket!.transactionId)!;
    expect(tx.status).toBe('handedToStaff');
    expect(tx.steps.at(-1)).toMatchObject({ kind: 'callEnded', data: { reason: 'unanswered', ringSeconds: 30, talkSeconds: 0, answered: false } });
  });

  it('journals "answered, the video never connected" apart from "the video dropped": no talk time, failed, the desk hears which', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { call, session, states, attachDesk, deskMessages, journal } = await setup();
    const desk = attachDesk();
    const ended: { reason: string; tx: ReturnType<Journal['find']> }[] = [];
    for (const reason of ['mediaNotConnected', 'mediaFailed'] as const) {
      const { sessionId } = await session();
      const { call: placed } = (await call('help.call.start', { sessionId, urgent: false })) as Started;
      vi.advanceTimersByTime(3_000);
      desk.receive({ type: 'answer', callId: placed.callId });
      vi.advanceTimersByTime(7_000);
      expect(await call('help.call.end', { callId: placed.callId, reason })).toEqual({ ended: true });
      expect(states().at(-1)).toMatchObject({ phase: 'ended', ended: { reason, answered: true } });
      expect(deskMessages.filter((m) => m.type === 'call').at(-1)).toMatchObject({ call: { phase: 'ended', ended: { reason } } });
      const rows = journal.database.prepare(`SELECT id FROM transactions WHERE service = 'help' ORDER BY rowid`).all() as { id: string }[];
      ended.push({ reason, tx: journal.find(rows.at(-1)!.id) });
      await call('session.end', { sessionId, reason: 'home' });
    }
    const [never, dropped] = ended;
    expect(never!.tx).toMatchObject({ status: 'failed', reason: 'answered, but the video never connected; the resident was shown the duty phone and 110' });
    expect(never!.tx!.steps.at(-1)).toMatchObject({ kind: 'callEnded', data: { reason: 'mediaNotConnected', ringSeconds: 3, talkSeconds: 0, answered: true, videoConnected: false } });
    expect(dropped!.tx).toMatchObject({ status: 'done', reason: 'call ended: mediaFailed' });
    expect(dropped!.tx!.steps.at(-1)).toMatchObject({ kind: 'callEnded', data: { reason: 'mediaFailed', ringSeconds: 3, talkSeconds: 7, answered: true, videoConnected: true } });
    expect(journal.openTickets()).toEqual([]);
  });

  it('the visit underneath does not time out while the resident rings and talks to the officer; its full time again after', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { call, session, events, attachDesk } = await setup({ enabled: true, ringSeconds: 30 });
    const desk = attachDesk();
    const { sessionId } = await session();
    const started = (await call('flow.start', { sessionId, service: 'help' })) as FlowProgress;
    const flow = () => events.filter((e) => e.name === 'flow.progress').map((e) => e.payload as FlowProgress).at(-1) ?? started;
    expect(flow()).toMatchObject({ state: 'ask', status: 'waiting' });
    vi.advanceTimersByTime(50_000);
    const { call: placed } = (await call('help.call.start', { sessionId, urgent: false })) as Started;
    vi.advanceTimersByTime(20_000); // ringing: already past the question's 60 s
    desk.receive({ type: 'answer', callId: placed.callId });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(flow()).toMatchObject({ state: 'ask', status: 'waiting' });
    desk.receive({ type: 'hangUp', callId: placed.callId });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(flow()).toMatchObject({ state: 'ask', status: 'waiting' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(flow()).toMatchObject({ status: 'cancelled' });
  });

  it('a call that ends at once (no desk) leaves nothing held: the visit times out a full minute later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { call, session, events } = await setup();
    const { sessionId } = await session();
    await call('flow.start', { sessionId, service: 'help' });
    const flow = () => events.filter((e) => e.name === 'flow.progress').at(-1)?.payload;
    vi.advanceTimersByTime(30_000);
    expect(await call('help.call.start', { sessionId, urgent: false })).toMatchObject({ ok: true, call: { phase: 'ended', ended: { reason: 'noDesk' } } });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(flow()).toMatchObject({ status: 'waiting' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(flow()).toMatchObject({ status: 'cancelled' });
  });

  it('opens a ticket at once when no desk is signed in', async () => {
    const { call, session, journal } = await setup();
    const { sessionId } = await session();
    const started = (await call('help.call.start', { sessionId, urgent: false })) as Started;
    expect(started.call).toMatchObject({ phase: 'ended', ended: { reason: 'noDesk', answered: false, ticketNumber: expect.any(String) } });
    expect(journal.openTickets()[0]?.reason).toBe('help call not answered (no duty desk was signed in); the resident was shown the duty phone and 110');
  });

  it('hangs up when the resident walks away (the session ends), and the desk hears why', async () => {
    const { call, session, states, attachDesk, deskMessages, journal } = await setup();
    const desk = attachDesk();
    const { sessionId } = await session();
    const { call: placed } = (await call('help.call.start', { sessionId, urgent: false })) as Started;
    desk.receive({ type: 'answer', callId: placed.callId });
    await call('session.end', { sessionId, reason: 'idle' });
    expect(states().at(-1)?.ended?.reason).toBe('residentLeft');
    expect(deskMessages.filter((m) => m.type === 'call').at(-1)).toMatchObject({ call: { phase: 'ended', ended: { reason: 'residentLeft' } } });
    expect(journal.openTickets()).toEqual([]);
  });

  it('hangs up when the calling screen disconnects, and when the core stops', async () => {
    const { core, call, session, states, attachDesk } = await setup();
    attachDesk();
    const first = await session();
    await call('help.call.start', { sessionId: first.sessionId, urgent: false });
    core.disconnect('screen-1');
    expect(states().at(-1)?.ended?.reason).toBe('residentLeft');

    const second = await session();
    await call('help.call.start', { sessionId: second.sessionId, urgent: false });
    await core.stop();
    expect(states().at(-1)?.ended?.reason).toBe('kioskLeft');
  });

  it('lists help as available when the service is on', async () => {
    const { call } = await setup();
    const info = (await call('kiosk.info', {})) as { services: { id: string; state: string }[] };
    expect(info.services.find((s) => s.id === 'help')).toMatchObject({ available: true, state: 'ready' });
  });
});
