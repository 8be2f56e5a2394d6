/**
 * The `staff` section of the configuration: who may sign in to the staff console, and the rules of
 * the console (lock-out, idle time, ticket deadlines, consumable sizes).
 *
 * No clear ID numbers and no PINs are stored: each member has `idHash` = HMAC-SHA256(idHashKey, ID
 * number) in hex, and `pinHash` = an argon2id PHC string. `idHashKey` is a post-wide secret (not the
 * per-kiosk journal secret), so one staff list works on every kiosk of the post. `npm run
 * staff:enroll` prints a member entry (and a new key when asked). Keep the file readable by the
 * kiosk only: with the key, ID numbers on the list could be guessed by brute force.
 */
import { z } from 'zod';
import { StaffCode, StaffRole } from '../../contract/staff';

export const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=\d{1,7},t=\d{1,3},p=\d{1,2}\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/;

export const StaffMember = z.strictObject({
  /** The staff code (警号 or employee code); journaled with every action. */
  staffId: StaffCode,
  /** What the console shows: a duty alias ("值班民警 3"), not a legal name. */
  alias: z.string().min(1).max(24),
  role: StaffRole,
  /** HMAC-SHA256(staff.idHashKey, upper-case ID number), 64 hex digits. */
  idHash: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits from npm run staff:enroll'),
  /** argon2id PHC string of the PIN. */
  pinHash: z.string().regex(ARGON2ID_PHC, 'an argon2id hash ($argon2id$v=19$…) from npm run staff:enroll'),
});
export type StaffMember = z.infer<typeof StaffMember>;

const Count = z.number().int().nonnegative();

export const StaffConfig = z
  .strictObject({
    /** 32 bytes as 64 hex digits; the same on every kiosk of the post. Required once there are members. */
    idHashKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits (npm run staff:enroll -- --new-key)')
      .optional(),
    members: z.array(StaffMember).max(500).default([]),
    /** Staff may type their staff code instead of placing their ID card (e.g. the reader is broken). */
    allowTypedNumber: z.boolean().default(false),
    /** Wrong PINs in a row before that staff member is locked out. */
    maxPinAttempts: z.number().int().min(3).max(10).default(5),
    lockoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** The staff session ends after this long without a touch. */
    sessionIdleSeconds: z.number().int().min(30).max(900).default(120),
    /** How long a sign-in waits for the card and the PIN. */
    signInSeconds: z.number().int().min(15).max(300).default(60),
    tickets: z
      .strictObject({
        /** An open ticket turns orange after this long, red after `redAfterMinutes`. */
        orangeAfterMinutes: z.number().int().min(1).default(30),
        redAfterMinutes: z.number().int().min(1).default(120),
      })
      .refine((t) => t.redAfterMinutes > t.orangeAfterMinutes, {
        message: 'redAfterMinutes must be later than orangeAfterMinutes',
        path: ['redAfterMinutes'],
      })
      .prefault({}),
    /** A paid transaction still open after this long (no card, no refund) is money unresolved. */
    moneySettleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Sizes of a full load and the "low" mark of each consumable the kiosk counts. */
    consumables: z
      .strictObject({
        receiptPaperMm: Count.default(80_000),
        receiptPaperLowMm: Count.default(6_000),
        cards: Count.default(100),
        cardsLow: Count.default(10),
        ribbonPanels: Count.default(500),
        ribbonLowPanels: Count.default(50),
        a4Sheets: Count.default(500),
        a4LowSheets: Count.default(50),
        tonerPages: Count.default(3_000),
        tonerLowPages: Count.default(300),
      })
      .prefault({}),
  })
  .superRefine((staff, ctx) => {
    if (staff.members.length > 0 && !staff.idHashKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['idHashKey'],
        message: 'a staff list needs the idHashKey its idHash values were made with',
      });
    }
    const seen = new Map<string, number>();
    const hashes = new Map<string, number>();
    staff.members.forEach((member, index) => {
      if (seen.has(member.staffId))
        ctx.addIssue({
          code: 'custom',
          path: ['members', index, 'staffId'],
          message: `${member.staffId} is listed twice`,
        });
      else seen.set(member.staffId, index);
      if (hashes.has(member.idHash))
        ctx.addIssue({
          code: 'custom',
          path: ['members', index, 'idHash'],
          message: `the same ID card as members.${hashes.get(member.idHash)}`,
        });
      else hashes.set(member.idHash, index);
    });
  });
export type StaffConfig = z.infer<typeof StaffConfig>;
