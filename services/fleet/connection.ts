/**
 * The kiosk's MQTT connection (mqtt.js, the maintained MQTT client for Node and browsers): its own
 * credentials, TLS where the URL asks for it (mqtts://, wss://) with the CA and client certificate
 * from configuration, and a retained last will that marks the kiosk offline the moment the broker
 * loses it (a crash, a cable pulled, a killed process). mqtt.js reconnects by itself.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { KioskStatusMessage } from '../../contract/fleet/messages';
import type { FleetConfig } from '../config/fleet-schema';

export interface ConnectionSettings {
  kioskId: string;
  fleet: FleetConfig;
  statusTopic: string;
  connectedAt: Date;
  /** Seconds between MQTT keep-alive pings; the broker declares the kiosk lost after 1.5 × this. */
  keepaliveSeconds?: number;
  reconnectMs?: number;
}

export function connectionOptions(settings: ConnectionSettings): IClientOptions {
  const { fleet, kioskId } = settings;
  const will: KioskStatusMessage = { v: 1, kioskId, state: 'offline', reason: 'connectionLost', connectedAt: settings.connectedAt.toISOString() };
  const tls = fleet.tls;
  return {
    clientId: kioskId,
    username: fleet.username ?? kioskId,
    ...(fleet.password ? { password: fleet.password } : {}),
    protocolVersion: 4,
    clean: true,
    keepalive: settings.keepaliveSeconds ?? 20,
    reconnectPeriod: settings.reconnectMs ?? 2000,
    connectTimeout: 10_000,
    // Publishes while away are not queued in memory: events wait in the journal, state is rebuilt.
    queueQoSZero: false,
    will: { topic: settings.statusTopic, payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    ...(tls?.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls?.certFile ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls?.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
    rejectUnauthorized: true,
  };
}

export function openConnection(settings: ConnectionSettings): MqttClient {
  return mqtt.connect(settings.fleet.brokerUrl!, connectionOptions(settings));
}
