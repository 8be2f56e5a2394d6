/**
 * Moves events from the outbox (outbox.ts) to the broker in order, a bounded window at a time (QoS 1),
 * and deletes each one when the broker acknowledges it. Only while connected: events raised while
 * the broker is away wait in the journal, not in the MQTT client's memory. Events the client had
 * already sent when the connection dropped are sent again by the client itself on reconnect (their
 * acknowledgement still reaches us); after a restart everything left in the outbox is sent again, so
 * the console may see an event twice and tells by its `seq`.
 */
import type { MqttClient } from 'mqtt';
import type { FleetEventMessage } from '../../contract/fleet/messages';
import type { Logger } from '../log/logger';
import type { Outbox } from './outbox';

export interface EventPump {
  /** Sends whatever is waiting (call after adding an event and after connecting). */
  kick(): void;
  /** Resolves when nothing is waiting or in flight (for an orderly stop), or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
}

export function createEventPump(options: {
  client: Pick<MqttClient, 'connected' | 'publish'>;
  outbox: Outbox;
  topic: string;
  kioskId: string;
  log: Logger;
  window?: number;
}): EventPump {
  const { client, outbox, topic, kioskId, log } = options;
  const window = options.window ?? 64;
  const inFlight = new Set<number>();
  /** The highest sequence number handed to the client (events are handed over once, in order). */
  let cursor = 0;
  let pumping = false;
  const waiters = new Set<() => void>();

  const settleWaiters = () => {
    if (inFlight.size > 0 || outbox.counts().queued > 0) return;
    for (const resolve of waiters) resolve();
    waiters.clear();
  };

  const kick = () => {
    if (pumping) return;
    pumping = true;
    try {
      while (client.connected && inFlight.size < window) {
        const batch = outbox.next(cursor, window - inFlight.size);
        if (batch.length === 0) break;
        for (const event of batch) {
          cursor = event.seq;
          inFlight.add(event.seq);
          const message: FleetEventMessage = { v: 1, kioskId, seq: event.seq, at: event.at, kind: event.kind, params: event.params };
          client.publish(topic, JSON.stringify(message), { qos: 1, retain: false }, (error) => {
            inFlight.delete(event.seq);
            if (error) {
              // Not delivered (the client was stopped): hand it over again later, from here.
              cursor = Math.min(cursor, event.seq - 1);
              log.debug('fleet-event-not-sent', { seq: event.seq, error: error.message });
            } else {
              outbox.acknowledge(event.seq);
            }
            settleWaiters();
            queueMicrotask(kick);
          });
        }
      }
    } finally {
      pumping = false;
    }
    settleWaiters();
  };

  return {
    kick,
    drained(timeoutMs) {
      kick();
      if (inFlight.size === 0 && outbox.counts().queued === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.add(done);
      });
    },
  };
}
