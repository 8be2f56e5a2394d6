import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { code128Values, code128Widths } from './code128';

describe('CODE128', () => {
  it('computes the check symbol (start B, weighted sum mod 103)', () => {
    // "AB": start B 104, A=33, B=34 → (104 + 33*1 + 34*2) mod 103 = 205 mod 103 = 102
    expect(code128Values('AB')).toEqual([104, 33, 34, 102, 106]);
    // digits of even length use set C: "1234" → 12, 34; (105 + 12 + 68) mod 103 = 82
    expect(code128Values('1234')).toEqual([105, 12, 34, 82, 106]);
    expect(code128Values('中')).toBeUndefined();
  });

  it('every symbol is 11 modules, the stop 13, bars and spaces alternate starting with a bar', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ABCXYZ0123456789-. '.split('')), minLength: 1, maxLength: 30 }),
        (text) => {
          const values = code128Values(text)!;
          const widths = code128Widths(text)!;
          expect(widths.reduce((a, b) => a + b, 0)).toBe(11 * (values.length - 1) + 13);
          expect(widths.length).toBe(6 * (values.length - 1) + 7);
          expect(widths.every((w) => w >= 1 && w <= 4)).toBe(true);
        },
      ),
    );
  });
});
