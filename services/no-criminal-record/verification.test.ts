/**
 * What a receiver's verification says about a certificate the (simulated) backend issued: genuine,
 * tampered (one field of the signed payload changed), from another key, expired — with the same
 * code and keys as `npm run verify` and the offline page.
 */
import { describe, expect, it } from 'vitest';
import { createEmbeddedGateway } from '../backend-sim/embedded';
import { FIXTURE_NOW, RESIDENT } from '../backend-sim/fixtures';
import { createSigner, SIMULATOR_ISSUER_KEY, verifyCode } from '../documents';
import { generateKeyPair } from '../documents/signing/sm';
import { TRUSTED_KEYS } from '../../verify/trusted-keys';

async function issued(signer?: ReturnType<typeof createSigner>) {
  const gateway = createEmbeddedGateway({ now: () => FIXTURE_NOW, ...(signer ? { certificate: { signer } } : {}) });
  const answer = await gateway.issueCriminalRecordCertificate({ idempotencyKey: 'k1', idNumber: RESIDENT.standard, kioskReference: 'TK001-20250616-00001', purpose: '就业', periodRule: 'fromAge18', validityMonths: 3 });
  gateway.close();
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

describe('verifying an issued certificate', () => {
  // The keys `npm run verify` and the offline page trust (verify/trusted-keys.json).
  const trusted = TRUSTED_KEYS;

  it('the verify tools trust the simulator key, and an issued certificate is genuine until its last day', async () => {
    expect(trusted.map((k) => k.keyId)).toContain(SIMULATOR_ISSUER_KEY.keyId);
    const certificate = await issued();
    expect(verifyCode(certificate.verificationCode, trusted, '2025-06-16').verdict).toBe('valid');
    expect(verifyCode(certificate.verificationCode, trusted, certificate.validUntil).verdict).toBe('valid');
  });

  it.each([
    ['masked ID number', 3, '110101********9999'],
    ['purpose', 6, '出国留学'],
    ['issuing unit', 7, '北京市公安局东城分局'],
    ['certificate number', 2, '京公(东)证字〔2025〕第000005号'],
  ] as const)('one field of the payload changed (%s) fails: badSignature', async (_field, index, value) => {
    const parts = (await issued()).verificationCode.split('|');
    parts[index] = value;
    expect(verifyCode(parts.join('|'), trusted, '2025-06-16').verdict).toBe('badSignature');
  });

  it('a certificate signed with another key fails: unknownIssuer (and badSignature if it borrows a trusted key id)', async () => {
    const other = generateKeyPair();
    const certificate = await issued(createSigner(other.privateKey, other.publicKey, '伪造签发机关'));
    expect(verifyCode(certificate.verificationCode, trusted, '2025-06-16').verdict).toBe('unknownIssuer');
    const parts = certificate.verificationCode.split('|');
    parts[9] = SIMULATOR_ISSUER_KEY.keyId;
    expect(verifyCode(parts.join('|'), trusted, '2025-06-16').verdict).toBe('badSignature');
  });

  it('the day after its validity it is reported expired', async () => {
    const certificate = await issued();
    expect(certificate.validUntil).toBe('2025-09-15');
    expect(verifyCode(certificate.verificationCode, trusted, '2025-09-16').verdict).toBe('expired');
  });
});
