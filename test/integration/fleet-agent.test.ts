/**
 * The fleet agent against a real Mosquitto (own instance, password file, ACL): retained state and
 * status, events, a device going down turning the kiosk red, signed commands carried out or refused
 * (published and journaled), events buffered in the journal while the broker is away and sent in
 * order when it returns, and the last will.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResultMessage } from '../../contract/fleet/commands';
import type { FleetEventMessage, KioskStateMessage, KioskStatusMessage } from '../../contract/fleet/messages';
import { CommandResultMessage as ResultSchema } from '../../contract/fleet/commands';
import { FleetEventMessage as EventSchema, KioskStateMessage as StateSchema } from '../../contract/fleet/messages';
import { parseConfig } from '../../services/config/load';
import { connectionOptions } from '../../services/fleet/connection';
import { mosquittoAvailable, startMosquitto, type Broker } from '../fleet/mosquitto-rig';
import { ADDRESS, fleetAccounts, latest, officerCommand, recordingClient, startFleetKiosk, topicOf, waitFor, type Recorded } from '../fleet/fleet-rig';

const run = mosquittoAvailable() ? describe : describe.skip;

run('fleet agent with Mosquitto', () => {
  let broker: Broker;
  let kiosk: Awaited<ReturnType<typeof startFleetKiosk>>;
  let console_: Awaited<ReturnType<typeof recordingClient>>;
  const state = () => latest<KioskStateMessage>(console_.messages, topicOf('state'));
  const events = (): FleetEventMessage[] => console_.messages.filter((m) => m.topic === topicOf('event')).map((m) => JSON.parse(m.payload) as FleetEventMessage);
  const results = (id: string) => console_.messages.filter((m) => m.topic === topicOf('cmd/result')).map((m) => JSON.parse(m.payload) as CommandResultMessage).filter((r) => r.id === id);
  const send = (command: unknown) => console_.client.publishAsync(topicOf('cmd'), typeof command === 'string' ? command : JSON.stringify(command), { qos: 1 });
  const act = (deviceId: string, action: Parameters<NonNullable<typeof kiosk.runtime.services>['devices']['get']>[0] extends string ? object : never) =>
    kiosk.runtime.core.dispatch({ type: 'request', id: 1, method: 'dev.act', params: { deviceId, action } }, { via: 'test' });

  beforeAll(async () => {
    broker = await startMosquitto({ accounts: fleetAccounts() });
    console_ = await recordingClient(broker.url);
    kiosk = await startFleetKiosk(broker.url, { services: { noCriminalRecord: { enabled: true } } });
  });
  afterAll(async () => {
    await kiosk?.close();
    await console_?.close();
    await broker?.stop();
  });

  it('publishes a retained online status, a valid retained state and coreStarted', async () => {
    const status = await waitFor(() => latest<KioskStatusMessage>(console_.messages, topicOf('status')), 10_000, 'status');
    expect(status).toMatchObject({ v: 1, kioskId: ADDRESS.kioskId, state: 'online' });
    const first = await waitFor(state, 10_000, 'state');
    expect(StateSchema.safeParse(first).success).toBe(true);
    expect(first).toMatchObject({ kioskId: ADDRESS.kioskId, district: 'dongcheng', post: 'donghuamen', version: 'fleet-test' });
    // The staff console's own board: the only thing not green is the voice (these tests run without a speech engine).
    const settled = await waitFor(() => (state()?.board.items.every((i) => i.colour === 'green' || i.key === 'voice') ? state() : undefined), 10_000, 'settled');
    expect(settled).toMatchObject({ colour: 'yellow', voice: { level: 'degraded', engine: null } });
    expect(settled.board).toEqual(expect.objectContaining({ kioskId: ADDRESS.kioskId, colour: 'yellow' }));
    expect(first.devices.find((d) => d.id === 'cardPrinter')?.supplies.map((s) => s.supply)).toEqual(['cards', 'ribbon']);
    const started = await waitFor(() => events().find((e) => e.kind === 'coreStarted'), 10_000, 'coreStarted');
    expect(EventSchema.safeParse(started).success).toBe(true);
    // A late subscriber gets the retained state and status at once.
    const late = await recordingClient(broker.url);
    await waitFor(() => late.messages.some((m) => m.topic === topicOf('state') && m.retain) && late.messages.some((m) => m.topic === topicOf('status') && m.retain), 10_000, 'retained');
    await late.close();
  });

  it('an emptied card printer turns the kiosk red, with deviceDown and servicePaused events (how fast: fleet e2e and bench:fleet)', async () => {
    await act('cardPrinter', { type: 'cards', count: 0 });
    const red = await waitFor(() => (state()?.colour === 'red' ? state() : undefined), 10_000, 'red state');
    expect(red.board.items[0]).toMatchObject({ key: 'device:cardPrinter', colour: 'red' });
    expect(red.services.find((s) => s.id === 'tempIdCard')).toMatchObject({ state: 'paused', pause: { device: 'cardPrinter', problem: 'suppliesOut' } });
    await waitFor(() => events().some((e) => e.kind === 'deviceDown' && e.params.deviceId === 'cardPrinter'), 10_000, 'deviceDown');
    expect(events().find((e) => e.kind === 'servicePaused')).toMatchObject({ params: { service: 'tempIdCard', device: 'cardPrinter' } });
    await act('cardPrinter', { type: 'cards', count: 100 });
    await waitFor(() => state()?.colour === 'yellow', 10_000, 'back to the baseline (voice only)');
    expect(events().some((e) => e.kind === 'deviceBack')).toBe(true);
  });

  it('a signed pause pauses the service on the kiosk (refused by flow.start); resume opens it again; both journaled', async () => {
    const pause = officerCommand({ type: 'pauseService', service: 'noCriminalRecord' });
    await send(pause);
    await waitFor(() => results(pause.id).some((r) => r.outcome === 'done'), 10_000, 'pause done');
    expect(ResultSchema.safeParse(results(pause.id)[0]).success).toBe(true);
    expect(kiosk.runtime.core.services().find((s) => s.id === 'noCriminalRecord')).toMatchObject({ state: 'paused', pause: { problem: 'pausedByStaff' } });
    await waitFor(() => state()?.services.find((s) => s.id === 'noCriminalRecord')?.state === 'paused', 10_000, 'state paused');
    const session = await kiosk.runtime.core.dispatch({ type: 'request', id: 2, method: 'session.start', params: { locale: 'zh-CN' } }, { via: 'test', connectionId: 'c1' });
    const sessionId = (session as { result: { sessionId: string } }).result.sessionId;
    const started = await kiosk.runtime.core.dispatch({ type: 'request', id: 3, method: 'flow.start', params: { sessionId, service: 'noCriminalRecord' } }, { via: 'test', connectionId: 'c1' });
    expect(started).toMatchObject({ ok: false, error: { message: expect.stringContaining('pausedByStaff') } });
    await kiosk.runtime.core.dispatch({ type: 'request', id: 4, method: 'session.end', params: { sessionId, reason: 'home' } }, { via: 'test', connectionId: 'c1' });

    const resume = officerCommand({ type: 'resumeService', service: 'noCriminalRecord' });
    await send(resume);
    await waitFor(() => results(resume.id).some((r) => r.outcome === 'done'), 10_000, 'resume done');
    expect(kiosk.runtime.core.services().find((s) => s.id === 'noCriminalRecord')).toMatchObject({ state: 'ready' });
    const rows = kiosk.runtime.services.journal.database.prepare('SELECT command_id, staff_id, action, target, outcome FROM fleet_commands ORDER BY seq').all();
    expect(rows).toEqual([
      { command_id: pause.id, staff_id: '010123', action: 'pauseService', target: 'noCriminalRecord', outcome: 'done' },
      { command_id: resume.id, staff_id: '010123', action: 'resumeService', target: 'noCriminalRecord', outcome: 'done' },
    ]);
  });

  it('refuses unsigned, replayed, other-kiosk and expired commands, publishing why; runs a test print and a snapshot', async () => {
    const { sig: _sig, ...unsigned } = officerCommand({ type: 'snapshot' });
    const replay = officerCommand({ type: 'snapshot' });
    const other = officerCommand({ type: 'snapshot' }, { kioskId: 'BJ-DC-0102' });
    const expired = officerCommand({ type: 'snapshot' }, { issuedAt: new Date(Date.now() - 200_000).toISOString(), expiresAt: new Date(Date.now() - 100_000).toISOString() });
    for (const command of [unsigned, replay, replay, other, expired]) await send(command);
    await send('{"not": "a command"');
    await waitFor(() => results(expired.id).length > 0, 10_000, 'refusals');
    expect(results(unsigned.id)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'unsigned' })]);
    expect(results(replay.id).map((r) => r.outcome === 'refused' ? r.reason : r.outcome)).toEqual(['done', 'replayed']);
    expect(results(other.id)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'otherKiosk' })]);
    expect(results(expired.id)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'expired' })]);
    await waitFor(() => console_.messages.some((m) => m.topic === topicOf('cmd/result') && m.payload.includes('"malformed"')), 10_000, 'malformed');

    const print = officerCommand({ type: 'testPrint', deviceId: 'receiptPrinter' });
    await send(print);
    await waitFor(() => results(print.id).some((r) => r.outcome === 'done'), 10_000, 'test print');
    expect(results(print.id).map((r) => r.outcome)).toEqual(['accepted', 'done']);
    const missing = officerCommand({ type: 'reopenDevice', deviceId: 'nothingHere' });
    await send(missing);
    await waitFor(() => results(missing.id).length > 0, 10_000, 'no such device');
    expect(results(missing.id)[0]).toMatchObject({ outcome: 'failed', reason: 'noSuchDevice' });
  });

  it('buffers events in the journal while the broker is away and sends them in order when it returns; state republished', async () => {
    const port = broker.port;
    await console_.close();
    await broker.stop();
    await waitFor(() => !kiosk.runtime.fleet!.connected(), 10_000, 'disconnected');
    await act('receiptPrinter', { type: 'cover', open: true });
    await act('cardPrinter', { type: 'cards', count: 0 });
    await waitFor(() => kiosk.runtime.fleet!.state().colour === 'red', 10_000, 'red while away');
    await act('receiptPrinter', { type: 'cover', open: false });
    await waitFor(() => kiosk.runtime.fleet!.state().outbox.queued >= 4, 10_000, 'queued');

    broker = await startMosquitto({ accounts: fleetAccounts(), port });
    console_ = await recordingClient(broker.url);
    await waitFor(() => kiosk.runtime.fleet!.connected(), 10_000, 'reconnected');
    const back = await waitFor(() => (state()?.colour === 'red' ? state() : undefined), 10_000, 'republished state');
    expect(back.devices.find((d) => d.id === 'receiptPrinter')?.healthy).toBe(true);
    await waitFor(() => kiosk.runtime.fleet!.state().outbox.queued === 0 && events().some((e) => e.kind === 'deviceBack' && e.params.deviceId === 'receiptPrinter'), 10_000, 'drained');
    const seqs = events().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const kinds = events().map((e) => `${e.kind}:${e.params.deviceId ?? e.params.service ?? ''}`);
    expect(kinds.indexOf('deviceDown:receiptPrinter')).toBeLessThan(kinds.indexOf('deviceDown:cardPrinter'));
    expect(kinds.indexOf('deviceDown:cardPrinter')).toBeLessThan(kinds.indexOf('deviceBack:receiptPrinter'));
    await act('cardPrinter', { type: 'cards', count: 100 });
  });

  it('the last will: a kiosk connection lost without a goodbye is offline (connectionLost), retained', async () => {
    const config = parseConfig({ kiosk: { id: ADDRESS.kioskId, postName: 'x' }, fleet: { enabled: true, brokerUrl: broker.url, district: ADDRESS.district, post: ADDRESS.post, password: 'kiosk-secret-0101' } });
    // The same connection options the agent uses, on a second client that takes the kiosk's client id over.
    const client = await mqtt.connectAsync(broker.url, { ...connectionOptions({ kioskId: ADDRESS.kioskId, fleet: config.fleet, statusTopic: topicOf('status'), connectedAt: new Date() }), clientId: `${ADDRESS.kioskId}-will`, reconnectPeriod: 0 });
    const mark = console_.messages.length;
    client.stream.destroy();
    const will: Recorded = await waitFor(() => console_.messages.slice(mark).find((m) => m.topic === topicOf('status')), 10_000, 'will');
    expect(JSON.parse(will.payload)).toMatchObject({ state: 'offline', reason: 'connectionLost', kioskId: ADDRESS.kioskId });
    client.end(true);
  });
});
