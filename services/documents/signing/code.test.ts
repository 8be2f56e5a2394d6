import { describe, expect, it } from 'vitest';
import { canonicalJson, fieldsDigest, fromBase64Url, issuerKey, parseCode, signCode, toBase64Url, verifyCode, type CodePayload } from './code';
import { generateKeyPair } from './sm';

const issuerPair = generateKeyPair();
const issuer = issuerKey(issuerPair.publicKey, '北京市公安局');
const payload: CodePayload = {
  kind: 'NCR',
  number: '京公(东)证字〔2026〕第000123号',
  maskedId: '110105********002X',
  issued: '2026-03-01',
  expires: '2026-05-31',
  purpose: '就业',
  unit: '北京市公安局东城分局东华门派出所',
  digest: fieldsDigest({ name: '王䶮', idNumber: '11010519491231002X' }),
  keyId: issuer.keyId,
};

describe('verification codes', () => {
  it('base64url round-trips every length', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, '2'], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, '2'] }, b: 1 }));
  });

  it('verifies a genuine code as valid', () => {
    const code = signCode(payload, issuerPair.privateKey);
    expect(code.length).toBeLessThan(300);
    expect(verifyCode(code, [issuer], '2026-03-15')).toMatchObject({ verdict: 'valid', payload });
  });

  it('says badSignature when any field is changed', () => {
    const code = signCode(payload, issuerPair.privateKey);
    for (const [from, to] of [['就业', '出国'], ['2026053', '2026123'], ['第000123号', '第000124号'], ['002X', '0031']] as const) {
      expect(verifyCode(code.replace(from, to), [issuer], '2026-03-15').verdict).toBe('badSignature');
    }
  });

  it('says unknownIssuer for a code signed with another key, and badSignature when it borrows a trusted key id', () => {
    const other = generateKeyPair();
    const foreign = signCode({ ...payload, keyId: issuerKey(other.publicKey, 'x').keyId }, other.privateKey);
    expect(verifyCode(foreign, [issuer], '2026-03-15').verdict).toBe('unknownIssuer');
    const forged = signCode(payload, other.privateKey);
    expect(verifyCode(forged, [issuer], '2026-03-15').verdict).toBe('badSignature');
  });

  it('says expired after the last valid day, and notYetValid before issue', () => {
    const code = signCode(payload, issuerPair.privateKey);
    expect(verifyCode(code, [issuer], '2026-05-31').verdict).toBe('valid');
    expect(verifyCode(code, [issuer], '2026-06-01').verdict).toBe('expired');
    expect(verifyCode(code, [issuer], '2026-02-28').verdict).toBe('notYetValid');
  });

  it('says malformed for text that is not a code', () => {
    expect(verifyCode('https://example.com', [issuer], '2026-03-15')).toMatchObject({ verdict: 'malformed' });
    expect(verifyCode('KV1|NCR|x', [issuer], '2026-03-15')).toMatchObject({ verdict: 'malformed', reason: expect.stringMatching(/11 fields/) });
    expect(() => parseCode(signCode(payload, issuerPair.privateKey).replace(/\|[^|]+$/, '|AAAA'))).toThrow(/64 bytes/);
  });

  it('refuses to sign a full ID number or a field with a separator', () => {
    expect(() => signCode({ ...payload, maskedId: '11010519491231002X' }, issuerPair.privateKey)).toThrow(/masked/);
    expect(() => signCode({ ...payload, purpose: 'a|b' }, issuerPair.privateKey)).toThrow(/"\|"/);
  });
});
