/**
 * EF.SOD and passive authentication (ICAO 9303 Part 10 §4.6.2, Part 11 §5.1): the Document Security
 * Object is a CMS SignedData whose content is the LDSSecurityObject (the hash of every data group).
 * A chip passes when (1) the signed attributes' message digest matches that content, (2) the document
 * signer's signature over the signed attributes verifies, (3) the document signer certificate was
 * issued by a configured trust anchor (the CSCA), and (4) every data group read hashes to its entry.
 *
 * CMS is parsed with @peculiar/asn1-cms; signatures and certificate chains are checked with Node's
 * crypto (X509Certificate, verify), which handles ECDSA and RSA. The LDSSecurityObject is small and
 * parsed with this project's BER-TLV reader.
 */
import { createHash, verify as verifySignature, X509Certificate, constants } from 'node:crypto';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { concat, sameBytes } from './bytes';
import { decodeOid, HASH_BY_OID, OID, SIGNATURE_BY_OID } from './oid';
import { isTlvError, readTlv, readTlvList } from './tlv';

export interface SecurityObject {
  /** Node hash name of the data-group hashes. */
  hashAlgorithm: string;
  /** Hash of each data group, by number. */
  hashes: Map<number, Uint8Array>;
  /** The parts the signature check needs. */
  signed: {
    eContent: Uint8Array;
    digestAlgorithm: string;
    messageDigest: Uint8Array;
    signedAttributesDer: Uint8Array;
    signatureAlgorithm: { hash: string; family: 'ecdsa' | 'rsa' | 'rsaPss' };
    signature: Uint8Array;
    signer: X509Certificate;
  };
}

export type PassiveFailure =
  | { kind: 'sodMalformed'; detail: string }
  | { kind: 'badSignature'; detail: string }
  | { kind: 'untrustedSigner'; detail: string }
  | { kind: 'hashMismatch'; dataGroup: number; detail: string };

const bytesOf = (buffer: ArrayBuffer | ArrayBufferView): Uint8Array =>
  buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** Parses EF.SOD (tag 77 around a CMS ContentInfo). */
export function parseSod(file: Uint8Array): SecurityObject | PassiveFailure {
  const malformed = (detail: string): PassiveFailure => ({ kind: 'sodMalformed', detail });
  const outer = readTlv(file);
  if (isTlvError(outer) || outer.tag !== 0x77) return malformed('EF.SOD is not tag 77');
  let signedData: SignedData;
  try {
    const info = AsnConvert.parse(outer.value, ContentInfo);
    if (info.contentType !== OID.signedData) return malformed(`content type ${info.contentType}`);
    signedData = AsnConvert.parse(info.content, SignedData);
  } catch (error) {
    return malformed(`CMS: ${(error as Error).message}`.slice(0, 200));
  }
  if (signedData.encapContentInfo.eContentType !== OID.ldsSecurityObject)
    return malformed('not an LDS security object');
  const single = signedData.encapContentInfo.eContent?.single;
  if (!single) return malformed('no encapsulated content');
  const eContent = bytesOf(single.buffer);
  const lds = parseLdsSecurityObject(eContent);
  if ('kind' in lds) return lds;

  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) return malformed('expected exactly one signer');
  const certificate = signedData.certificates?.find((choice) => choice.certificate)?.certificate;
  if (!certificate) return malformed('no document signer certificate in EF.SOD');
  let signer: X509Certificate;
  try {
    signer = new X509Certificate(Buffer.from(AsnConvert.serialize(certificate)));
  } catch (error) {
    return malformed(`document signer certificate: ${(error as Error).message}`.slice(0, 200));
  }
  const digestAlgorithm = HASH_BY_OID[signerInfo.digestAlgorithm.algorithm];
  const signatureAlgorithm = SIGNATURE_BY_OID[signerInfo.signatureAlgorithm.algorithm];
  if (!digestAlgorithm) return malformed(`digest algorithm ${signerInfo.digestAlgorithm.algorithm}`);
  if (!signatureAlgorithm) return malformed(`signature algorithm ${signerInfo.signatureAlgorithm.algorithm}`);
  const attributes = signerInfo.signedAttrs ?? [];
  const contentType = attributes.find((a) => a.attrType === OID.contentType);
  const digestAttribute = attributes.find((a) => a.attrType === OID.messageDigest)?.attrValues[0];
  if (!contentType || !digestAttribute) return malformed('signed attributes lack content type or message digest');
  const digestValue = readTlv(bytesOf(digestAttribute));
  if (isTlvError(digestValue) || digestValue.tag !== 0x04) return malformed('message digest is not an octet string');
  const raw = rawSignedAttributes(outer.value);
  if (!raw) return malformed('signed attributes missing');
  // The signature covers the attributes' bytes as sent, with the SET OF tag (31) instead of [0] IMPLICIT (A0).
  const signedAttributesDer = concat(Uint8Array.of(0x31), raw.subarray(1));
  return {
    hashAlgorithm: lds.hashAlgorithm,
    hashes: lds.hashes,
    signed: {
      eContent,
      digestAlgorithm,
      messageDigest: new Uint8Array(digestValue.value),
      signedAttributesDer,
      signatureAlgorithm,
      signature: bytesOf(signerInfo.signature.buffer),
      signer,
    },
  };
}

/** The first SignerInfo's signed attributes exactly as on the chip: ContentInfo → [0] → SignedData → signerInfos → A0. */
function rawSignedAttributes(contentInfo: Uint8Array): Uint8Array | undefined {
  const children = (bytes: Uint8Array) => {
    const t = readTlv(bytes);
    if (isTlvError(t)) return undefined;
    const list = readTlvList(t.value);
    return isTlvError(list) ? undefined : { list, bytes: t.value };
  };
  const info = children(contentInfo);
  const explicit = info?.list[1];
  if (!explicit) return undefined;
  const signedData = children(explicit.value);
  const signerInfos = signedData?.list.at(-1);
  if (!signedData || !signerInfos || signerInfos.tag !== 0x31) return undefined;
  const first = readTlvList(signerInfos.value);
  if (isTlvError(first) || !first[0]) return undefined;
  const fields = readTlvList(first[0].value);
  if (isTlvError(fields)) return undefined;
  const attributes = fields.find((f) => f.tag === 0xa0);
  if (!attributes) return undefined;
  const start = attributes.end - attributes.value.length - attributes.headerLength;
  return first[0].value.subarray(start, attributes.end);
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm AlgorithmIdentifier, SEQUENCE OF { n, hash } }. */
export function parseLdsSecurityObject(
  der: Uint8Array,
): { hashAlgorithm: string; hashes: Map<number, Uint8Array> } | PassiveFailure {
  const malformed = (detail: string): PassiveFailure => ({ kind: 'sodMalformed', detail });
  const sequence = readTlv(der);
  if (isTlvError(sequence) || sequence.tag !== 0x30) return malformed('LDS security object is not a sequence');
  const fields = readTlvList(sequence.value);
  if (isTlvError(fields) || fields.length < 3) return malformed('LDS security object fields');
  const algorithm = readTlvList(fields[1]!.value);
  if (isTlvError(algorithm) || algorithm[0]?.tag !== 0x06) return malformed('hash algorithm identifier');
  const hashAlgorithm = HASH_BY_OID[decodeOid(algorithm[0].value) ?? ''];
  if (!hashAlgorithm) return malformed('unsupported data-group hash algorithm');
  const entries = readTlvList(fields[2]!.value);
  if (isTlvError(entries)) return malformed('data-group hash list');
  const hashes = new Map<number, Uint8Array>();
  for (const entry of entries) {
    const pair = readTlvList(entry.value);
    if (isTlvError(pair) || pair[0]?.tag !== 0x02 || pair[1]?.tag !== 0x04 || pair[0].value.length !== 1)
      return malformed('data-group hash entry');
    hashes.set(pair[0].value[0]!, new Uint8Array(pair[1].value));
  }
  return { hashAlgorithm, hashes };
}

/** The document signer's signature over the signed attributes, and their digest of the content. */
export function verifySodSignature(sod: SecurityObject): PassiveFailure | undefined {
  const { signed } = sod;
  const digest = createHash(signed.digestAlgorithm).update(signed.eContent).digest();
  if (!sameBytes(digest, signed.messageDigest))
    return { kind: 'badSignature', detail: 'the signed digest does not match the security object' };
  const key = signed.signer.publicKey;
  const options =
    signed.signatureAlgorithm.family === 'rsaPss'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : { key };
  let valid: boolean;
  try {
    valid = verifySignature(signed.signatureAlgorithm.hash, signed.signedAttributesDer, options, signed.signature);
  } catch {
    valid = false; // a malformed signature or key is simply not valid
  }
  return valid ? undefined : { kind: 'badSignature', detail: 'the document signer’s signature does not verify' };
}

/** The document signer certificate must be issued (and signed) by one of the trust anchors. */
export function verifySignerChain(
  sod: SecurityObject,
  trustAnchors: readonly X509Certificate[],
): PassiveFailure | undefined {
  const signer = sod.signed.signer;
  for (const anchor of trustAnchors) {
    if (!signer.checkIssued(anchor)) continue;
    try {
      if (signer.verify(anchor.publicKey)) return undefined;
    } catch {
      // a key type mismatch is simply not this anchor
    }
  }
  return {
    kind: 'untrustedSigner',
    detail: `document signer ${signer.issuer.replace(/\n/g, ', ').slice(0, 120)} is not issued by a trusted CSCA`,
  };
}

/** Each data group read must hash to its entry in the security object. */
export function verifyDataGroupHash(
  sod: SecurityObject,
  dataGroup: number,
  file: Uint8Array,
): PassiveFailure | undefined {
  const expected = sod.hashes.get(dataGroup);
  if (!expected) return { kind: 'hashMismatch', dataGroup, detail: `DG${dataGroup} has no hash in EF.SOD` };
  const actual = createHash(sod.hashAlgorithm).update(file).digest();
  return sameBytes(actual, expected)
    ? undefined
    : { kind: 'hashMismatch', dataGroup, detail: `DG${dataGroup} does not match its signed hash` };
}

/** Loads trust anchors from PEM or DER. */
export function loadTrustAnchors(certificates: readonly (string | Uint8Array)[]): X509Certificate[] {
  return certificates.map((c) => new X509Certificate(typeof c === 'string' ? c : Buffer.from(c)));
}
