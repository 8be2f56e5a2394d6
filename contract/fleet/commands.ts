/**
 * Remote commands from the fleet console to one kiosk, and what became of them.
 *
 * A command is signed by the issuing staff member's SM2 key (signing.ts) over its canonical text,
 * which covers every field: the kiosk it is for, who issued it, when it was issued and when it
 * expires, a random nonce (`id`) and the action. The kiosk refuses it when it is unsigned, the
 * signature does not verify against that staff member's configured public key, the staff member
 * may not issue that action, it has expired or is not yet valid, it lives longer than the kiosk
 * allows, its nonce was seen before, or it is for another kiosk. Every outcome is published on
 * `…/cmd/result` and journaled.
 */
import { z } from 'zod';
import { ServiceId } from '../flow';
import { StaffCode } from '../staff';

const DeviceId = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/);

export const FleetAction = z.discriminatedUnion('type', [
  /** Stops residents from starting the service (shown on the kiosk as paused by staff) until resumed. */
  z.object({ type: z.literal('pauseService'), service: ServiceId }).strict(),
  z.object({ type: z.literal('resumeService'), service: ServiceId }).strict(),
  /** The printer's test page (the staff console's test print). */
  z.object({ type: z.literal('testPrint'), deviceId: DeviceId }).strict(),
  /** Stops and starts the device's driver (the staff console's "reconnect"). */
  z.object({ type: z.literal('reopenDevice'), deviceId: DeviceId }).strict(),
  /** Publishes a fresh state now. */
  z.object({ type: z.literal('snapshot') }).strict(),
]);
export type FleetAction = z.infer<typeof FleetAction>;
export type FleetActionType = FleetAction['type'];
export const FLEET_ACTION_TYPES = ['pauseService', 'resumeService', 'testPrint', 'reopenDevice', 'snapshot'] as const satisfies readonly FleetActionType[];

/** 16 random bytes as hex: the command's id and its nonce. */
export const CommandId = z.string().regex(/^[0-9a-f]{32}$/, '32 lower-case hex digits');

export const CommandBody = z
  .object({
    v: z.literal(1),
    id: CommandId,
    kioskId: z.string().min(1).max(32),
    staffId: StaffCode,
    issuedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    action: FleetAction,
  })
  .strict();
export type CommandBody = z.infer<typeof CommandBody>;

/** SM2 signature r‖s, 64 bytes as hex. */
export const SignatureHex = z.string().regex(/^[0-9a-f]{128}$/, '128 lower-case hex digits (SM2 r‖s)');

export const SignedCommand = CommandBody.extend({ sig: SignatureHex }).strict();
export type SignedCommand = z.infer<typeof SignedCommand>;

export const CommandRefusal = z.enum([
  'malformed',
  'unsigned',
  'unknownSigner',
  'badSignature',
  'notAllowed',
  'otherKiosk',
  'expired',
  'notYetValid',
  'lifetimeTooLong',
  'replayed',
  'commandsDisabled',
]);
export type CommandRefusal = z.infer<typeof CommandRefusal>;

export const CommandFailure = z.enum([
  'noSuchService',
  'serviceOff',
  'noSuchDevice',
  'notAPrinter',
  'printerNotReady',
  'printFailed',
  'internal',
]);
export type CommandFailure = z.infer<typeof CommandFailure>;

export const CommandResultMessage = z.object({
  v: z.literal(1),
  /** The command's id; absent when the command was too malformed to have one. */
  id: CommandId.optional(),
  kioskId: z.string().min(1).max(32),
  at: z.string().max(40),
  staffId: StaffCode.optional(),
  action: z.enum(FLEET_ACTION_TYPES).optional(),
  /** accepted: it will take a while (a card test print), a final result follows. */
  outcome: z.enum(['accepted', 'done', 'refused', 'failed']),
  reason: z.union([CommandRefusal, CommandFailure]).optional(),
  /** Technical detail for staff (codes, device states), never personal data. */
  message: z.string().max(200).optional(),
});
export type CommandResultMessage = z.infer<typeof CommandResultMessage>;
