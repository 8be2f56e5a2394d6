import { describe, expect, it } from 'vitest';
import { bytesToHex, generateKeyPair, isValidPublicKey, publicKeyOf, sm2Sign, sm2Verify, sm3Hex } from './sm';

// GB/T 32905-2016 (SM3) Appendix A examples.
describe('SM3 (GB/T 32905)', () => {
  it('hashes "abc" as example 1', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('hashes "abcd" x 16 as example 2', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

// GB/T 32918.5-2017 / GM/T 0003.5: signature example on the recommended curve sm2p256v1.
const D = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8';
const PUBLIC = '04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
const K = '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21';

describe('SM2 signatures (GB/T 32918.2) against the published example', () => {
  it('derives the published public key from the published private key', () => {
    expect(publicKeyOf(D)).toBe(PUBLIC);
  });

  it('signs "message digest" with the default ID and the published k to the published r, s', () => {
    const signature = sm2Sign('message digest', D, { fixedK: K });
    expect(bytesToHex(signature)).toBe(
      'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' + 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
    );
    expect(sm2Verify('message digest', signature, PUBLIC)).toBe(true);
  });

  it('signs with the user ID ALICE123@YAHOO.COM and the same key and k', () => {
    const signature = sm2Sign('message digest', D, { fixedK: K, userId: 'ALICE123@YAHOO.COM' });
    expect(bytesToHex(signature)).toBe(
      'b0e3e7d4ac2178f833ad73fa9d1191e41c76c8bfedb5ad89040ba2e5184bde58' + 'cc8d096578f7dd2669ac1ac42f7e722bcfa42b9e0be0b1b5df7ca0b53fdd5750',
    );
    expect(sm2Verify('message digest', signature, PUBLIC, 'ALICE123@YAHOO.COM')).toBe(true);
    expect(sm2Verify('message digest', signature, PUBLIC)).toBe(false); // Z_A binds the signer's ID
  });

  it('rejects a changed message, a changed signature and another key', () => {
    const signature = sm2Sign('message digest', D);
    expect(sm2Verify('message digesT', signature, PUBLIC)).toBe(false);
    const flipped = Uint8Array.from(signature);
    flipped[10]! ^= 1;
    expect(sm2Verify('message digest', flipped, PUBLIC)).toBe(false);
    expect(sm2Verify('message digest', signature, generateKeyPair().publicKey)).toBe(false);
    expect(sm2Verify('message digest', signature.subarray(0, 63), PUBLIC)).toBe(false);
  });

  it('validates public keys', () => {
    expect(isValidPublicKey(PUBLIC)).toBe(true);
    expect(isValidPublicKey(PUBLIC.replace(/.$/, '4'))).toBe(false);
    expect(isValidPublicKey('04abcd')).toBe(false);
  });
});
