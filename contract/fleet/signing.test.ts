import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, sm2Sign, sm2Verify } from '../../services/documents/signing/sm';
import type { CommandBody } from './commands';
import { canonicalCommandText, fleetPublicKeyOf, generateFleetKeyPair, newCommandId, signCommand, verifyCommandSignature } from './signing';

// GB/T 32918.5-2017 example key (also in services/documents/signing/sm.test.ts, which checks the published signature).
const D = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8';
const PUBLIC = '04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';

const body = (over: Partial<CommandBody> = {}): CommandBody => ({
  v: 1,
  id: '0123456789abcdef0123456789abcdef',
  kioskId: 'BJ-DC-0101',
  staffId: '010123',
  issuedAt: '2026-05-01T08:00:00.000Z',
  expiresAt: '2026-05-01T08:05:00.000Z',
  action: { type: 'pauseService', service: 'tempIdCard' },
  ...over,
});

describe('fleet command signatures (SM2/SM3)', () => {
  it('the canonical text names every field in a fixed order, whatever order the action keys came in', () => {
    const text = canonicalCommandText(body());
    expect(text).toBe(
      'kiosk-fleet-command/v1\n1\n0123456789abcdef0123456789abcdef\nBJ-DC-0101\n010123\n2026-05-01T08:00:00.000Z\n2026-05-01T08:05:00.000Z\n{"service":"tempIdCard","type":"pauseService"}',
    );
    const reordered = JSON.parse('{"service":"tempIdCard","type":"pauseService"}') as CommandBody['action'];
    expect(canonicalCommandText(body({ action: reordered }))).toBe(text);
  });

  it('agrees with the document signer that is checked against the standard’s vectors, both ways', () => {
    expect(fleetPublicKeyOf(D)).toBe(PUBLIC);
    const signed = signCommand(body(), D);
    expect(sm2Verify(canonicalCommandText(body()), hexToBytes(signed.sig), PUBLIC)).toBe(true);
    const byDocumentSigner = bytesToHex(sm2Sign(canonicalCommandText(body()), D));
    expect(verifyCommandSignature({ ...body(), sig: byDocumentSigner }, PUBLIC)).toBe(true);
  });

  it('any change to any field breaks the signature; another key does not verify; garbage never throws', () => {
    const signed = signCommand(body(), D);
    expect(verifyCommandSignature(signed, PUBLIC)).toBe(true);
    for (const changed of [
      { kioskId: 'BJ-DC-0102' },
      { staffId: '010124' },
      { expiresAt: '2026-05-01T09:05:00.000Z' },
      { id: 'f'.repeat(32) },
      { action: { type: 'resumeService' as const, service: 'tempIdCard' as const } },
    ])
      expect(verifyCommandSignature({ ...signed, ...changed }, PUBLIC)).toBe(false);
    expect(verifyCommandSignature(signed, generateFleetKeyPair().publicKey)).toBe(false);
    expect(verifyCommandSignature({ ...signed, sig: '0'.repeat(128) }, PUBLIC)).toBe(false);
    expect(verifyCommandSignature(signed, '04zz')).toBe(false);
  });

  it('nonces are 16 random bytes', () => {
    const ids = new Set(Array.from({ length: 100 }, newCommandId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
