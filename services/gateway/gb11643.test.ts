import { describe, expect, it } from 'vitest';
import { gb11643CheckChar, isValidIdNumber, maskIdNumber, withCheckChar } from './gb11643';
import { IdNumber } from './schemas';
import { RESIDENT, UNKNOWN_ID_NUMBER } from '../backend-sim/fixtures';

describe('GB 11643 ID numbers', () => {
  it('computes the check character of the published example', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });
  it('rejects impossible birth dates and bad shapes', () => {
    expect(isValidIdNumber(withCheckChar('11010519490231002'))).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
  });
  it('every fixture ID number is valid and passes the schema', () => {
    for (const id of [...Object.values(RESIDENT), UNKNOWN_ID_NUMBER]) {
      expect([id, isValidIdNumber(id), IdNumber.safeParse(id).success]).toEqual([id, true, true]);
    }
  });
  it('masks as first 6 + eight * + last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('***');
  });
});
