/**
 * Enrolment of a staff member for the configuration's `staff.members`: the keyed hash of their ID
 * number and the argon2id hash of their PIN. Nothing clear leaves this function. `npm run
 * staff:enroll` is the command line around it (scripts/staff-enroll.ts).
 */
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '../../contract/staff';
import { StaffCode } from '../../contract/staff';
import { StaffMember } from '../config/staff-schema';
import { enrolmentIdProblem, hashPin, pinProblem, PIN_HASH_COST, staffIdHash } from './credentials';

export interface EnrolInput {
  idNumber: string;
  pin: string;
  staffId: string;
  role: StaffRole;
  alias: string;
  /** staff.idHashKey: 64 hex digits. */
  key: string;
  /** argon2id costs (tests use smaller ones). */
  cost?: { memoryCost: number; timeCost: number; parallelism: number };
  today?: Date;
}

export type EnrolResult = { ok: true; member: StaffMember } | { ok: false; problems: string[] };

/** A fresh post-wide staff.idHashKey. */
export const newIdHashKey = (): string => randomBytes(32).toString('hex');

export async function enrolStaff(input: EnrolInput): Promise<EnrolResult> {
  const problems: string[] = [];
  const idProblem = enrolmentIdProblem(input.idNumber, input.today);
  if (idProblem) problems.push(`ID number: ${idProblem}`);
  const pin = pinProblem(input.pin);
  if (pin)
    problems.push(
      `PIN: ${{ notDigits: 'digits only', tooShort: 'at least 6 digits', tooLong: 'at most 12 digits', allSame: 'not one digit repeated', sequence: 'not a run such as 123456' }[pin]}`,
    );
  if (!StaffCode.safeParse(input.staffId).success) problems.push('staff id: 2-16 letters, digits or dashes');
  if (input.role !== 'officer' && input.role !== 'technician') problems.push('role: officer or technician');
  if (input.alias.trim().length === 0 || input.alias.length > 24)
    problems.push('alias: 1-24 characters (a duty alias, not a legal name)');
  if (!/^[0-9a-f]{64}$/.test(input.key)) problems.push('key: staff.idHashKey is 64 lower-case hex digits');
  if (problems.length > 0) return { ok: false, problems };
  const member = StaffMember.parse({
    staffId: input.staffId,
    alias: input.alias.trim(),
    role: input.role,
    idHash: staffIdHash(Buffer.from(input.key, 'hex'), input.idNumber)!,
    pinHash: await hashPin(input.pin, input.cost ?? PIN_HASH_COST),
  });
  return { ok: true, member };
}
