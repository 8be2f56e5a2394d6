/**
 * The broker's side of the fleet, on real Mosquitto instances started by the test: per-kiosk
 * passwords and ACLs (a kiosk publishes only under its own id and reads only its own commands; the
 * console reads everything and writes only commands), the console's WebSocket listener, and two
 * brokers bridged district → city: a kiosk on the district broker appears on a console connected
 * to the city broker, and a command travels back.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResultMessage } from '../../contract/fleet/commands';
import type { KioskStateMessage, KioskStatusMessage } from '../../contract/fleet/messages';
import { kioskTopic } from '../../contract/fleet/topics';
import { mosquittoAvailable, startMosquitto, type Broker } from '../fleet/mosquitto-rig';
import { ADDRESS, CONSOLE, fleetAccounts, KIOSK_PASSWORD, latest, officerCommand, recordingClient, startFleetKiosk, topicOf, waitFor } from '../fleet/fleet-rig';

const run = mosquittoAvailable() ? describe : describe.skip;
const OTHER = { district: 'dongcheng', post: 'jingshan', kioskId: 'BJ-DC-0201' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

run('fleet broker: passwords and ACLs', () => {
  let broker: Broker;
  const clients: MqttClient[] = [];
  const connect = async (url: string, username: string, password: string) => {
    const client = await mqtt.connectAsync(url, { username, password, clientId: `${username}-${clients.length}`, reconnectPeriod: 0 });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    broker = await startMosquitto({ accounts: [...fleetAccounts(), { role: 'kiosk', username: OTHER.kioskId, password: 'other-secret', address: OTHER }] });
  });
  afterAll(async () => {
    for (const client of clients) client.end(true);
    await broker?.stop();
  });

  it('refuses a wrong password and an unknown user', async () => {
    await expect(mqtt.connectAsync(broker.url, { username: ADDRESS.kioskId, password: 'wrong', reconnectPeriod: 0 })).rejects.toThrow(/Not authorized/);
    await expect(mqtt.connectAsync(broker.url, { username: 'nobody', password: 'x', reconnectPeriod: 0 })).rejects.toThrow(/Not authorized/);
  });

  it('a kiosk publishes only under its own id and reads only its own commands; the console reads all and writes only commands (over WebSocket)', async () => {
    const console_ = await connect(broker.wsUrl, CONSOLE.username, CONSOLE.password);
    const seen: string[] = [];
    console_.on('message', (topic, payload) => seen.push(`${topic}=${payload.toString()}`));
    await console_.subscribeAsync('kiosk/v1/#', { qos: 1 });
    const kiosk = await connect(broker.url, ADDRESS.kioskId, KIOSK_PASSWORD);
    const kioskSeen: string[] = [];
    kiosk.on('message', (topic, payload) => kioskSeen.push(`${topic}=${payload.toString()}`));
    const granted = await kiosk.subscribeAsync([topicOf('cmd'), kioskTopic(OTHER, 'cmd'), 'kiosk/v1/#'], { qos: 1 });
    // Mosquitto grants the subscription and then delivers nothing the ACL does not allow.
    expect(granted).toHaveLength(3);

    await kiosk.publishAsync(topicOf('state'), 'own', { qos: 1 });
    await kiosk.publishAsync(kioskTopic(OTHER, 'state'), 'forged', { qos: 1 });
    await kiosk.publishAsync(topicOf('cmd'), 'self-command', { qos: 1 });
    await console_.publishAsync(kioskTopic(OTHER, 'cmd'), 'for-other', { qos: 1 });
    await console_.publishAsync(topicOf('cmd'), 'for-me', { qos: 1 });
    await console_.publishAsync(topicOf('state'), 'console-forged-state', { qos: 1 });
    await sleep(300);
    expect(seen).toContain(`${topicOf('state')}=own`);
    expect(seen).toContain(`${topicOf('cmd')}=for-me`);
    expect(seen.join('\n')).not.toMatch(/forged|self-command/);
    expect(kioskSeen).toEqual([`${topicOf('cmd')}=for-me`]);
  });
});

run('fleet bridge: district → city', () => {
  let city: Broker;
  let district: Broker;
  let kiosk: Awaited<ReturnType<typeof startFleetKiosk>>;
  let console_: Awaited<ReturnType<typeof recordingClient>>;
  const bridge = { username: 'bridge-dongcheng', password: 'bridge-secret', district: 'dongcheng' };
  beforeAll(async () => {
    city = await startMosquitto({ accounts: [{ role: 'console', ...CONSOLE }, { role: 'bridge', ...bridge }] });
    district = await startMosquitto({ accounts: fleetAccounts(), bridge: { ...bridge, port: city.port } });
    console_ = await recordingClient(city.wsUrl);
    kiosk = await startFleetKiosk(district.url);
  });
  afterAll(async () => {
    await kiosk?.close();
    await console_?.close();
    await district?.stop();
    await city?.stop();
  });

  it('a kiosk on the district broker appears on the city console, and a signed command travels back', async () => {
    const state = await waitFor(() => latest<KioskStateMessage>(console_.messages, topicOf('state')), 10_000, 'state at the city');
    expect(state).toMatchObject({ kioskId: ADDRESS.kioskId, district: 'dongcheng' });
    const pause = officerCommand({ type: 'pauseService', service: 'tempIdCard' });
    await console_.client.publishAsync(topicOf('cmd'), JSON.stringify(pause), { qos: 1 });
    const result = await waitFor(
      () => console_.messages.filter((m) => m.topic === topicOf('cmd/result')).map((m) => JSON.parse(m.payload) as CommandResultMessage).find((r) => r.id === pause.id && r.outcome === 'done'),
      5000,
      'result at the city',
    );
    expect(result).toMatchObject({ staffId: '010123', action: 'pauseService' });
    expect(kiosk.runtime.core.services().find((s) => s.id === 'tempIdCard')).toMatchObject({ state: 'paused' });
    await waitFor(() => latest<KioskStateMessage>(console_.messages, topicOf('state'))?.services.find((s) => s.id === 'tempIdCard')?.state === 'paused', 10_000, 'paused state at the city');
    // Stopping says so, retained, through the bridge as well.
    const running = kiosk;
    kiosk = undefined as unknown as typeof kiosk;
    await running.close();
    const status = await waitFor(() => (latest<KioskStatusMessage>(console_.messages, topicOf('status'))?.state === 'offline' ? latest<KioskStatusMessage>(console_.messages, topicOf('status')) : undefined), 10_000, 'offline at the city');
    expect(status).toMatchObject({ reason: 'stopped' });
  });
});
