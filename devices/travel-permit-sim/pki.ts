/**
 * The simulator's test PKI: a CSCA (the country signing CA the kiosk trusts in development), a
 * document signer it issued, a rogue CSCA + signer nobody trusts (for the "SOD signed by an unknown
 * key" fixture), and the issuer key that authorises endorsement writes.
 *
 * Generated at run time, deterministically: the private keys are fixed P-256 scalars below (test keys,
 * never used for anything real), the certificates are built with @peculiar/asn1-x509 and signed with
 * Node's crypto, with fixed serial numbers and validity. Nothing is stored on disk, so there is no
 * fixture file to drift from the code that reads it; the certificates' DER differs between runs only
 * in the (random) ECDSA signature values, which nothing compares.
 */
import { createECDH, createPrivateKey, createPublicKey, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { OID } from '../icao9303/oid';

/** Fixed test scalars (hex). Any 32-byte value below the curve order is a valid P-256 private key. */
const TEST_SCALARS = {
  csca: '1f3c5a7e9b2d4f6a8c0e1a3b5d7f9a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f',
  documentSigner: '2a4c6e8b0d2f4a6c8e0b2d4f1f3c5a7e9b2d4f6a8c0e1a3b5d7f9a2c4e6b8d0f',
  rogueCsca: '3b5d7f9a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f1f3c5a7e9b2d4f6a8c0e1a',
  rogueSigner: '4c6e8b0d2f4a6c8e0b2d4f1f3c5a7e9b2d4f6a8c0e1a3b5d7f9a2c4e6b8d0f2a',
  endorsementIssuer: '5d7f9a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f1f3c5a7e9b2d4f6a8c0e1a3b',
} as const;

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A P-256 key pair from a fixed scalar. */
export function keyPairFromScalar(hexScalar: string): KeyPair {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(hexScalar, 'hex'));
  const point = ecdh.getPublicKey();
  const b64 = (bytes: Buffer) => bytes.toString('base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: b64(Buffer.from(hexScalar, 'hex')),
    x: b64(point.subarray(1, 33)),
    y: b64(point.subarray(33, 65)),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const name = (commonName: string): Name =>
  new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: '2.5.4.6', value: new AttributeValue({ printableString: 'CN' }) }),
    ]),
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: '2.5.4.10',
        value: new AttributeValue({ utf8String: 'Police Kiosk Test PKI' }),
      }),
    ]),
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: commonName }) }),
    ]),
  ]);

const extension = (extnID: string, critical: boolean, value: unknown) =>
  new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

/** Builds and signs an X.509 v3 certificate (ECDSA with SHA-256). */
function issueCertificate(options: {
  serial: number;
  subject: string;
  issuer: string;
  subjectKey: KeyObject;
  issuerKey: KeyObject;
  ca: boolean;
}): X509Certificate {
  const spki = AsnConvert.parse(options.subjectKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const algorithm = new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: Uint8Array.of(options.serial).buffer,
    signature: algorithm,
    issuer: name(options.issuer),
    validity: new Validity({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2044-01-01T00:00:00Z') }),
    subject: name(options.subject),
    subjectPublicKeyInfo: spki,
    extensions: new Extensions([
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: options.ca })),
      extension(
        id_ce_keyUsage,
        true,
        new KeyUsage(options.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature),
      ),
    ]),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signatureValue = sign('sha256', tbsDer, options.issuerKey);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: new Uint8Array(signatureValue).buffer,
  });
  return new X509Certificate(Buffer.from(AsnConvert.serialize(certificate)));
}

export interface TestPki {
  csca: X509Certificate;
  documentSigner: { certificate: X509Certificate; privateKey: KeyObject };
  rogueCsca: X509Certificate;
  rogueSigner: { certificate: X509Certificate; privateKey: KeyObject };
  endorsementIssuer: KeyPair;
}

let cached: TestPki | undefined;

/** The simulator's PKI (built once per process). */
export function testPki(): TestPki {
  if (cached) return cached;
  const csca = keyPairFromScalar(TEST_SCALARS.csca);
  const ds = keyPairFromScalar(TEST_SCALARS.documentSigner);
  const rogueCsca = keyPairFromScalar(TEST_SCALARS.rogueCsca);
  const rogueDs = keyPairFromScalar(TEST_SCALARS.rogueSigner);
  const cscaName = 'Test CSCA (kiosk simulator)';
  const rogueName = 'Unknown CSCA (untrusted)';
  cached = {
    csca: issueCertificate({
      serial: 1,
      subject: cscaName,
      issuer: cscaName,
      subjectKey: csca.publicKey,
      issuerKey: csca.privateKey,
      ca: true,
    }),
    documentSigner: {
      certificate: issueCertificate({
        serial: 2,
        subject: 'Test Document Signer 01',
        issuer: cscaName,
        subjectKey: ds.publicKey,
        issuerKey: csca.privateKey,
        ca: false,
      }),
      privateKey: ds.privateKey,
    },
    rogueCsca: issueCertificate({
      serial: 3,
      subject: rogueName,
      issuer: rogueName,
      subjectKey: rogueCsca.publicKey,
      issuerKey: rogueCsca.privateKey,
      ca: true,
    }),
    rogueSigner: {
      certificate: issueCertificate({
        serial: 4,
        subject: 'Unknown Document Signer',
        issuer: rogueName,
        subjectKey: rogueDs.publicKey,
        issuerKey: rogueCsca.privateKey,
        ca: false,
      }),
      privateKey: rogueDs.privateKey,
    },
    endorsementIssuer: keyPairFromScalar(TEST_SCALARS.endorsementIssuer),
  };
  return cached;
}
