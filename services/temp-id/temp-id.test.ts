import { describe, expect, it } from 'vitest';
import { panelBytesToDesign, DESIGN_WIDTH } from '../../devices/card-printer/bitmap';
import { composeCardSide } from '../../devices/card-printer/compose';
import { frontSide, NAME_POSITION, wrapText, composeTempIdCard, type TempIdCardFields } from './card-layout';
import { typedNumberProblem } from '../kit/steps/identity';
import { hasUnprintableCharacter, validUntil } from './work';
import { syntheticPortrait } from './portrait';
import { notIssuedSlip, tempIdReceipt, yuan } from './receipt';

const fields: TempIdCardFields = {
  name: '王䶮',
  sex: 'male',
  ethnicity: '汉',
  birthDate: '1990-07-21',
  address: '北京市东城区南池子大街8号院3号楼',
  idNumber: '110101199007210053',
  issuingAuthority: '北京市公安局东城分局',
  validFrom: '2025-06-16',
  validUntil: '2025-09-15',
};

/** Dark pixels of the composed front inside a rectangle of the landscape design. */
function inkIn(name: string, x0: number, x1: number): number {
  const spec = frontSide({ ...fields, name }, syntheticPortrait('ref'));
  const side = composeCardSide(spec);
  if (!side.ok) throw new Error(side.error.message);
  const design = panelBytesToDesign(side.value.panel);
  let dark = 0;
  for (let y = NAME_POSITION.y; y < NAME_POSITION.y + NAME_POSITION.size + 8; y++)
    for (let x = x0; x < x1; x++) dark += design.bits[y * DESIGN_WIDTH + x] ? 1 : 0;
  return dark;
}

describe('card layout', () => {
  it('renders the BMP rare character 䶮 (ink where the second character of the name goes)', () => {
    const second = [NAME_POSITION.x + NAME_POSITION.size, NAME_POSITION.x + NAME_POSITION.size * 2] as const;
    expect(inkIn('王', ...second)).toBe(0);
    const rare = inkIn('王䶮', ...second);
    expect(rare).toBeGreaterThan(150);
    // not a tofu box: a box would ink about the same as another missing glyph; compare with a common character
    expect(Math.abs(rare - inkIn('王伟', ...second))).toBeGreaterThan(10);
  });

  it('composes both sides with ink, and wraps long addresses into at most 3 lines', () => {
    const card = composeTempIdCard(fields, syntheticPortrait('ref'));
    expect(card.ok).toBe(true);
    const lines = wrapText('北京市东城区南池子大街8号院3号楼'.repeat(4), 36, 500, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('…')).toBe(true);
    expect(wrapText('北京市东城区', 36, 500, 3)).toEqual(['北京市东城区']);
  });

  it('prints the full ID number only on the front', () => {
    const texts = frontSide(fields, syntheticPortrait('ref')).texts.map((t) => t.text);
    expect(texts).toContain(fields.idNumber);
  });
});

describe('flow helpers', () => {
  it('validity: 3 months from the day of issue, inclusive, as the registry computes it', () => {
    expect(validUntil('2025-06-16', 3)).toBe('2025-09-15');
    expect(validUntil('2025-11-30', 3)).toBe('2026-02-27');
    expect(validUntil('2025-01-01', 3)).toBe('2025-03-31');
  });

  it('typed numbers: each problem has its code', () => {
    const today = new Date('2025-06-16T02:00:00Z');
    expect(typedNumberProblem('11010519491231002X', today)).toBeUndefined();
    expect(typedNumberProblem('11010519491231002x', today)).toBeUndefined();
    expect(typedNumberProblem('110105194912310021', today)).toBe('badCheckCharacter');
    expect(typedNumberProblem('1101051949', today)).toBe('tooShort');
    expect(typedNumberProblem('11010519491231002X1', today)).toBe('tooLong');
    expect(typedNumberProblem('11010519491331002X', today)).toBe('badBirthDate');
    expect(typedNumberProblem('99010519491231002X', today)).toBe('badRegion');
    expect(typedNumberProblem('1101A5', today)).toBe('invalidCharacter');
  });

  it('flags private-use and beyond-BMP characters, not BMP rare ones', () => {
    expect(hasUnprintableCharacter('王䶮')).toBe(false);
    expect(hasUnprintableCharacter('王\ue000')).toBe(true);
    expect(hasUnprintableCharacter('王𠀀')).toBe(true);
  });
});

describe('receipt and slip', () => {
  const base = { transactionNo: 'TK001-20250616-00001', maskedIdNumber: '110101********0053', feeFen: 1000, at: '2025-06-16T02:00:00.000Z', postName: '警务室' };
  it('carry the masked number and the transaction number, never a full number', () => {
    const bytes = Buffer.from(tempIdReceipt({ ...base, applicationNo: 'SQ1', validUntil: '2025-09-15' }));
    expect(bytes.includes(Buffer.from('TK001-20250616-00001'))).toBe(true);
    expect(bytes.includes(Buffer.from('110101********0053'))).toBe(true);
    const slip = Buffer.from(notIssuedSlip({ ...base, what: '制证机卡片用完', money: 'refundByStaff', ticketNo: 'WK001-20250616-007' }));
    expect(slip.includes(Buffer.from('TK001-20250616-00001'))).toBe(true);
    expect(slip.includes(Buffer.from('WK001-20250616-007'))).toBe(true);
    expect(yuan(1000)).toBe('10.00 元');
  });
});
