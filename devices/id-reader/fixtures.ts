/**
 * Named fixture cards for the simulator, tests and the developer dock. ID numbers get their check
 * character from GB 11643 (computed, not typed in); photos are deterministic 1024-byte stand-ins
 * for WLT data (opaque to the kiosk anyway).
 */
import { checkCharacter } from '../../contract/id-number';
import { PHOTO_SIZE } from './frame';
import { encodeTextBlock, type IdCardRecord } from './text-block';

export type FixtureName =
  | 'normalResident'
  | 'rareCharacterName'
  | 'privateUseName'
  | 'expired'
  | 'longTerm'
  | 'residencePermit'
  | 'foreignPermanentOld'
  | 'foreignPermanent2023'
  | 'unreadable'
  | 'under16';

export interface FixtureCard {
  name: FixtureName | 'custom';
  description: string;
  /** The record the text block encodes. */
  record: IdCardRecord;
  textBlock: Buffer;
  photo: Buffer;
  /** A card whose chip answers find/select but fails every read (SW3 41). */
  unreadable: boolean;
}

/** Appends the GB 11643 check character to 17 digits. */
export function withCheckCharacter(first17: string): string {
  const check = checkCharacter(first17);
  if (check === null) throw new RangeError(`not 17 digits: ${first17}`);
  return first17 + check;
}

/** Deterministic pseudo-photo: a WLT-like "WLf" header then xorshift bytes seeded from `seed`. */
export function fixturePhoto(seed: string): Buffer {
  const photo = Buffer.alloc(PHOTO_SIZE);
  let x = 2166136261;
  for (const ch of seed) x = Math.imul(x ^ ch.charCodeAt(0), 16777619) >>> 0;
  x ||= 1;
  for (let i = 0; i < PHOTO_SIZE; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    photo[i] = x & 0xff;
  }
  photo.write('WLf', 0, 'latin1');
  return photo;
}

const resident = (over: Partial<Extract<IdCardRecord, { type: 'resident' }>>): IdCardRecord => ({
  type: 'resident',
  name: '李华',
  sex: 'female',
  nationCode: '01',
  nation: '汉',
  birthDate: '1949-12-31',
  address: '北京市朝阳区建国路88号',
  idNumber: withCheckCharacter('11010519491231002'),
  authority: '北京市公安局朝阳分局',
  validFrom: '2019-06-01',
  validTo: 'longTerm',
  needsStaffReview: false,
  reviewReasons: [],
  ...over,
});

/** Builds a fixture card from a record. */
export function cardFromRecord(
  record: IdCardRecord,
  name: FixtureCard['name'] = 'custom',
  description = 'custom card',
  unreadable = false,
): FixtureCard {
  return {
    name,
    description,
    record,
    textBlock: encodeTextBlock(record),
    photo: fixturePhoto(name + description),
    unreadable,
  };
}

const definitions: Record<FixtureName, () => FixtureCard> = {
  normalResident: () =>
    cardFromRecord(
      resident({
        validFrom: '2016-03-10',
        validTo: '2036-03-10',
        birthDate: '1985-03-12',
        sex: 'male',
        name: '张伟',
        idNumber: withCheckCharacter('11010119850312003'),
        address: '北京市东城区东华门大街12号',
        authority: '北京市公安局东城分局',
      }),
      'normalResident',
      'adult resident, valid until 2036',
    ),
  rareCharacterName: () =>
    cardFromRecord(
      resident({
        name: '王䶮',
        sex: 'male',
        birthDate: '1990-07-21',
        idNumber: withCheckCharacter('11010119900721005'),
        address: '北京市东城区南池子大街8号院3号楼',
        authority: '北京市公安局东城分局',
        validFrom: '2018-01-20',
        validTo: '2038-01-20',
      }),
      'rareCharacterName',
      'name with the CJK Extension A character 䶮 (U+4DAE)',
    ),
  privateUseName: () =>
    cardFromRecord(
      resident({
        name: '王\uE1A5芳',
        sex: 'female',
        birthDate: '1985-11-20',
        idNumber: withCheckCharacter('32010219851120456'),
        address: '江苏省南京市玄武区中山路18号',
        authority: '南京市公安局玄武分局',
        validFrom: '2015-05-01',
        validTo: '2035-05-01',
        needsStaffReview: true,
        reviewReasons: ['rareCharacter'],
      }),
      'privateUseName',
      'name containing a private-use code point (card-font glyph): needs staff review',
    ),
  expired: () =>
    cardFromRecord(
      resident({
        name: '陈刚',
        sex: 'male',
        birthDate: '1982-02-14',
        idNumber: withCheckCharacter('13010219820214001'),
        address: '河北省石家庄市长安区建北街17号',
        authority: '石家庄市公安局长安分局',
        validFrom: '2005-03-05',
        validTo: '2015-03-05',
      }),
      'expired',
      'validity ended 2015-03-05',
    ),
  longTerm: () =>
    cardFromRecord(
      resident({
        name: '吴秀英',
        sex: 'female',
        birthDate: '1942-12-24',
        idNumber: withCheckCharacter('11010119421224006'),
        address: '北京市东城区东单北大街41号',
        authority: '北京市公安局东城分局',
        validFrom: '2010-01-01',
        validTo: 'longTerm',
        nationCode: '03',
        nation: '回',
      }),
      'longTerm',
      'long-term (长期) validity',
    ),
  residencePermit: () =>
    cardFromRecord(
      {
        type: 'hkMacaoTaiwanResidence',
        name: '黄家明',
        sex: 'male',
        birthDate: '1988-08-08',
        address: '广东省广州市天河区体育西路2号',
        idNumber: withCheckCharacter('81000019880808101'),
        authority: '广州市公安局天河区分局',
        validFrom: '2021-09-01',
        validTo: '2026-09-01',
        permitNumber: 'H12345678',
        issueCount: 1,
        needsStaffReview: false,
        reviewReasons: [],
      },
      'residencePermit',
      "Hong Kong residents' residence permit (flag J)",
    ),
  foreignPermanentOld: () =>
    cardFromRecord(
      {
        type: 'foreignPermanentResidentOld',
        englishName: 'SMITH, JOHN ROBERT',
        chineseName: '史密斯',
        sex: 'male',
        nationality: 'USA',
        cardNumber: 'USA110068080512',
        birthDate: '1968-08-05',
        validFrom: '2014-04-01',
        validTo: '2024-04-01',
        version: '01',
        authorityCode: '1500',
        needsStaffReview: false,
        reviewReasons: [],
      },
      'foreignPermanentOld',
      'old foreign permanent-resident card (flag I)',
    ),
  foreignPermanent2023: () =>
    cardFromRecord(
      {
        type: 'foreignPermanentResident2023',
        englishName: 'GARCIA, MARIA',
        sex: 'female',
        cardNumber: '933156198004150020',
        needsStaffReview: true,
        reviewReasons: ['unconfirmedLayout'],
      },
      'foreignPermanent2023',
      '2023 foreign permanent-resident card (flag Y, layout unconfirmed)',
    ),
  unreadable: () =>
    cardFromRecord(
      resident({
        name: '孙丽',
        birthDate: '1992-02-29',
        idNumber: withCheckCharacter('11010819920229004'),
        validFrom: '2012-02-29',
        validTo: '2032-02-29',
      }),
      'unreadable',
      'chip answers find/select but every read fails (SW3 41)',
      true,
    ),
  under16: () =>
    cardFromRecord(
      resident({
        name: '李小雨',
        sex: 'female',
        birthDate: '2014-05-09',
        idNumber: withCheckCharacter('11010120140509002'),
        address: '北京市东城区王府井大街201号',
        authority: '北京市公安局东城分局',
        validFrom: '2019-05-09',
        validTo: '2029-05-09',
      }),
      'under16',
      'child born 2014-05-09 (under 16)',
    ),
};

/** A fresh copy of a named fixture card. */
export function fixtureCard(name: FixtureName): FixtureCard {
  return definitions[name]();
}

/** Every fixture name, for iteration in tests and dev tools. */
export const fixtureNames = Object.keys(definitions) as FixtureName[];
