/**
 * Mosquitto configuration for the fleet's brokers, from a roster: listeners, the password file's
 * plaintext input (hashed by `mosquitto_passwd -U`), the access control list, and a district
 * broker's bridge to the city broker. The tests and `npm run bench:fleet` start Mosquitto with
 * exactly this, and the README shows it as the reference for a deployment.
 *
 * Access (an ACL line grants; everything else is denied):
 *   kiosk    writes only its own status, state, heartbeat, event and cmd/result; reads only its own cmd
 *   console  reads the whole tree; writes only commands
 *   bridge   (a district broker connecting to the city broker) writes its district's kiosk topics
 *            and reads its district's commands
 */
import { kioskTopic, TOPIC_ROOT, type KioskAddress } from '../../contract/fleet/topics';

export type BrokerAccount =
  | { role: 'kiosk'; username: string; password: string; address: KioskAddress }
  | { role: 'console'; username: string; password: string }
  | { role: 'bridge'; username: string; password: string; district: string };

const KIOSK_WRITES = ['status', 'state', 'heartbeat', 'event', 'cmd/result'] as const;

/** `user:password` lines for `mosquitto_passwd -U`, which hashes them in place (PBKDF2-SHA512). */
export function passwordLines(accounts: readonly BrokerAccount[]): string {
  for (const account of accounts)
    if (/[:\s]/.test(account.username) || /[\r\n]/.test(account.password)) throw new Error(`unusable broker account ${account.username}`);
  return accounts.map((a) => `${a.username}:${a.password}\n`).join('');
}

export function aclText(accounts: readonly BrokerAccount[]): string {
  const blocks = accounts.map((account) => {
    const lines = [`user ${account.username}`];
    switch (account.role) {
      case 'kiosk':
        for (const leaf of KIOSK_WRITES) lines.push(`topic write ${kioskTopic(account.address, leaf)}`);
        lines.push(`topic read ${kioskTopic(account.address, 'cmd')}`);
        break;
      case 'console':
        lines.push(`topic read ${TOPIC_ROOT}/#`, `topic write ${TOPIC_ROOT}/+/+/+/cmd`);
        break;
      case 'bridge':
        for (const leaf of KIOSK_WRITES) lines.push(`topic write ${TOPIC_ROOT}/${account.district}/+/+/${leaf}`);
        lines.push(`topic read ${TOPIC_ROOT}/${account.district}/+/+/cmd`);
        break;
    }
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

export interface BridgeSettings {
  /** The city broker, host:port. */
  address: string;
  district: string;
  username: string;
  password: string;
}

/** A district broker's bridge: its kiosks' topics out to the city, their commands in. */
export function bridgeSection(bridge: BridgeSettings): string {
  const prefix = `${TOPIC_ROOT}/${bridge.district}/`;
  return [
    `connection city-${bridge.district}`,
    `address ${bridge.address}`,
    `remote_clientid bridge-${bridge.district}`,
    `remote_username ${bridge.username}`,
    `remote_password ${bridge.password}`,
    'bridge_protocol_version mqttv311',
    'cleansession true',
    // No $SYS notification topics: the city's ACL grants the bridge its district's kiosk topics only.
    'notifications false',
    'restart_timeout 1 5',
    ...KIOSK_WRITES.map((leaf) => `topic +/+/${leaf} out 1 ${prefix} ${prefix}`),
    `topic +/+/cmd in 1 ${prefix} ${prefix}`,
  ].join('\n');
}

export interface MosquittoSettings {
  port: number;
  /** MQTT over WebSocket for the fleet console. */
  websocketPort?: number;
  passwordFile: string;
  aclFile: string;
  /** Run as this user when started as root (Mosquitto otherwise switches to `mosquitto`). */
  user: string;
  bridge?: BridgeSettings;
  /** Connections at most (the bench raises it). */
  maxConnections?: number;
  /** Messages queued per client (QoS 1) before Mosquitto drops them; at least twice the kiosks a console watches. */
  maxQueuedMessages?: number;
}

export function mosquittoConf(settings: MosquittoSettings): string {
  return [
    `user ${settings.user}`,
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${settings.passwordFile}`,
    `acl_file ${settings.aclFile}`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    `max_connections ${settings.maxConnections ?? -1}`,
    // A console that subscribes gets every kiosk's retained status and state at once (two per
    // kiosk): Mosquitto's default queue of 1,000 messages per client would drop all but 500 kiosks.
    `max_queued_messages ${settings.maxQueuedMessages ?? 50_000}`,
    // Kiosk states are a few kilobytes; anything far larger is not ours.
    'max_packet_size 1048576',
    `listener ${settings.port} 127.0.0.1`,
    'protocol mqtt',
    ...(settings.websocketPort ? [`listener ${settings.websocketPort} 127.0.0.1`, 'protocol websockets'] : []),
    ...(settings.bridge ? ['', bridgeSection(settings.bridge)] : []),
    '',
  ].join('\n');
}
