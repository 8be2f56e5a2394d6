import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateFleetKeyPair, signCommand } from '../../contract/fleet/signing';
import { migrate } from '../journal/migrations';
import { createCommandChecker } from './command-check';
import { COMMAND_NOW, commandBody } from './test-commands';

const officer = generateFleetKeyPair();
const technician = generateFleetKeyPair();
const stranger = generateFleetKeyPair();
const now = COMMAND_NOW;

const body = commandBody;

function checker(enabled = true) {
  const db = new Database(':memory:');
  migrate(db);
  return createCommandChecker({
    kioskId: 'K-1',
    db,
    commands: {
      enabled,
      maxLifetimeSeconds: 300,
      clockSkewSeconds: 60,
      signers: [
        { staffId: '010123', publicKey: officer.publicKey },
        { staffId: 'T-7', publicKey: technician.publicKey, actions: ['testPrint', 'reopenDevice', 'snapshot'] },
      ],
    },
  });
}
const send = (c: ReturnType<typeof checker>, value: unknown, at = now) => c.check(JSON.stringify(value), at);

describe('fleet command checks', () => {
  it('accepts a well-signed, current command for this kiosk once; the replay is refused', () => {
    const c = checker();
    const command = signCommand(body(), officer.privateKey);
    expect(send(c, command)).toEqual({ ok: true, command });
    expect(send(c, command)).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it.each([
    ['malformed', 'not json at all'],
    ['malformed', { v: 1, hello: 'world' }],
    ['unsigned', body()],
    ['unknownSigner', signCommand(body({ staffId: '999999' }), stranger.privateKey)],
    ['badSignature', signCommand(body(), stranger.privateKey)],
    ['badSignature', { ...signCommand(body(), officer.privateKey), action: { type: 'resumeService', service: 'tempIdCard' } }],
    ['otherKiosk', signCommand(body({ kioskId: 'K-2' }), officer.privateKey)],
    ['expired', signCommand(body({ issuedAt: '2026-05-01T07:55:00.000Z', expiresAt: '2026-05-01T07:58:00.000Z' }), officer.privateKey)],
    ['notYetValid', signCommand(body({ issuedAt: '2026-05-01T08:02:00.000Z', expiresAt: '2026-05-01T08:03:00.000Z' }), officer.privateKey)],
    ['lifetimeTooLong', signCommand(body({ expiresAt: '2026-05-01T09:00:00.000Z' }), officer.privateKey)],
    ['malformed', signCommand(body({ expiresAt: '2026-05-01T07:59:00.000Z' }), officer.privateKey)],
    ['notAllowed', signCommand(body({ staffId: 'T-7' }), technician.privateKey)],
  ] as const)('refuses: %s', (reason, value) => {
    expect(typeof value === 'string' ? checker().check(value, now) : send(checker(), value)).toMatchObject({ ok: false, reason });
  });

  it('a command within the clock skew is accepted; commands can be switched off', () => {
    const late = signCommand(body({ issuedAt: '2026-05-01T07:58:00.000Z', expiresAt: '2026-05-01T08:00:00.000Z' }), officer.privateKey);
    expect(send(checker(), late)).toMatchObject({ ok: true });
    expect(send(checker(false), signCommand(body(), officer.privateKey))).toMatchObject({ ok: false, reason: 'commandsDisabled' });
  });

  it('a refused command does not use up its nonce; a nonce is kept until the command could not pass anyway', () => {
    const c = checker();
    const command = signCommand(body(), officer.privateKey);
    expect(send(c, command, new Date('2026-05-01T07:50:00.000Z'))).toMatchObject({ reason: 'notYetValid' });
    expect(send(c, command)).toMatchObject({ ok: true });
    c.purge(new Date('2026-05-01T08:02:59.000Z'));
    expect(send(c, command)).toMatchObject({ reason: 'replayed' });
    c.purge(new Date('2026-05-01T08:03:01.000Z'));
    expect(send(c, command, new Date('2026-05-01T08:03:01.000Z'))).toMatchObject({ reason: 'expired' });
  });
});
