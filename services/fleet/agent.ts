/**
 * The fleet agent: reports this kiosk to the fleet's MQTT broker and obeys signed commands.
 *
 * - `status` (retained): online on connect; the broker's last will says offline when it loses us.
 * - `state` (retained, QoS 1): the four-colour state (snapshot.ts), published at once when it
 *   changes, at least every `stateRefreshSeconds`, and again on every reconnect.
 * - `event` (QoS 1): what changed between two states (state-events.ts) and `coreStarted`, written to
 *   the journal's outbox first and sent in order when the broker is there (event-pump.ts).
 * - `heartbeat` (QoS 0) every `heartbeatSeconds`.
 * - `cmd` → `cmd/result`: signed commands (command-check.ts, commands.ts).
 *
 * The state is recomputed when devices, consumables, service pauses, services or voice change, and
 * every `stateCheckMs` for what has no change event (tickets and money, from the journal).
 */
import type Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import type { CommandResultMessage } from '../../contract/fleet/commands';
import type { HeartbeatMessage, KioskStateMessage, KioskStatusMessage } from '../../contract/fleet/messages';
import { kioskTopic, type KioskAddress } from '../../contract/fleet/topics';
import type { DeviceManager } from '../../devices/manager';
import type { KioskConfig } from '../config/schema';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../log/logger';
import { rateLimited } from '../log/rate-limited';
import type { StaffConsole } from '../staff/console';
import { createCommandChecker } from './command-check';
import { createCommandRunner } from './commands';
import { openConnection } from './connection';
import { createEventPump } from './event-pump';
import { createUsageRecorder } from './forecast';
import { createOutbox } from './outbox';
import type { ServicePauseStore } from './service-pauses';
import { buildState, comparableState, type StateSources } from './snapshot';
import { stateEvents } from './state-events';

export interface FleetAgentDeps {
  config: KioskConfig;
  db: Database.Database;
  version: string;
  log: Logger;
  core: Pick<KioskCore, 'onEvent' | 'services' | 'voice'>;
  staff: Pick<StaffConsole, 'board' | 'tickets' | 'deviceViews' | 'consumables'>;
  devices: Pick<DeviceManager, 'list' | 'reopen' | 'onChange'>;
  pauses: ServicePauseStore;
  now?: () => Date;
  /** MQTT keep-alive and reconnect period (tests shorten them). */
  keepaliveSeconds?: number;
  reconnectMs?: number;
}

export interface FleetAgent {
  readonly address: KioskAddress;
  start(): void;
  /** Sends what is waiting, says "offline (stopped)" and disconnects. */
  stop(): Promise<void>;
  connected(): boolean;
  /** The state as it would be published now. */
  state(): KioskStateMessage;
}

export function createFleetAgent(deps: FleetAgentDeps): FleetAgent {
  const { config, db, log } = deps;
  const fleet = config.fleet;
  const now = deps.now ?? (() => new Date());
  const address: KioskAddress = { district: fleet.district!, post: fleet.post!, kioskId: config.kiosk.id };
  const topic = (leaf: Parameters<typeof kioskTopic>[1]) => kioskTopic(address, leaf);
  const warn = rateLimited(log, { perMinute: 6 });
  const startedAt = now();
  const outbox = createOutbox(db, { maxEvents: fleet.outboxMaxEvents });
  const usage = createUsageRecorder(db, { timeZone: config.kiosk.timeZone, windowDays: fleet.forecastDays });

  const sources: StateSources = {
    kioskId: config.kiosk.id,
    district: address.district,
    post: address.post,
    postName: config.kiosk.postName,
    ...(config.kiosk.postNameEn ? { postNameEn: config.kiosk.postNameEn } : {}),
    mode: config.kiosk.mode,
    version: deps.version,
    startedAt,
    heartbeatSeconds: fleet.heartbeatSeconds,
    board: () => deps.staff.board(),
    devices: () => {
      const views = deps.staff.deviceViews.views();
      const at = now();
      for (const view of views) for (const supply of view.supplies) usage.observe(view.id, supply.supply, supply.used, at);
      return views;
    },
    services: () => deps.core.services(),
    tickets: () => deps.staff.tickets.list(),
    voice: () => deps.core.voice(),
    outbox: () => outbox.counts(),
    forecast: (deviceId, supply, remaining, at) => usage.forecast(deviceId, supply, remaining, at),
  };

  let client: MqttClient | undefined;
  let pump: ReturnType<typeof createEventPump> | undefined;
  let current: KioskStateMessage | undefined;
  let published: { comparable: string; at: number } | undefined;
  let scheduled: NodeJS.Timeout | undefined;
  const timers: NodeJS.Timeout[] = [];
  const offs: (() => void)[] = [];
  let stopped = false;

  const publish = (leaf: Parameters<typeof kioskTopic>[1], payload: object, options: { qos: 0 | 1; retain: boolean }) => {
    if (!client?.connected) return;
    client.publish(topic(leaf), JSON.stringify(payload), options, (error) => {
      if (error) warn('warn', 'fleet-publish-failed', { leaf, error: error.message });
    });
  };

  /** Recomputes the state; queues the events it implies; publishes it when it changed or is due. */
  const refresh = (force = false) => {
    if (stopped) return;
    let next: KioskStateMessage;
    try {
      next = buildState(sources, now());
    } catch (error) {
      warn('error', 'fleet-state-failed', { error: (error as Error).message });
      return;
    }
    if (current) {
      const events = stateEvents(current, next);
      for (const event of events) outbox.add(event.kind, event.params, now());
      if (events.length > 0) next = { ...next, outbox: outbox.counts() };
    }
    current = next;
    pump?.kick();
    if (!client?.connected) return;
    const comparable = comparableState(next);
    const due = !published || now().getTime() - published.at >= fleet.stateRefreshSeconds * 1000;
    if (!force && !due && published?.comparable === comparable) return;
    published = { comparable, at: now().getTime() };
    publish('state', next, { qos: 1, retain: true });
  };
  /** Coalesces bursts of changes (a printer reporting several facts at once) into one recomputation. */
  const soon = () => {
    if (scheduled || stopped) return;
    scheduled = setTimeout(() => {
      scheduled = undefined;
      refresh();
    }, 50);
  };

  const checker = createCommandChecker({ kioskId: config.kiosk.id, commands: fleet.commands, db });
  const runner = createCommandRunner({
    kioskId: config.kiosk.id,
    db,
    checker,
    pauses: deps.pauses,
    services: () => deps.core.services(),
    devices: deps.devices,
    testPrintInfo: (deviceId) => ({ kioskId: config.kiosk.id, postName: config.kiosk.postName, deviceId, at: now(), timeZone: config.kiosk.timeZone }),
    snapshot: () => refresh(true),
    publish: (result: CommandResultMessage) => {
      // Results are few and matter: queued by the client while it reconnects (QoS 1).
      client?.publish(topic('cmd/result'), JSON.stringify(result), { qos: 1, retain: false });
    },
    log,
    now,
  });

  const maintain = () => {
    const at = now();
    checker.purge(at);
    usage.purge(at);
    db.prepare(`DELETE FROM fleet_commands WHERE received_at < ?`).run(new Date(at.getTime() - config.journal.retentionDays * 86_400_000).toISOString());
  };

  return {
    address,
    start() {
      maintain();
      outbox.add('coreStarted', { version: deps.version }, startedAt);
      refresh();
      const connection = openConnection({
        kioskId: config.kiosk.id,
        fleet,
        statusTopic: topic('status'),
        connectedAt: startedAt,
        ...(deps.keepaliveSeconds ? { keepaliveSeconds: deps.keepaliveSeconds } : {}),
        ...(deps.reconnectMs ? { reconnectMs: deps.reconnectMs } : {}),
      });
      client = connection;
      pump = createEventPump({ client: connection, outbox, topic: topic('event'), kioskId: config.kiosk.id, log });
      connection.on('connect', () => {
        log.info('fleet-connected', { broker: fleet.brokerUrl, topic: topic('state') });
        const online: KioskStatusMessage = { v: 1, kioskId: config.kiosk.id, state: 'online', connectedAt: startedAt.toISOString(), at: now().toISOString() };
        publish('status', online, { qos: 1, retain: true });
        connection.subscribe(topic('cmd'), { qos: 1 }, (error) => {
          if (error) warn('error', 'fleet-subscribe-failed', { error: error.message });
        });
        refresh(true);
        pump?.kick();
      });
      connection.on('close', () => log.debug('fleet-connection-closed'));
      connection.on('error', (error) => warn('warn', 'fleet-connection-error', { error: error.message }));
      connection.on('message', (messageTopic, payload) => {
        if (messageTopic === topic('cmd')) void runner.handle(payload);
      });
      offs.push(
        deps.devices.onChange(soon),
        deps.staff.consumables.onChange(soon),
        deps.pauses.onChange(soon),
        deps.core.onEvent((name) => {
          if (name === 'services.changed' || name === 'voice.health') soon();
        }),
      );
      timers.push(
        setInterval(() => refresh(), fleet.stateCheckMs),
        setInterval(() => {
          if (!current) return;
          const beat: HeartbeatMessage = { v: 1, kioskId: config.kiosk.id, at: now().toISOString(), uptimeSeconds: Math.floor((now().getTime() - startedAt.getTime()) / 1000), colour: current.colour };
          publish('heartbeat', beat, { qos: 0, retain: false });
        }, fleet.heartbeatSeconds * 1000),
        setInterval(maintain, 6 * 60 * 60 * 1000),
      );
      for (const timer of timers) timer.unref();
    },
    async stop() {
      if (stopped) return;
      for (const off of offs.splice(0)) off();
      for (const timer of timers.splice(0)) clearInterval(timer);
      clearTimeout(scheduled);
      const connection = client;
      if (!connection) {
        stopped = true;
        return;
      }
      if (connection.connected) {
        refresh();
        await pump?.drained(1500);
        const offline: KioskStatusMessage = { v: 1, kioskId: config.kiosk.id, state: 'offline', reason: 'stopped', connectedAt: startedAt.toISOString(), at: now().toISOString() };
        await Promise.race([
          connection.publishAsync(topic('status'), JSON.stringify(offline), { qos: 1, retain: true }).catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 1500)),
        ]);
      }
      stopped = true;
      // A clean DISCONNECT: the broker then drops the last will instead of publishing "connection lost".
      await Promise.race([connection.endAsync(false).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (!connection.disconnected) await connection.endAsync(true).catch(() => undefined);
    },
    connected: () => client?.connected ?? false,
    state: () => current ?? buildState(sources, now()),
  };
}
