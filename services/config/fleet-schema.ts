/**
 * The `fleet` section: where this kiosk reports (an MQTT broker), as what (district and post codes,
 * its own credentials), and whose signed commands it obeys. Off by default; in production the kiosk
 * refuses to report without credentials or over an unencrypted connection (schema.ts).
 */
import { z } from 'zod';
import { FLEET_ACTION_TYPES } from '../../contract/fleet/commands';
import { TopicSegment } from '../../contract/fleet/topics';
import { StaffCode } from '../../contract/staff';
import { isValidPublicKey } from '../documents/signing/sm';

export const FleetSigner = z.strictObject({
  /** The staff code the console's key file carries; journaled with every command. */
  staffId: StaffCode,
  /** SM2 public key, uncompressed 04‖x‖y hex (from `npm run fleet:key`). */
  publicKey: z.string().refine(isValidPublicKey, 'not an SM2 public key (130 hex digits starting 04, on the curve)'),
  /** What this staff member may ask of the kiosk; all commands when left out. */
  actions: z.array(z.enum(FLEET_ACTION_TYPES)).min(1).optional(),
});
export type FleetSigner = z.infer<typeof FleetSigner>;

export const FleetConfig = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** mqtt://, mqtts:// (TLS), ws:// or wss:// (TLS) URL of the district broker. */
    brokerUrl: z
      .string()
      .regex(/^(mqtt|mqtts|ws|wss):\/\/[^\s/]+(\/\S*)?$/, 'an mqtt://, mqtts://, ws:// or wss:// broker URL')
      .optional(),
    /** District and post codes: the kiosk's place in the topic tree (kiosk/v1/<district>/<post>/<kioskId>). */
    district: TopicSegment.optional(),
    post: TopicSegment.optional(),
    /** This kiosk's own broker account; the username defaults to the kiosk id. */
    username: z.string().min(1).max(64).optional(),
    password: z.string().min(1).max(256).optional(),
    tls: z
      .strictObject({
        /** PEM files: the broker's CA, and this kiosk's client certificate and key where the broker wants them. */
        caFile: z.string().min(1).optional(),
        certFile: z.string().min(1).optional(),
        keyFile: z.string().min(1).optional(),
      })
      .optional(),
    /** Seconds between heartbeats (the console counts a kiosk silent after three missed). */
    heartbeatSeconds: z.number().int().min(1).max(600).default(30),
    /** The state is republished at least this often (ticket ages move on) and at once when it changes. */
    stateRefreshSeconds: z.number().int().min(10).max(3600).default(60),
    /** How often tickets and money (which have no change events) are looked at. */
    stateCheckMs: z.number().int().min(200).max(60_000).default(2000),
    /** Events kept in the journal while the broker is away; beyond it the oldest are dropped (and counted). */
    outboxMaxEvents: z.number().int().min(10).max(1_000_000).default(10_000),
    /** Days of use the consumables forecast averages over. */
    forecastDays: z.number().int().min(1).max(90).default(7),
    commands: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Staff whose signed commands this kiosk obeys. */
        signers: z.array(FleetSigner).max(500).default([]),
        /** A command may live at most this long between issuedAt and expiresAt. */
        maxLifetimeSeconds: z.number().int().min(10).max(3600).default(300),
        /** Tolerated clock difference between the console and the kiosk. */
        clockSkewSeconds: z.number().int().min(0).max(600).default(60),
      })
      .prefault({}),
  })
  .superRefine((fleet, ctx) => {
    if (!fleet.enabled) return;
    for (const field of ['brokerUrl', 'district', 'post'] as const)
      if (!fleet[field]) ctx.addIssue({ code: 'custom', path: [field], message: `fleet reporting needs ${field}` });
    const staffIds = fleet.commands.signers.map((s) => s.staffId);
    if (new Set(staffIds).size !== staffIds.length) ctx.addIssue({ code: 'custom', path: ['commands', 'signers'], message: 'each staffId at most once' });
  });
export type FleetConfig = z.infer<typeof FleetConfig>;

/** Production rules, checked by the kiosk configuration: credentials and an encrypted connection. */
export function fleetProductionProblems(fleet: FleetConfig): { path: string[]; message: string }[] {
  if (!fleet.enabled) return [];
  const problems: { path: string[]; message: string }[] = [];
  if (!fleet.password) problems.push({ path: ['fleet', 'password'], message: 'fleet reporting in production needs this kiosk’s own broker credentials' });
  if (fleet.brokerUrl && !/^(mqtts|wss):/.test(fleet.brokerUrl)) problems.push({ path: ['fleet', 'brokerUrl'], message: 'fleet reporting in production needs TLS (mqtts:// or wss://)' });
  return problems;
}
