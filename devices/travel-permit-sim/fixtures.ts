/**
 * Fixture permits for the simulator, the dev dock and the tests: each is a personalised chip (files
 * and EF.SOD signed by the test document signer) plus the OCR line printed on its back.
 */
import { formatOcrLine } from '../../contract/permit-ocr';
import { FILE_ID } from '../icao9303/lds';
import { FACE_HEIGHT, FACE_WIDTH, syntheticFaceJpeg } from './face';
import { encodeDg1, encodeDg11, encodeDg2, encodeEfCom, encodeSod, type PermitHolder } from './personalise';
import { testPki } from './pki';

export const PERMIT_FIXTURE_NAMES = [
  'validHongKongMacao',
  'expired',
  'tamperedDataGroup',
  'unknownSigner',
  'wrongKey',
  'taiwan',
  'unreadableChip',
  'stateEmployee',
  'faceMismatch',
] as const;
export type PermitFixtureName = (typeof PERMIT_FIXTURE_NAMES)[number];

export interface PermitCard {
  name: PermitFixtureName;
  holder: PermitHolder;
  /** The chip's elementary files by identifier. */
  files: Map<number, Uint8Array>;
  /** The OCR line printed on the card's back (what the OCR window reads). */
  printedOcrLine: string;
  /** `mute`: the chip answers no ICAO application (a damaged or foreign card). */
  chip: 'normal' | 'mute';
  /** The chip takes short-length APDUs only: an extended-length command gets 6700 and ends the session. */
  shortLengthOnly?: boolean;
}

const ZHANG_WEI: PermitHolder = {
  documentCode: 'CS',
  documentNumber: 'C12345678',
  birthDate: '900101',
  expiry: '300101',
  sex: 'M',
  surname: 'ZHANG',
  givenNames: 'WEI',
  nameInChinese: '张伟',
  fullBirthDate: '19900101',
  placeOfBirth: '北京',
};

function personalise(
  name: PermitFixtureName,
  holder: PermitHolder,
  seed: number,
  options: { signer?: 'rogue'; tamperDg11?: string; printed?: Partial<PermitHolder> } = {},
): PermitCard {
  const pki = testPki();
  const dg1 = encodeDg1(holder);
  const dg2 = encodeDg2(syntheticFaceJpeg(seed), FACE_WIDTH, FACE_HEIGHT);
  const dg11 = encodeDg11(holder);
  const sod = encodeSod(
    new Map([
      [1, dg1],
      [2, dg2],
      [11, dg11],
    ]),
    options.signer === 'rogue' ? pki.rogueSigner : pki.documentSigner,
  );
  const files = new Map<number, Uint8Array>([
    [FILE_ID.com, encodeEfCom()],
    [FILE_ID.dg1, dg1],
    [FILE_ID.dg2, dg2],
    // Tampering happens after signing, as an attacker rewriting a chip would do it.
    [FILE_ID.dg11, options.tamperDg11 ? encodeDg11({ ...holder, nameInChinese: options.tamperDg11 }) : dg11],
    [FILE_ID.sod, sod],
  ]);
  const printed = { ...holder, ...options.printed };
  return { name, holder, files, printedOcrLine: formatOcrLine(printed), chip: 'normal' };
}

const builders: Record<PermitFixtureName, () => PermitCard> = {
  validHongKongMacao: () => personalise('validHongKongMacao', ZHANG_WEI, 1),
  expired: () =>
    personalise(
      'expired',
      {
        ...ZHANG_WEI,
        documentNumber: 'C87654321',
        expiry: '230615',
        surname: 'LI',
        givenNames: 'NA',
        nameInChinese: '李娜',
        fullBirthDate: '19851120',
        birthDate: '851120',
      },
      2,
    ),
  tamperedDataGroup: () =>
    personalise('tamperedDataGroup', { ...ZHANG_WEI, documentNumber: 'C11223344' }, 3, { tamperDg11: '王伟' }),
  unknownSigner: () =>
    personalise('unknownSigner', { ...ZHANG_WEI, documentNumber: 'C55667788' }, 4, { signer: 'rogue' }),
  // The printed line differs from the chip's MRZ (birth date off by a day, check digits valid): BAC fails.
  wrongKey: () => personalise('wrongKey', ZHANG_WEI, 1, { printed: { birthDate: '900102' } }),
  taiwan: () =>
    personalise(
      'taiwan',
      {
        ...ZHANG_WEI,
        documentCode: 'CD',
        documentNumber: 'T23456789',
        surname: 'CHEN',
        givenNames: 'JING',
        nameInChinese: '陈静',
        sex: 'F',
        birthDate: '920315',
        fullBirthDate: '19920315',
      },
      5,
    ),
  // Genuine chips whose holders the administration's records send elsewhere (backend-sim exit-entry fixtures).
  stateEmployee: () =>
    personalise(
      'stateEmployee',
      { ...ZHANG_WEI, documentNumber: 'C24681357', surname: 'WANG', givenNames: 'FANG', nameInChinese: '王芳', sex: 'F', birthDate: '880808', fullBirthDate: '19880808' },
      7,
    ),
  faceMismatch: () =>
    personalise(
      'faceMismatch',
      { ...ZHANG_WEI, documentNumber: 'C13572468', surname: 'LIU', givenNames: 'YANG', nameInChinese: '刘洋', birthDate: '950903', fullBirthDate: '19950903' },
      8,
    ),
  unreadableChip: () => ({
    ...personalise('unreadableChip', { ...ZHANG_WEI, documentNumber: 'C99887766' }, 6),
    chip: 'mute',
  }),
};

/** A fresh copy of a fixture permit (each card has its own endorsement file). */
export function permitFixture(name: PermitFixtureName): PermitCard {
  return builders[name]();
}
