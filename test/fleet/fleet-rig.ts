/**
 * A kiosk runtime (simulated devices, embedded backend, the real fleet agent) reporting to a
 * private Mosquitto, and a console-side MQTT client that records every message on the tree. For
 * the fleet integration tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { CommandBody, FleetAction, SignedCommand } from '../../contract/fleet/commands';
import { generateFleetKeyPair, newCommandId, signCommand } from '../../contract/fleet/signing';
import { kioskTopic, type KioskAddress } from '../../contract/fleet/topics';
import { parseConfig } from '../../services/config/load';
import type { KioskConfigInput } from '../../services/config/schema';
import type { BrokerAccount } from '../../services/fleet/mosquitto-config';
import { startKioskRuntime, type KioskRuntime } from '../../services/host/runtime';
import { SERVICE_MODULES } from '../../services/host/service-modules';
import { createMemoryLogger } from '../../services/log/logger';

export const ADDRESS: KioskAddress = { district: 'dongcheng', post: 'donghuamen', kioskId: 'BJ-DC-0101' };
export const KIOSK_PASSWORD = 'kiosk-secret-0101';
export const CONSOLE = { username: 'fleet-console', password: 'console-secret' };
export const OFFICER = { staffId: '010123', ...generateFleetKeyPair() };

export const fleetAccounts = (address: KioskAddress = ADDRESS): BrokerAccount[] => [
  { role: 'kiosk', username: address.kioskId, password: KIOSK_PASSWORD, address },
  { role: 'console', ...CONSOLE },
];

export interface Recorded {
  topic: string;
  payload: string;
  retain: boolean;
  at: number;
}

/** A console-side client that records everything under kiosk/v1/#. */
export async function recordingClient(url: string, credentials = CONSOLE): Promise<{ client: MqttClient; messages: Recorded[]; close(): Promise<void> }> {
  const client = await mqtt.connectAsync(url, { ...credentials, reconnectPeriod: 200, connectTimeout: 5000 });
  const messages: Recorded[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, at: Date.now() }));
  await client.subscribeAsync('kiosk/v1/#', { qos: 1 });
  return { client, messages, close: () => client.endAsync().then(() => undefined) };
}

/** The latest JSON payload on a topic, parsed. */
export const latest = <T>(messages: readonly Recorded[], topic: string): T | undefined => {
  const found = messages.filter((m) => m.topic === topic).at(-1);
  return found ? (JSON.parse(found.payload) as T) : undefined;
};

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startFleetKiosk(brokerUrl: string, config: Partial<KioskConfigInput> = {}, address: KioskAddress = ADDRESS): Promise<{ runtime: KioskRuntime; dataDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-kiosk-'));
  const parsed = parseConfig({
    kiosk: { id: address.kioskId, postName: '东华门24小时智慧警务室', postNameEn: 'Donghuamen 24h Police Post' },
    dataDir,
    speech: { engines: ['platform'] },
    ...config,
    fleet: {
      enabled: true,
      brokerUrl,
      district: address.district,
      post: address.post,
      password: KIOSK_PASSWORD,
      stateCheckMs: 200,
      heartbeatSeconds: 1,
      commands: { signers: [{ staffId: OFFICER.staffId, publicKey: OFFICER.publicKey }] },
      ...(config.fleet ?? {}),
    },
  });
  const runtime = await startKioskRuntime({ config: parsed, log: createMemoryLogger(), version: 'fleet-test', modules: SERVICE_MODULES, pacedSimulators: false, pollIntervalMs: { printers: 250 } });
  return {
    runtime,
    dataDir,
    async close() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A command signed by the test officer, valid for a minute from now. */
export function officerCommand(action: FleetAction, over: Partial<CommandBody> = {}): SignedCommand {
  const now = Date.now();
  return signCommand(
    { v: 1, id: newCommandId(), kioskId: ADDRESS.kioskId, staffId: OFFICER.staffId, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString(), action, ...over },
    OFFICER.privateKey,
  );
}

export const topicOf = (leaf: Parameters<typeof kioskTopic>[1], address: KioskAddress = ADDRESS) => kioskTopic(address, leaf);
