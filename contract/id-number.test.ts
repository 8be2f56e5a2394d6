import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  birthDateFromIdNumber,
  checkCharacter,
  isValidIdNumber,
  maskIdNumber,
  partialIdNumberProblem,
  sexFromIdNumber,
} from './id-number';

const today = new Date(2026, 0, 15);

describe('GB 11643 ID numbers', () => {
  it('computes the check character of the public example', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('1101051949123100')).toBeNull();
    expect(checkCharacter('1101051949123100A')).toBeNull();
  });

  it('validates format, region, date and check character', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
    expect(isValidIdNumber('11010519491231002x', today)).toBe(true);
    expect(isValidIdNumber('110105194912310021', today)).toBe(false); // wrong check char
    expect(isValidIdNumber('00010519491231002X', today)).toBe(false); // region 00
    expect(isValidIdNumber(`11000019491231002${checkCharacter('11000019491231002')}`, today)).toBe(false);
    expect(isValidIdNumber(`11010519490230002${checkCharacter('11010519490230002')}`, today)).toBe(false); // 30 Feb
    expect(isValidIdNumber(`11010520260116002${checkCharacter('11010520260116002')}`, today)).toBe(false); // future
    expect(isValidIdNumber(`11010520260115002${checkCharacter('11010520260115002')}`, today)).toBe(true); // born today
    expect(isValidIdNumber('11010519491231002', today)).toBe(false);
  });

  it('reports problems while typing', () => {
    expect(partialIdNumberProblem('', today)).toBeNull();
    expect(partialIdNumberProblem('1101', today)).toBeNull();
    expect(partialIdNumberProblem('11a', today)).toBe('invalidCharacter');
    expect(partialIdNumberProblem('X', today)).toBe('invalidCharacter');
    expect(partialIdNumberProblem('00', today)).toBe('badRegion');
    expect(partialIdNumberProblem('1101053', today)).toBe('badBirthDate');
    expect(partialIdNumberProblem('11010517', today)).toBe('badBirthDate');
    expect(partialIdNumberProblem('1101051949', today)).toBeNull();
    expect(partialIdNumberProblem('11010519491', today)).toBeNull();
    expect(partialIdNumberProblem('110105194913', today)).toBe('badBirthDate');
    expect(partialIdNumberProblem('1101051949021', today)).toBeNull();
    expect(partialIdNumberProblem('1101051949023', today)).toBe('badBirthDate');
    expect(partialIdNumberProblem('11010519490229', today)).toBe('badBirthDate'); // 1949 not leap
    expect(partialIdNumberProblem('11010520270101', today)).toBe('badBirthDate');
    expect(partialIdNumberProblem('110105194912310021', today)).toBe('badCheckCharacter');
    expect(partialIdNumberProblem('11010519491231002X', today)).toBeNull();
    expect(partialIdNumberProblem('11010519491231002X1', today)).toBe('tooLong');
  });

  it('accepts every prefix of every valid number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('110105', '440304', '810000', '650102'),
        fc.date({ min: new Date(1900, 0, 1), max: today, noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (region, birth, seq) => {
          const date = `${birth.getFullYear()}${String(birth.getMonth() + 1).padStart(2, '0')}${String(birth.getDate()).padStart(2, '0')}`;
          const first17 = `${region}${date}${String(seq).padStart(3, '0')}`;
          const full = first17 + checkCharacter(first17);
          expect(isValidIdNumber(full, today)).toBe(true);
          for (let i = 0; i <= 18; i++) expect(partialIdNumberProblem(full.slice(0, i), today)).toBeNull();
        },
      ),
    );
  });

  it('masks numbers as first 6, eight stars, last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('abc')).toBe('***');
  });

  it('extracts sex and birth date', () => {
    expect(sexFromIdNumber('11010519491231002X')).toBe('female');
    expect(sexFromIdNumber(`44030419900815123${checkCharacter('44030419900815123')}`)).toBe('male');
    expect(sexFromIdNumber('nope')).toBeNull();
    expect(birthDateFromIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(birthDateFromIdNumber('110105194902300021')).toBeNull();
  });
});
