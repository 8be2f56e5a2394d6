/**
 * The fleet console's one store: the broker connection (MQTT over WebSocket, mqtt.js), every kiosk
 * as the broker reports it, alarms, and the commands this console sent with what became of them.
 * Messages are validated against the contract on arrival and folded into a plain Map; the screen
 * is told once per animation frame (`tick`), so a burst from a thousand kiosks costs one render.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { defineStore } from 'pinia';
import { computed, markRaw, ref } from 'vue';
import { CommandResultMessage, type FleetAction } from '../../contract/fleet/commands';
import { KioskStateMessage, KioskStatusMessage } from '../../contract/fleet/messages';
import { newCommandId, signCommand } from '../../contract/fleet/signing';
import { FLEET_SUBSCRIPTION, kioskTopic, parseKioskTopic } from '../../contract/fleet/topics';
import { beep } from './alarm-sound';
import { displayColour, groupFleet, offlineWhy, openTickets, type DisplayColour, type KioskEntry } from './model';

export type ConnectionState = 'signedOut' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface Alarm {
  kioskId: string;
  colour: 'red' | 'offline';
  at: number;
}

export interface SentCommand {
  id: string;
  kioskId: string;
  action: FleetAction;
  sentAt: number;
  results: CommandResultMessage[];
}

export interface Signer {
  staffId: string;
  privateKey: string;
}

/** How long a signed command stays valid (the kiosk allows 5 minutes at most by default). */
const COMMAND_LIFETIME_MS = 120_000;

export const useFleetStore = defineStore('fleet', () => {
  const connection = ref<ConnectionState>('signedOut');
  const error = ref('');
  const brokerUrl = ref('');
  const entries = new Map<string, KioskEntry>();
  const tick = ref(0);
  const now = ref(Date.now());
  const alarms = ref<Alarm[]>([]);
  const selected = ref<string | undefined>();
  const commands = ref<SentCommand[]>([]);
  /** Kept out of reactivity and never stored: the staff member's key for this session only. */
  let signer: Signer | undefined;
  const signerId = ref<string | undefined>();
  let client: MqttClient | undefined;
  const lastColours = new Map<string, DisplayColour>();
  let dirty = false;
  let frame: number | undefined;

  const flush = () => {
    frame = undefined;
    if (!dirty) return;
    dirty = false;
    now.value = Date.now();
    checkAlarms();
    tick.value++;
  };
  const markDirty = () => {
    dirty = true;
    if (frame === undefined) frame = requestAnimationFrame(flush);
  };

  function checkAlarms(): void {
    let raised = false;
    for (const entry of entries.values()) {
      const colour = displayColour(entry, now.value);
      const before = lastColours.get(entry.address.kioskId);
      lastColours.set(entry.address.kioskId, colour);
      if (colour === before) continue;
      const kioskId = entry.address.kioskId;
      if (colour === 'red' || colour === 'offline') {
        alarms.value = [{ kioskId, colour, at: now.value }, ...alarms.value.filter((a) => a.kioskId !== kioskId)];
        raised = true;
      } else if (alarms.value.some((a) => a.kioskId === kioskId)) {
        alarms.value = alarms.value.filter((a) => a.kioskId !== kioskId);
      }
    }
    if (raised) beep();
  }

  function onMessage(topic: string, payload: Uint8Array): void {
    const parsed = parseKioskTopic(topic);
    if (!parsed) return;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return;
    }
    const { address, leaf } = parsed;
    const entry = entries.get(address.kioskId) ?? { address, lastSeen: 0 };
    entries.set(address.kioskId, entry);
    entry.address = address;
    switch (leaf) {
      case 'state': {
        const state = KioskStateMessage.safeParse(json);
        if (!state.success || state.data.kioskId !== address.kioskId) return;
        entry.state = markRaw(state.data);
        entry.lastSeen = Date.now();
        break;
      }
      case 'status': {
        const status = KioskStatusMessage.safeParse(json);
        if (!status.success || status.data.kioskId !== address.kioskId) return;
        entry.status = status.data;
        if (status.data.state === 'online') entry.lastSeen = Date.now();
        break;
      }
      case 'heartbeat':
      case 'event':
        entry.lastSeen = Date.now();
        break;
      case 'cmd/result': {
        const result = CommandResultMessage.safeParse(json);
        if (!result.success) return;
        const sent = commands.value.find((c) => c.id === result.data.id);
        if (sent) sent.results = [...sent.results, result.data];
        commands.value = [...commands.value];
        break;
      }
      case 'cmd':
        return;
    }
    markDirty();
  }

  function connect(options: { url: string; username: string; password: string }): void {
    client?.end(true);
    brokerUrl.value = options.url;
    error.value = '';
    connection.value = 'connecting';
    const next = mqtt.connect(options.url, {
      username: options.username,
      password: options.password,
      clientId: `fleet-console-${newCommandId().slice(0, 12)}`,
      reconnectPeriod: 2000,
      connectTimeout: 8000,
      clean: true,
    });
    client = next;
    next.on('connect', () => {
      connection.value = 'connected';
      error.value = '';
      next.subscribe(FLEET_SUBSCRIPTION, { qos: 1 });
    });
    next.on('reconnect', () => {
      if (connection.value !== 'failed') connection.value = 'reconnecting';
    });
    next.on('error', (problem) => {
      error.value = problem.message;
      // A refused sign-in will not get better by retrying: stop and let staff correct it.
      if (/not authori[sz]ed|bad user name or password/i.test(problem.message)) {
        connection.value = 'failed';
        next.end(true);
      }
    });
    next.on('message', onMessage);
  }

  function signOut(): void {
    client?.end(true);
    client = undefined;
    signer = undefined;
    signerId.value = undefined;
    entries.clear();
    lastColours.clear();
    alarms.value = [];
    commands.value = [];
    selected.value = undefined;
    connection.value = 'signedOut';
    tick.value++;
  }

  function useSigner(next: Signer | undefined): void {
    signer = next;
    signerId.value = next?.staffId;
  }

  /** Signs `action` for one kiosk with the staff member's key and sends it (QoS 1). */
  function send(kioskId: string, action: FleetAction): SentCommand | undefined {
    const entry = entries.get(kioskId);
    if (!signer || !client || !entry) return undefined;
    const issued = Date.now();
    const command = signCommand(
      { v: 1, id: newCommandId(), kioskId, staffId: signer.staffId, issuedAt: new Date(issued).toISOString(), expiresAt: new Date(issued + COMMAND_LIFETIME_MS).toISOString(), action },
      signer.privateKey,
    );
    const sent: SentCommand = { id: command.id, kioskId, action, sentAt: issued, results: [] };
    commands.value = [sent, ...commands.value].slice(0, 200);
    client.publish(kioskTopic(entry.address, 'cmd'), JSON.stringify(command), { qos: 1 });
    return sent;
  }

  // Silence is noticed without any message arriving: look again every few seconds.
  setInterval(() => {
    dirty = true;
    flush();
  }, 5000);

  const groups = computed(() => {
    void tick.value;
    return groupFleet(entries.values(), now.value);
  });
  const tickets = computed(() => {
    void tick.value;
    return openTickets(entries.values(), now.value);
  });
  const counts = computed(() => {
    const all = { red: 0, offline: 0, orange: 0, yellow: 0, green: 0 };
    for (const group of groups.value) for (const colour of Object.keys(all) as DisplayColour[]) all[colour] += group.counts[colour];
    return all;
  });
  /** A fresh copy each frame: entries are plain objects updated in place, and the detail must see the change. */
  const selectedEntry = computed(() => {
    void tick.value;
    const entry = selected.value ? entries.get(selected.value) : undefined;
    return entry ? { ...entry } : undefined;
  });
  const entryOf = (kioskId: string) => entries.get(kioskId);

  return {
    connection,
    error,
    brokerUrl,
    tick,
    now,
    alarms,
    selected,
    selectedEntry,
    commands,
    signerId,
    groups,
    tickets,
    counts,
    entryOf,
    offlineWhy: (entry: KioskEntry) => offlineWhy(entry, now.value),
    displayColour: (entry: KioskEntry) => displayColour(entry, now.value),
    connect,
    signOut,
    useSigner,
    send,
    acknowledge: (kioskId: string) => (alarms.value = alarms.value.filter((a) => a.kioskId !== kioskId)),
    acknowledgeAll: () => (alarms.value = []),
  };
});
