import { describe, expect, it } from 'vitest';
import { isValidCheckTail, partialPlateProblem, plateProblem, plateTypesFor } from './plate';

describe('plates (GA 36), checked as typed', () => {
  it('accepts ordinary, new-energy and suffix plates for their types', () => {
    expect(plateProblem('京A12345', '02')).toBeNull();
    expect(plateProblem('京AD12345', '52')).toBeNull();
    expect(plateProblem('京A12345D', '51')).toBeNull();
    expect(plateProblem('京A1234挂', '15')).toBeNull();
    expect(plateProblem('京A1234学', '16')).toBeNull();
    expect(plateProblem('京A0001警', '23')).toBeNull();
    expect(plateProblem('粤Z1234港', '26')).toBeNull();
    expect(plateProblem('粤Z1234澳', '27')).toBeNull();
  });

  it('refuses I and O, a digit as the authority letter, a wrong province, a misplaced suffix', () => {
    expect(partialPlateProblem('京I')).toBe('letterIO');
    expect(partialPlateProblem('京A12O')).toBe('letterIO');
    expect(partialPlateProblem('京1')).toBe('badAuthorityLetter');
    expect(partialPlateProblem('X')).toBe('badProvince');
    expect(partialPlateProblem('京A12挂')).toBe('suffixNotLast');
    expect(partialPlateProblem('京A1234挂5')).toBe('suffixNotLast');
    expect(partialPlateProblem('京A1234港')).toBe('suffixNotAllowed');
    expect(partialPlateProblem('京A12#')).toBe('badCharacter');
    expect(partialPlateProblem('京A123456789')).toBe('tooLong');
    expect(partialPlateProblem('京A123')).toBeNull();
  });

  it('matches a plate to its type: length, suffix and the new-energy letter', () => {
    expect(plateProblem('京A123', '02')).toBe('tooShort');
    expect(plateProblem('京A12345', '52')).toBe('newEnergyFormat');
    expect(plateProblem('京AZ12345', '52')).toBe('newEnergyFormat');
    expect(plateProblem('京A1234挂', '02')).toBe('suffixNotAllowed');
    expect(plateProblem('京A12345', '15')).toBe('suffixNotAllowed');
    expect(plateTypesFor('京A12345')).toEqual(['02', '01', '07']);
    expect(plateTypesFor('京AD12345')).toEqual(['52']);
    expect(plateTypesFor('京A1234挂')).toEqual(['15']);
  });

  it('VIN tails never hold I, O or Q; engine numbers may', () => {
    expect(isValidCheckTail('vinLast6', '12345A')).toBe(true);
    expect(isValidCheckTail('vinLast6', '12345Q')).toBe(false);
    expect(isValidCheckTail('vinLast4', '1234')).toBe(true);
    expect(isValidCheckTail('vinLast4', '12345')).toBe(false);
    expect(isValidCheckTail('engineLast6', 'E2000Q')).toBe(true);
  });
});
