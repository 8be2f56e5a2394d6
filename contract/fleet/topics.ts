/**
 * The fleet topic tree. Every kiosk publishes under its own branch and reads only its own command
 * topic; the fleet console reads the whole tree and writes commands.
 *
 *   kiosk/v1/<district>/<post>/<kioskId>/status      retained, QoS 1  online / offline (the last will)
 *   kiosk/v1/<district>/<post>/<kioskId>/state       retained, QoS 1  the four-colour state (messages.ts)
 *   kiosk/v1/<district>/<post>/<kioskId>/heartbeat            QoS 0  every `fleet.heartbeatSeconds`
 *   kiosk/v1/<district>/<post>/<kioskId>/event                QoS 1  ticket opened/closed, device down/back…
 *   kiosk/v1/<district>/<post>/<kioskId>/cmd                  QoS 1  signed commands, console → kiosk
 *   kiosk/v1/<district>/<post>/<kioskId>/cmd/result           QoS 1  what became of each command
 *
 * Segments are codes (district and post codes, the kiosk id), never names: a topic must not carry
 * anything personal and must not contain the MQTT wildcards or separators.
 */
import { z } from 'zod';

export const TOPIC_ROOT = 'kiosk/v1';

/** A district code, post code or kiosk id as it appears in a topic. */
export const TopicSegment = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'letters, digits, dash or underscore, at most 32, no MQTT wildcards');

export const KioskAddress = z.object({ district: TopicSegment, post: TopicSegment, kioskId: TopicSegment });
export type KioskAddress = z.infer<typeof KioskAddress>;

export const TOPIC_LEAVES = ['status', 'state', 'heartbeat', 'event', 'cmd', 'cmd/result'] as const;
export type TopicLeaf = (typeof TOPIC_LEAVES)[number];

/** The branch of one kiosk, without a trailing slash. */
export const kioskBranch = (address: KioskAddress): string =>
  `${TOPIC_ROOT}/${address.district}/${address.post}/${address.kioskId}`;

export const kioskTopic = (address: KioskAddress, leaf: TopicLeaf): string => `${kioskBranch(address)}/${leaf}`;

/** What the fleet console subscribes to: everything under the root. */
export const FLEET_SUBSCRIPTION = `${TOPIC_ROOT}/#`;

/** Splits a topic of the tree into its kiosk and leaf; undefined for anything else. */
export function parseKioskTopic(topic: string): { address: KioskAddress; leaf: TopicLeaf } | undefined {
  const parts = topic.split('/');
  if (parts.length < 6 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return undefined;
  const leaf = parts.slice(5).join('/');
  if (!(TOPIC_LEAVES as readonly string[]).includes(leaf)) return undefined;
  const address = KioskAddress.safeParse({ district: parts[2], post: parts[3], kioskId: parts[4] });
  return address.success ? { address: address.data, leaf: leaf as TopicLeaf } : undefined;
}
