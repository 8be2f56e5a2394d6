/**
 * The bench's simulated fleet: N kiosks, each its own MQTT connection with its own credentials and
 * retained last will, publishing the same messages a real kiosk does (status, state, events,
 * heartbeats; contract/fleet/messages.ts). Bounded: connections are opened in small batches, each
 * kiosk changes state at a fixed mean interval, and a publish that the broker has not acknowledged
 * is never followed by another from the same kiosk.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { BoardItem, FourColour } from '../../contract/four-colour';
import { KioskStateMessage, type FleetEventMessage, type HeartbeatMessage, type KioskStatusMessage } from '../../contract/fleet/messages';
import { kioskTopic, type KioskAddress } from '../../contract/fleet/topics';
import type { BrokerAccount } from '../../services/fleet/mosquitto-config';

export const DISTRICTS = ['dongcheng', 'xicheng', 'chaoyang', 'haidian', 'fengtai', 'shijingshan', 'tongzhou', 'changping'];

export function fleetRoster(count: number): { address: KioskAddress; password: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const post = `post-${String(Math.floor(i / DISTRICTS.length / 4)).padStart(3, '0')}`;
    return { address: { district, post, kioskId: `BJ-${String(i + 1).padStart(4, '0')}` }, password: `pw-${i + 1}-${(i * 7919) % 100_003}` };
  });
}

export const rosterAccounts = (roster: ReturnType<typeof fleetRoster>): BrokerAccount[] =>
  roster.map(({ address, password }) => ({ role: 'kiosk' as const, username: address.kioskId, password, address }));

const DEVICES = [
  ['idReader', 'idCardReader'],
  ['scanner', 'qrScanner'],
  ['receiptPrinter', 'receiptPrinter'],
  ['cardPrinter', 'cardPrinter'],
  ['documentPrinter', 'documentPrinter'],
] as const;

/** A realistic state: the board of a kiosk with five devices, two services, money and voice. */
export function stateFor(address: KioskAddress, colour: FourColour, at: Date, startedAt: Date, seq: number): KioskStateMessage {
  const cardColour: FourColour = colour === 'red' ? 'red' : colour === 'yellow' ? 'yellow' : 'green';
  const items: BoardItem[] = [
    { key: 'money', subject: 'money', ref: 'money', colour: 'green', reasons: [{ code: 'moneySettled' }] },
    ...DEVICES.map(([id, kind]): BoardItem => {
      const c = id === 'cardPrinter' ? cardColour : 'green';
      return { key: `device:${id}`, subject: 'device', ref: id, deviceKind: kind, colour: c, reasons: [{ code: c === 'red' ? 'cardsOut' : c === 'yellow' ? 'cardsLow' : 'deviceReady' }] };
    }),
    { key: 'service:tempIdCard', subject: 'service', ref: 'tempIdCard', colour: colour === 'red' ? 'orange' : 'green', reasons: [colour === 'red' ? { code: 'servicePaused', params: { device: 'cardPrinter', problem: 'suppliesOut' } } : { code: 'serviceReady' }] },
    { key: 'service:noCriminalRecord', subject: 'service', ref: 'noCriminalRecord', colour: 'green', reasons: [{ code: 'serviceReady' }] },
    { key: 'voice', subject: 'voice', ref: 'voice', colour: colour === 'orange' ? 'orange' : 'green', reasons: [{ code: 'voiceReady' }] },
  ];
  const rank = { red: 0, orange: 1, yellow: 2, green: 3 } as const;
  items.sort((a, b) => rank[a.colour] - rank[b.colour]);
  const counts = { red: 0, orange: 0, yellow: 0, green: 0 };
  for (const item of items) counts[item.colour]++;
  const cards = colour === 'red' ? 0 : colour === 'yellow' ? 8 : 80 - (seq % 50);
  return {
    v: 1,
    kioskId: address.kioskId,
    district: address.district,
    post: address.post,
    postName: `${address.post}号24小时智慧警务室`,
    postNameEn: `Police post ${address.post}`,
    mode: 'production',
    version: 'bench',
    at: at.toISOString(),
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.floor((at.getTime() - startedAt.getTime()) / 1000),
    heartbeatSeconds: 30,
    colour: items[0]!.colour,
    board: { kioskId: address.kioskId, at: at.toISOString(), colour: items[0]!.colour, counts, items },
    devices: DEVICES.map(([id, kind]) => ({
      id,
      kind,
      state: id === 'cardPrinter' && colour === 'red' ? 'userError' : 'online',
      healthy: !(id === 'cardPrinter' && colour === 'red'),
      colour: id === 'cardPrinter' ? cardColour : 'green',
      since: startedAt.toISOString(),
      canTestPrint: kind.endsWith('Printer'),
      supplies:
        kind === 'cardPrinter'
          ? [{ supply: 'cards', unit: 'cards', capacity: 100, remaining: cards, low: cards <= 10, source: 'estimate', perDay: 12.5, daysLeft: Math.round((cards / 12.5) * 10) / 10 }]
          : kind === 'receiptPrinter'
            ? [{ supply: 'receiptPaper', unit: 'mm', capacity: 80_000, remaining: 52_000, low: false, source: 'estimate', perDay: 1800, daysLeft: 28.9 }]
            : [],
    })),
    services: [
      colour === 'red' ? { id: 'tempIdCard', available: false, state: 'paused', pause: { device: 'cardPrinter', problem: 'suppliesOut' } } : { id: 'tempIdCard', available: true, state: 'ready' },
      { id: 'noCriminalRecord', available: true, state: 'ready' },
    ],
    tickets: { counts: { red: 0, orange: 0, yellow: 0, green: 0 }, open: [] },
    voice: { level: 'ok', engine: 'espeak-ng' },
    outbox: { queued: 0, dropped: 0 },
  };
}

/** The colours a simulated kiosk goes through, one step per state change. */
const CYCLE: FourColour[] = ['green', 'yellow', 'green', 'red', 'green', 'orange'];

export interface Publication {
  kioskId: string;
  colour: FourColour;
  /** Date.now() just before the publish call. */
  sentAt: number;
}

export interface LoadGenerator {
  connect(batch?: number): Promise<void>;
  /** Runs for `seconds`: each kiosk changes state every `stateEverySeconds` on average, heartbeats every `heartbeatSeconds`. */
  run(options: { seconds: number; stateEverySeconds: number; heartbeatSeconds: number }): Promise<{ published: number; publications: Publication[] }>;
  close(): Promise<void>;
}

export function createLoadGenerator(brokerUrl: string, roster: ReturnType<typeof fleetRoster>): LoadGenerator {
  const startedAt = new Date();
  const kiosks = roster.map((entry) => ({ ...entry, client: undefined as MqttClient | undefined, step: 0, seq: 0, busy: false }));
  KioskStateMessage.parse(stateFor(roster[0]!.address, 'red', new Date(), startedAt, 1)); // the console must accept what we send

  return {
    async connect(batch = 50) {
      for (let i = 0; i < kiosks.length; i += batch) {
        await Promise.all(
          kiosks.slice(i, i + batch).map(async (kiosk) => {
            const will: KioskStatusMessage = { v: 1, kioskId: kiosk.address.kioskId, state: 'offline', reason: 'connectionLost', connectedAt: startedAt.toISOString() };
            kiosk.client = await mqtt.connectAsync(brokerUrl, {
              clientId: kiosk.address.kioskId,
              username: kiosk.address.kioskId,
              password: kiosk.password,
              keepalive: 60,
              reconnectPeriod: 1000,
              will: { topic: kioskTopic(kiosk.address, 'status'), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
            });
            const online: KioskStatusMessage = { ...will, state: 'online', at: new Date().toISOString() };
            delete online.reason;
            await kiosk.client.publishAsync(kioskTopic(kiosk.address, 'status'), JSON.stringify(online), { qos: 1, retain: true });
            await kiosk.client.publishAsync(kioskTopic(kiosk.address, 'state'), JSON.stringify(stateFor(kiosk.address, 'green', new Date(), startedAt, 0)), { qos: 1, retain: true });
          }),
        );
      }
    },
    async run({ seconds, stateEverySeconds, heartbeatSeconds }) {
      const publications: Publication[] = [];
      let published = 0;
      const end = Date.now() + seconds * 1000;
      const timers: NodeJS.Timeout[] = [];
      for (const kiosk of kiosks) {
        const client = kiosk.client!;
        const changeState = () => {
          if (Date.now() >= end) return;
          // Bounded: a kiosk whose last state is not acknowledged yet skips this turn.
          if (!kiosk.busy) {
            kiosk.busy = true;
            kiosk.step = (kiosk.step + 1) % CYCLE.length;
            const colour = CYCLE[kiosk.step]!;
            kiosk.seq += 1;
            const sentAt = Date.now();
            publications.push({ kioskId: kiosk.address.kioskId, colour: colour, sentAt });
            const state = stateFor(kiosk.address, colour, new Date(sentAt), startedAt, kiosk.seq);
            const event: FleetEventMessage = { v: 1, kioskId: kiosk.address.kioskId, seq: kiosk.seq, at: state.at, kind: 'colourChanged', params: { to: colour } };
            void Promise.all([
              client.publishAsync(kioskTopic(kiosk.address, 'state'), JSON.stringify(state), { qos: 1, retain: true }),
              client.publishAsync(kioskTopic(kiosk.address, 'event'), JSON.stringify(event), { qos: 1 }),
            ]).then(() => {
              published += 2;
              kiosk.busy = false;
            });
          }
          timers.push(setTimeout(changeState, stateEverySeconds * 1000 * (0.5 + Math.random())));
        };
        const beat = () => {
          if (Date.now() >= end) return;
          const message: HeartbeatMessage = { v: 1, kioskId: kiosk.address.kioskId, at: new Date().toISOString(), uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000), colour: CYCLE[kiosk.step]! };
          client.publish(kioskTopic(kiosk.address, 'heartbeat'), JSON.stringify(message), { qos: 0 });
          published += 1;
          timers.push(setTimeout(beat, heartbeatSeconds * 1000));
        };
        // Spread the first change and beat over the interval so kiosks do not move in step.
        timers.push(setTimeout(changeState, Math.random() * stateEverySeconds * 1000), setTimeout(beat, Math.random() * heartbeatSeconds * 1000));
      }
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      for (const timer of timers) clearTimeout(timer);
      return { published, publications };
    },
    async close() {
      await Promise.all(kiosks.map((k) => k.client?.endAsync().catch(() => undefined)));
    },
  };
}
