/**
 * Personalisation: turns a permit holder's record into the chip's files (EF.COM, DG1, DG2, DG11) and
 * signs their hashes into EF.SOD (CMS SignedData over an LDSSecurityObject, ECDSA P-256 / SHA-256),
 * as an issuing authority's personalisation system would. Used by the simulator's fixtures.
 */
import { createHash, type KeyObject, sign, type X509Certificate } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { checkDigit } from '../../contract/permit-ocr';
import { concat } from '../icao9303/bytes';
import { FILE_TAG } from '../icao9303/lds';
import { encodeOid, OID } from '../icao9303/oid';
import { tlv } from '../icao9303/tlv';

export interface PermitHolder {
  documentCode: 'CS' | 'CD';
  documentNumber: string;
  /** YYMMDD */
  birthDate: string;
  /** YYMMDD */
  expiry: string;
  sex: 'M' | 'F';
  surname: string;
  givenNames: string;
  nameInChinese: string;
  /** YYYYMMDD */
  fullBirthDate: string;
  placeOfBirth: string;
}

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const field = (value: string, length: number) =>
  value
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '<')
    .padEnd(length, '<')
    .slice(0, length);

/** The TD1-size MRZ (3 × 30) the permit's DG1 carries. */
export function td1Mrz(holder: PermitHolder): string {
  const number = field(holder.documentNumber, 9);
  const line1 = `${holder.documentCode}CHN${number}${checkDigit(number)}${'<'.repeat(15)}`;
  const line2Head = `${holder.birthDate}${checkDigit(holder.birthDate)}${holder.sex}${holder.expiry}${checkDigit(holder.expiry)}CHN${'<'.repeat(11)}`;
  const composite = checkDigit(
    line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29),
  );
  const line3 = field(`${holder.surname}<<${holder.givenNames.replace(/ /g, '<')}`.replace(/[^A-Za-z<]/g, '<'), 30);
  return line1 + line2Head + composite + line3;
}

export const encodeEfCom = (): Uint8Array =>
  tlv(FILE_TAG.com, [
    tlv(0x5f01, ascii('0107')),
    tlv(0x5f36, ascii('040000')),
    tlv(0x5c, Uint8Array.of(FILE_TAG.dg1, FILE_TAG.dg2, FILE_TAG.dg11)),
  ]);

export const encodeDg1 = (holder: PermitHolder): Uint8Array => tlv(FILE_TAG.dg1, tlv(0x5f1f, ascii(td1Mrz(holder))));

export const encodeDg11 = (holder: PermitHolder): Uint8Array =>
  tlv(FILE_TAG.dg11, [
    tlv(0x5c, Uint8Array.of(0x5f, 0x0e, 0x5f, 0x2b, 0x5f, 0x11)),
    tlv(0x5f0e, utf8(holder.nameInChinese)),
    tlv(0x5f2b, ascii(holder.fullBirthDate)),
    tlv(0x5f11, utf8(holder.placeOfBirth)),
  ]);

/** ISO/IEC 19794-5 facial record around a JPEG (one face, no feature points, full-frontal). */
export function facialRecord(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const faceLength = 20 + 12 + jpeg.length;
  const header = Buffer.alloc(14);
  header.write('FAC\x00010\x00', 0, 'latin1');
  header.writeUInt32BE(14 + faceLength, 8);
  header.writeUInt16BE(1, 12);
  const info = Buffer.alloc(20);
  info.writeUInt32BE(faceLength, 0);
  info.writeUInt16BE(0, 4); // feature points
  info[6] = 0; // gender unspecified
  const image = Buffer.alloc(12);
  image[0] = 1; // basic face image type: full frontal
  image[1] = 0; // image data type: JPEG
  image.writeUInt16BE(width, 2);
  image.writeUInt16BE(height, 4);
  image[6] = 1; // colour space: 24-bit RGB
  image[7] = 2; // source: digital still camera
  return concat(header, info, image, jpeg);
}

export function encodeDg2(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const header = tlv(0xa1, [
    tlv(0x80, Uint8Array.of(0x01, 0x01)),
    tlv(0x81, Uint8Array.of(0x02)),
    tlv(0x87, Uint8Array.of(0x01, 0x01)),
    tlv(0x88, Uint8Array.of(0x00, 0x08)),
  ]);
  return tlv(
    FILE_TAG.dg2,
    tlv(0x7f61, [tlv(0x02, Uint8Array.of(1)), tlv(0x7f60, [header, tlv(0x5f2e, facialRecord(jpeg, width, height))])]),
  );
}

/** LDSSecurityObject v0 with SHA-256 hashes of the given data groups. */
export function ldsSecurityObject(dataGroups: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const algorithm = tlv(0x30, [tlv(0x06, encodeOid(OID.sha256))]);
  const entries = [...dataGroups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, file]) =>
      tlv(0x30, [tlv(0x02, Uint8Array.of(n)), tlv(0x04, new Uint8Array(createHash('sha256').update(file).digest()))]),
    );
  return tlv(0x30, [tlv(0x02, Uint8Array.of(0)), algorithm, tlv(0x30, entries)]);
}

/** EF.SOD: tag 77 around ContentInfo(SignedData) signed by the document signer. */
export function encodeSod(
  dataGroups: ReadonlyMap<number, Uint8Array>,
  signer: { certificate: X509Certificate; privateKey: KeyObject },
): Uint8Array {
  const eContent = ldsSecurityObject(dataGroups);
  const sha256 = new AlgorithmIdentifier({ algorithm: OID.sha256 });
  const attributes = [
    new Attribute({
      attrType: OID.contentType,
      attrValues: [tlv(0x06, encodeOid(OID.ldsSecurityObject)).slice().buffer],
    }),
    new Attribute({
      attrType: OID.messageDigest,
      attrValues: [tlv(0x04, new Uint8Array(createHash('sha256').update(eContent).digest())).slice().buffer],
    }),
  ];
  // DER of SET OF Attribute: what the signature covers (the same bytes go on the wire as [0] IMPLICIT).
  const signedAttributesDer = tlv(
    0x31,
    attributes.map((a) => new Uint8Array(AsnConvert.serialize(a))),
  );
  const signature = sign('sha256', signedAttributesDer, signer.privateKey);
  const certificate = AsnConvert.parse(signer.certificate.raw, Certificate);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: certificate.tbsCertificate.issuer,
        serialNumber: certificate.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: sha256,
    signedAttrs: attributes,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 }),
    signature: new OctetString(signature),
  });
  const signedData = new SignedData({
    version: 3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha256]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: OID.ldsSecurityObject,
      eContent: new EncapsulatedContent({ single: new OctetString(eContent) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const contentInfo = new ContentInfo({ contentType: OID.signedData, content: AsnConvert.serialize(signedData) });
  return tlv(FILE_TAG.sod, new Uint8Array(AsnConvert.serialize(contentInfo)));
}
