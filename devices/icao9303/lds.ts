/**
 * The permit chip's files (ICAO 9303 Part 10, LDS 1.7): identifiers, and parsers for EF.COM, DG1 (the
 * TD1-size MRZ, 3 × 30 characters), DG2 (the face, ISO/IEC 19794-5 inside the biometric template) and
 * DG11 (additional personal details: the name in Chinese characters). Parsers return undefined or a
 * reason for malformed content; they never throw.
 */
import { checkDigit } from '../../contract/permit-ocr';
import { isTlvError, readTlv, readTlvList, type Tlv } from './tlv';

/** Short EF identifiers under the eMRTD application. */
export const FILE_ID = {
  com: 0x011e,
  dg1: 0x0101,
  dg2: 0x0102,
  dg11: 0x010b,
  sod: 0x011d,
  /** The endorsement file: this project's model (see endorsement.ts), not an ICAO data group. */
  endorsements: 0x0180,
} as const;

/** The eMRTD application identifier (Part 10 §3.6.1). */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

/** LDS tags of the files. */
export const FILE_TAG = { com: 0x60, dg1: 0x61, dg2: 0x75, dg11: 0x6b, sod: 0x77 } as const;

export interface EfCom {
  ldsVersion: string;
  unicodeVersion: string;
  /** Data-group tags present (0x61 DG1, 0x75 DG2, 0x6B DG11, …). */
  tags: number[];
}

const ascii = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

function children(file: Uint8Array, tag: number): Tlv[] | undefined {
  const outer = readTlv(file);
  if (isTlvError(outer) || outer.tag !== tag) return undefined;
  const list = readTlvList(outer.value);
  return isTlvError(list) ? undefined : list;
}

export function parseEfCom(file: Uint8Array): EfCom | undefined {
  const list = children(file, FILE_TAG.com);
  if (!list) return undefined;
  const get = (tag: number) => list.find((t) => t.tag === tag)?.value;
  const tags = get(0x5c);
  if (!tags) return undefined;
  return {
    ldsVersion: ascii(get(0x5f01) ?? new Uint8Array()),
    unicodeVersion: ascii(get(0x5f36) ?? new Uint8Array()),
    tags: [...tags],
  };
}

/** The MRZ of DG1 in TD1 size (the permit card's format). Dates are YYMMDD as printed. */
export interface Td1Mrz {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  birthDate: string;
  sex: string;
  expiry: string;
  nationality: string;
  /** Surname and given names as the MRZ writes them (Latin transliteration, `<` removed). */
  surname: string;
  givenNames: string;
  /** Which check digits hold. The chip's DG1 is signed, so a failure here means a bad personalisation. */
  checks: { documentNumber: boolean; birthDate: boolean; expiry: boolean; composite: boolean };
  text: string;
}

export function parseDg1(file: Uint8Array): Td1Mrz | undefined {
  const list = children(file, FILE_TAG.dg1);
  const mrz = list?.find((t) => t.tag === 0x5f1f)?.value;
  if (!mrz || mrz.length !== 90) return undefined;
  return parseTd1(ascii(mrz));
}

export function parseTd1(text: string): Td1Mrz | undefined {
  if (text.length !== 90 || !/^[A-Z0-9<]{90}$/.test(text)) return undefined;
  const l1 = text.slice(0, 30);
  const l2 = text.slice(30, 60);
  const l3 = text.slice(60, 90);
  const cd = (value: string, digit: string) => /\d/.test(digit) && checkDigit(value) === Number(digit);
  const [surname = '', given = ''] = l3.split('<<');
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  return {
    documentCode: l1.slice(0, 2).replace(/</g, ''),
    issuingState: l1.slice(2, 5).replace(/</g, ''),
    documentNumber: l1.slice(5, 14).replace(/<+$/, ''),
    birthDate: l2.slice(0, 6),
    sex: l2.slice(7, 8),
    expiry: l2.slice(8, 14),
    nationality: l2.slice(15, 18).replace(/</g, ''),
    surname: surname.replace(/</g, ' ').trim(),
    givenNames: given.replace(/</g, ' ').trim(),
    checks: {
      documentNumber: cd(l1.slice(5, 14), l1[14]!),
      birthDate: cd(l2.slice(0, 6), l2[6]!),
      expiry: cd(l2.slice(8, 14), l2[14]!),
      composite: cd(composite, l2[29]!),
    },
    text,
  };
}

export interface Dg11 {
  /** Full name in national characters (UTF-8), e.g. 张三. */
  nameInNationalCharacters?: string;
  /** Full date of birth YYYYMMDD when the chip has it. */
  fullBirthDate?: string;
  placeOfBirth?: string;
}

export function parseDg11(file: Uint8Array): Dg11 | undefined {
  const list = children(file, FILE_TAG.dg11);
  if (!list) return undefined;
  const text = (tag: number) => {
    const value = list.find((t) => t.tag === tag)?.value;
    return value ? new TextDecoder('utf-8', { fatal: false }).decode(value) : undefined;
  };
  const out: Dg11 = {};
  const name = text(0x5f0e);
  if (name) out.nameInNationalCharacters = name;
  const dob = text(0x5f2b);
  if (dob) out.fullBirthDate = dob;
  const place = text(0x5f11);
  if (place) out.placeOfBirth = place;
  return out;
}

export interface FaceImage {
  /** 'jpeg' or 'jpeg2000' (ISO 19794-5 image data type 0 / 1). */
  format: 'jpeg' | 'jpeg2000';
  width: number;
  height: number;
  /** The image bytes: kept in memory only, never written to disk. */
  image: Uint8Array;
}

/**
 * Extracts the first face image from DG2: 75 → 7F61 → 7F60 → 5F2E (or 7F2E) biometric data block, an
 * ISO/IEC 19794-5 facial record: "FAC\0", version, length, face count, then per face a 20-byte
 * information block, 8 bytes per feature point, a 12-byte image information block and the image.
 */
export function parseDg2(file: Uint8Array): FaceImage | { error: string } {
  const list = children(file, FILE_TAG.dg2);
  const group = list?.find((t) => t.tag === 0x7f61);
  if (!group) return { error: 'no biometric information group template' };
  const inner = readTlvList(group.value);
  if (isTlvError(inner)) return { error: 'malformed biometric group' };
  const template = inner.find((t) => t.tag === 0x7f60);
  if (!template) return { error: 'no biometric information template' };
  const parts = readTlvList(template.value);
  if (isTlvError(parts)) return { error: 'malformed biometric template' };
  const block = parts.find((t) => t.tag === 0x5f2e || t.tag === 0x7f2e)?.value;
  if (!block) return { error: 'no biometric data block' };
  return parseFacialRecord(block);
}

export function parseFacialRecord(block: Uint8Array): FaceImage | { error: string } {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (block.length < 14 + 20 + 12 || ascii(block.subarray(0, 4)) !== 'FAC\0')
    return { error: 'not an ISO 19794-5 facial record' };
  const faces = view.getUint16(12);
  if (faces < 1) return { error: 'no face in the record' };
  const faceStart = 14;
  const faceLength = view.getUint32(faceStart);
  const featurePoints = view.getUint16(faceStart + 4);
  const imageInfo = faceStart + 20 + featurePoints * 8;
  const imageStart = imageInfo + 12;
  const faceEnd = faceStart + faceLength;
  if (faceEnd > block.length || imageStart > faceEnd) return { error: 'facial record lengths do not fit' };
  const dataType = block[imageInfo + 1];
  const format = dataType === 0 ? 'jpeg' : dataType === 1 ? 'jpeg2000' : undefined;
  if (!format) return { error: `unknown image data type ${dataType}` };
  return {
    format,
    width: view.getUint16(imageInfo + 2),
    height: view.getUint16(imageInfo + 4),
    image: block.slice(imageStart, faceEnd),
  };
}
