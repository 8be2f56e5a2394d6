import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../contract/id-number';
import { fixtureCard, fixtureNames } from './fixtures';
import { nationNames } from './nations';
import { decodeTextBlock, encodeTextBlock, isExpired, type ResidentRecord } from './text-block';

const today = new Date(2026, 0, 15);
const ucs2 = (s: string) => Buffer.from(s, 'utf16le');

/** Builds a resident text block field by field, independently of encodeTextBlock. */
function handMadeBlock(fields: Record<number, string>, flag = ' '): Buffer {
  const block = Buffer.alloc(256);
  for (let i = 0; i < 256; i += 2) block.writeUInt16LE(0x20, i);
  for (const [offset, value] of Object.entries(fields)) ucs2(value).copy(block, Number(offset));
  ucs2(flag).copy(block, 248);
  return block;
}

const normalFields = {
  0: '李华',
  30: '2',
  32: '01',
  36: '19491231',
  52: '北京市朝阳区建国路88号',
  122: '11010519491231002X',
  158: '北京市公安局朝阳分局',
  188: '20190601',
  204: '长期',
};

describe('decodeTextBlock', () => {
  it('decodes a hand-made resident block', () => {
    const result = decodeTextBlock(handMadeBlock(normalFields), { today });
    expect(result).toEqual({
      ok: true,
      value: {
        type: 'resident',
        name: '李华',
        sex: 'female',
        nationCode: '01',
        nation: '汉',
        birthDate: '1949-12-31',
        address: '北京市朝阳区建国路88号',
        idNumber: '11010519491231002X',
        authority: '北京市公安局朝阳分局',
        validFrom: '2019-06-01',
        validTo: 'longTerm',
        needsStaffReview: false,
        reviewReasons: [],
      },
    });
  });

  it('returns typed failures instead of wrong records', () => {
    const bad = (over: Record<number, string>, flag = ' ') =>
      decodeTextBlock(handMadeBlock({ ...normalFields, ...over }, flag), { today });
    expect(bad({ 122: '110105194912310021' })).toEqual({
      ok: false,
      error: { problem: 'badIdNumber', field: 'idNumber' },
    });
    expect(bad({ 36: '19490231' })).toEqual({ ok: false, error: { problem: 'badDate', field: 'birthDate' } });
    expect(bad({ 36: '19491230' })).toEqual({ ok: false, error: { problem: 'inconsistent', field: 'birthDate' } });
    expect(bad({ 30: '1' })).toEqual({ ok: false, error: { problem: 'inconsistent', field: 'sex' } });
    expect(bad({ 30: '3' })).toEqual({ ok: false, error: { problem: 'badSex', field: 'sex' } });
    expect(bad({ 32: '57' })).toEqual({ ok: false, error: { problem: 'badNationCode', field: 'nation' } });
    expect(bad({ 204: '20180101' })).toEqual({ ok: false, error: { problem: 'inconsistent', field: 'validTo' } });
    expect(bad({}, 'Q')).toEqual({ ok: false, error: { problem: 'unknownCardType', field: 'flag' } });
    expect(decodeTextBlock(Buffer.alloc(255))).toEqual({ ok: false, error: { problem: 'wrongSize', field: 'block' } });
    // NUL padding / control characters are garbage, not a name.
    const garbled = handMadeBlock(normalFields);
    garbled.writeUInt16LE(0x0000, 10);
    expect(decodeTextBlock(garbled, { today })).toEqual({
      ok: false,
      error: { problem: 'garbledText', field: 'name' },
    });
    const surrogate = handMadeBlock(normalFields);
    surrogate.writeUInt16LE(0xd800, 60);
    expect(decodeTextBlock(surrogate, { today })).toEqual({
      ok: false,
      error: { problem: 'garbledText', field: 'address' },
    });
    expect(decodeTextBlock(Buffer.alloc(256), { today })).toEqual({
      ok: false,
      error: { problem: 'garbledText', field: 'flag' },
    });
  });

  it('keeps private-use characters and asks for staff review', () => {
    const result = decodeTextBlock(handMadeBlock({ ...normalFields, 0: '王\uE1A5芳' }), { today });
    expect(result.ok && result.value).toMatchObject({
      name: '王\uE1A5芳',
      needsStaffReview: true,
      reviewReasons: ['rareCharacter'],
    });
  });

  it('never decodes a 2023 foreign permanent-resident card as a resident card', () => {
    const block = handMadeBlock(normalFields, 'Y');
    const result = decodeTextBlock(block, { today });
    expect(result.ok && result.value.type).toBe('foreignPermanentResident2023');
    expect(result.ok && result.value.needsStaffReview).toBe(true);
  });

  it('decodes the old foreign permanent-resident layout from hand-made bytes', () => {
    const block = handMadeBlock(
      {
        0: 'SMITH, JOHN',
        120: '1',
        122: 'USA110068080512',
        152: 'USA',
        158: '史密斯',
        188: '20140401',
        204: '20240401',
        220: '19680805',
        236: '01',
        240: '1500',
      },
      'I',
    );
    expect(decodeTextBlock(block, { today })).toEqual({
      ok: true,
      value: {
        type: 'foreignPermanentResidentOld',
        englishName: 'SMITH, JOHN',
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
    });
  });

  it('decodes the residence permit fields at 220 and 238', () => {
    const id = '81000019880808101' + checkCharacter('81000019880808101');
    const block = handMadeBlock(
      {
        ...normalFields,
        0: '黄家明',
        30: '1',
        32: '  ',
        36: '19880808',
        122: id,
        188: '20210901',
        204: '20260901',
        220: 'H12345678',
        238: '03',
      },
      'J',
    );
    expect(decodeTextBlock(block, { today })).toMatchObject({
      ok: true,
      value: { type: 'hkMacaoTaiwanResidence', permitNumber: 'H12345678', issueCount: 3, idNumber: id },
    });
  });
});

describe('fixtures', () => {
  it('every fixture decodes back to its record', () => {
    for (const name of fixtureNames) {
      const card = fixtureCard(name);
      expect(decodeTextBlock(card.textBlock, { today }), name).toEqual({ ok: true, value: card.record });
      expect(card.photo.length).toBe(1024);
      expect(fixtureCard(name).photo.equals(card.photo)).toBe(true);
    }
    expect(fixtureCard('rareCharacterName').record).toMatchObject({ name: '王䶮' });
    expect(isExpired(fixtureCard('expired').record, today)).toBe(true);
    expect(isExpired(fixtureCard('longTerm').record, today)).toBe(false);
    expect(fixtureCard('unreadable').unreadable).toBe(true);
  });
});

describe('encodeTextBlock ∘ decodeTextBlock', () => {
  const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
  const nameChar = fc.oneof(
    { weight: 9, arbitrary: cjk },
    { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xf8ff }).map((c) => String.fromCharCode(c)) },
  );
  const text = (max: number) => fc.array(cjk, { minLength: 1, maxLength: max }).map((a) => a.join(''));
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const date = (min: Date, max: Date) => fc.date({ min, max, noInvalidDate: true }).map(iso);

  const resident = fc
    .record({
      name: fc.array(nameChar, { minLength: 1, maxLength: 15 }).map((a) => a.join('')),
      nationCode: fc.constantFrom(...nationNames.keys()),
      birth: date(new Date(1900, 0, 1), today),
      seq: fc.integer({ min: 0, max: 999 }),
      region: fc.constantFrom('110105', '440304', '650102'),
      address: text(35),
      authority: text(15),
      validFrom: date(new Date(2000, 0, 1), new Date(2025, 0, 1)),
      years: fc.constantFrom(5, 10, 20, 0),
    })
    .map((r): ResidentRecord => {
      const first17 = `${r.region}${r.birth.replace(/-/g, '')}${String(r.seq).padStart(3, '0')}`;
      const rare = /[\uE000-\uF8FF]/.test(r.name);
      return {
        type: 'resident',
        name: r.name,
        sex: r.seq % 2 === 1 ? 'male' : 'female',
        nationCode: r.nationCode,
        nation: nationNames.get(r.nationCode) ?? '',
        birthDate: r.birth,
        address: r.address,
        idNumber: first17 + checkCharacter(first17),
        authority: r.authority,
        validFrom: r.validFrom,
        validTo:
          r.years === 0
            ? 'longTerm'
            : `${Number(r.validFrom.slice(0, 4)) + r.years}${r.validFrom.slice(4).replace('02-29', '02-28')}`,
        needsStaffReview: rare,
        reviewReasons: rare ? ['rareCharacter'] : [],
      };
    });

  it('round-trips any valid resident record', () => {
    fc.assert(
      fc.property(resident, (record) => {
        expect(decodeTextBlock(encodeTextBlock(record), { today })).toEqual({ ok: true, value: record });
      }),
      { numRuns: 300 },
    );
  });

  it('rejects fields that do not fit', () => {
    expect(() =>
      encodeTextBlock({ ...(fixtureCard('normalResident').record as ResidentRecord), name: '一'.repeat(16) }),
    ).toThrow(RangeError);
  });
});
