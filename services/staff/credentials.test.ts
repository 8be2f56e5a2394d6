/**
 * Staff credentials against published and independent values: argon2id PHC strings from the
 * reference implementation's own test vectors (phc-winner-argon2, src/test.c), and HMAC-SHA256 of
 * a staff ID number as computed independently with `openssl dgst -sha256 -mac HMAC`.
 */
import { describe, expect, it } from 'vitest';
import { StaffMember } from '../config/staff-schema';
import { hashPin, pinProblem, sameDigest, staffIdHash, verifyPin } from './credentials';
import { DEV_STAFF, DEV_STAFF_SECRETS } from './dev-staff';
import { enrolStaff, newIdHashKey } from './enroll';

const CHEAP = { memoryCost: 256, timeCost: 2, parallelism: 1 };

describe('PIN hashes (argon2id)', () => {
  it('verifies the reference implementation\'s argon2id test vectors (v=19, "password" / "somesalt")', async () => {
    // phc-winner-argon2 src/test.c, Argon2id version 0x13.
    expect(
      await verifyPin(
        '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
        'password',
      ),
    ).toBe(true);
    expect(
      await verifyPin(
        '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
        'password',
      ),
    ).toBe(true);
    expect(
      await verifyPin(
        '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
        'passwore',
      ),
    ).toBe(false);
  });

  it('hashes with a fresh salt each time, and a damaged hash never verifies (no throw)', async () => {
    const a = await hashPin('246810', CHEAP);
    const b = await hashPin('246810', CHEAP);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=256,t=2,p=1\$/);
    expect(await verifyPin(a, '246810')).toBe(true);
    expect(await verifyPin(a, '246811')).toBe(false);
    expect(await verifyPin('$argon2id$v=19$m=256,t=2,p=1$garbage', '246810')).toBe(false);
    expect(await verifyPin('', '246810')).toBe(false);
  });

  it('new hashes use the OWASP argon2id costs', async () => {
    expect(await hashPin('246810')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('enrolment refuses weak PINs', () => {
    expect(pinProblem('246810')).toBeUndefined();
    expect(pinProblem('12345')).toBe('tooShort');
    expect(pinProblem('1234567890123')).toBe('tooLong');
    expect(pinProblem('12a456')).toBe('notDigits');
    expect(pinProblem('777777')).toBe('allSame');
    expect(pinProblem('123456')).toBe('sequence');
    expect(pinProblem('987654')).toBe('sequence');
    expect(pinProblem('890123')).toBe('sequence');
  });
});

describe('staff ID hashes (HMAC-SHA256 with staff.idHashKey)', () => {
  it('match openssl for the demo officer, whatever the case of the check character', () => {
    const key = Buffer.from(DEV_STAFF.idHashKey!, 'hex');
    // printf 110101198001010010 | openssl dgst -sha256 -mac HMAC -macopt hexkey:19dd0cba…
    expect(staffIdHash(key, DEV_STAFF_SECRETS.officer.idNumber)).toBe(
      '742d2ae6c53dd20079fc364dcec0b1b0dc2feb9bb233df4721075e1f4aa29bd8',
    );
    expect(staffIdHash(key, '11010519491231002x')).toBe(staffIdHash(key, '11010519491231002X'));
    expect(staffIdHash(key, '1101051949')).toBeUndefined();
  });

  it('compares digests in constant time and never matches empty or odd lengths', () => {
    expect(sameDigest('ab'.repeat(32), 'ab'.repeat(32))).toBe(true);
    expect(sameDigest('ab'.repeat(32), 'ac'.repeat(32))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
    expect(sameDigest('ab', 'abab')).toBe(false);
  });
});

describe('enrolment (npm run staff:enroll)', () => {
  it('makes an entry the configuration accepts, which signs in with that card and PIN only', async () => {
    const key = newIdHashKey();
    const result = await enrolStaff({
      idNumber: '11010519491231002X',
      pin: '246810',
      staffId: '010001',
      role: 'officer',
      alias: '值班民警 1',
      key,
      cost: CHEAP,
    });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(StaffMember.parse(result.member)).toEqual(result.member);
    expect(JSON.stringify(result.member)).not.toContain('11010519491231002X');
    expect(JSON.stringify(result.member)).not.toContain('246810');
    expect(result.member.idHash).toBe(staffIdHash(Buffer.from(key, 'hex'), '11010519491231002X'));
    expect(await verifyPin(result.member.pinHash, '246810')).toBe(true);
  });

  it('names every problem of a bad enrolment', async () => {
    const result = await enrolStaff({
      idNumber: '110105194912310021',
      pin: '111111',
      staffId: 'x',
      role: 'chief' as 'officer',
      alias: '',
      key: 'nope',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(':')[0])).toEqual([
      'ID number',
      'PIN',
      'staff id',
      'role',
      'alias',
      'key',
    ]);
  });

  it('the demo staff hashes are what enrolment makes of the demo secrets', async () => {
    for (const who of ['officer', 'technician'] as const) {
      const member = DEV_STAFF.members.find((m) => m.staffId === DEV_STAFF_SECRETS[who].staffId)!;
      expect(member.idHash).toBe(
        staffIdHash(Buffer.from(DEV_STAFF.idHashKey!, 'hex'), DEV_STAFF_SECRETS[who].idNumber),
      );
      expect(await verifyPin(member.pinHash, DEV_STAFF_SECRETS[who].pin)).toBe(true);
    }
  });
});
