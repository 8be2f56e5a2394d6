import { describe, expect, it } from 'vitest';
import { openStaffKey, sealStaffKey } from './key-file';
import { generateFleetKeyPair } from './signing';

describe('staff key files', () => {
  it('seal and open with the passphrase; a wrong passphrase, a swapped staff id or a non-file is a value', async () => {
    const { privateKey, publicKey } = generateFleetKeyPair();
    const file = await sealStaffKey({ staffId: '010123', privateKey, publicKey, passphrase: 'correct horse 电池', iterations: 100_000 });
    expect(JSON.stringify(file)).not.toContain(privateKey);
    expect(await openStaffKey(JSON.parse(JSON.stringify(file)), 'correct horse 电池')).toEqual({ ok: true, staffId: '010123', publicKey, privateKey });
    expect(await openStaffKey(file, 'wrong')).toEqual({ ok: false, reason: 'wrongPassphrase' });
    // The staff id is bound to the ciphertext: relabelling the file breaks it.
    expect(await openStaffKey({ ...file, staffId: '010999' }, 'correct horse 电池')).toEqual({ ok: false, reason: 'wrongPassphrase' });
    expect(await openStaffKey({ hello: 1 }, 'x')).toEqual({ ok: false, reason: 'notAKeyFile' });
  });
});
