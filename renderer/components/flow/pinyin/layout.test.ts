import { describe, expect, it } from 'vitest';
import { balancedRows, ELDERLY_KEYS, ELDERLY_LETTERS, ELDERLY_SYMBOLS, elderlyKeyboardLayout } from './layout';

// The keyboard's width inside a flow screen: the viewport less the frame's 56 px side padding.
const PORTRAIT = 1080 - 2 * 56;
const LANDSCAPE = 1920 - 2 * 56;

describe('elderly pinyin keyboard layout', () => {
  it('portrait 1080 px: three rows of nine letters, each key at least 96 px wide, three candidates a page', () => {
    const layout = elderlyKeyboardLayout(PORTRAIT);
    expect(layout.columns).toBe(9);
    expect(layout.letterRows.map((row) => row.join(''))).toEqual(['abcdefghi', 'jklmnopqr', "stuvwxyz'"]);
    expect(layout.keyWidth).toBeGreaterThanOrEqual(ELDERLY_KEYS.minKey);
    expect(layout.keyWidth).toBeCloseTo((968 - 8 * 10) / 9, 5);
    expect(layout.candidatesPerPage).toBe(3);
    // Three candidates and the two paging keys fit the width at their minimum sizes.
    expect(3 * ELDERLY_KEYS.minCandidate + 2 * ELDERLY_KEYS.minKey + 4 * ELDERLY_KEYS.gap).toBeLessThanOrEqual(PORTRAIT);
  });

  it('landscape 1920 px: two rows (14 and 13), wider keys, eight candidates a page', () => {
    const layout = elderlyKeyboardLayout(LANDSCAPE);
    expect(layout.columns).toBe(14);
    expect(layout.letterRows.map((row) => row.length)).toEqual([14, 13]);
    expect(layout.keyWidth).toBeGreaterThan(110);
    expect(layout.candidatesPerPage).toBe(8);
    expect(layout.symbolRows).toEqual([[...ELDERLY_SYMBOLS]]);
  });

  it('every letter once, in alphabetical order, at every width; no key narrower than 96 px where 7 columns fit', () => {
    for (let width = 7 * 96 + 6 * 10; width <= 2400; width += 7) {
      const layout = elderlyKeyboardLayout(width);
      expect(layout.letterRows.flat(), `${width}`).toEqual(ELDERLY_LETTERS);
      expect(layout.symbolRows.flat(), `${width}`).toEqual(ELDERLY_SYMBOLS);
      expect(layout.keyWidth, `${width}`).toBeGreaterThanOrEqual(ELDERLY_KEYS.minKey);
      expect(Math.max(...layout.letterRows.map((row) => row.length)), `${width}`).toBeLessThanOrEqual(layout.columns);
      const candidates = layout.candidatesPerPage;
      expect(candidates * ELDERLY_KEYS.minCandidate + (candidates + 1) * ELDERLY_KEYS.gap + 2 * ELDERLY_KEYS.minKey, `${width}`).toBeLessThanOrEqual(width);
    }
  });

  it('a narrower width than seven keys keeps seven columns (the keys shrink, and the e2e measurement says so)', () => {
    const layout = elderlyKeyboardLayout(500);
    expect(layout.columns).toBe(7);
    expect(layout.keyWidth).toBeLessThan(ELDERLY_KEYS.minKey);
    expect(layout.candidatesPerPage).toBe(ELDERLY_KEYS.minCandidates);
    expect(elderlyKeyboardLayout(0).letterRows.flat()).toEqual(ELDERLY_LETTERS);
  });

  it('balances rows: lengths differ by one at most, longer first, nothing lost', () => {
    expect(balancedRows([...'abcdefghij'], 4).map((row) => row.join(''))).toEqual(['abcd', 'efg', 'hij']);
    expect(balancedRows([...'abc'], 9)).toEqual([['a', 'b', 'c']]);
    expect(balancedRows([], 5)).toEqual([[]]);
    for (let columns = 1; columns <= 30; columns++) {
      const rows = balancedRows(ELDERLY_LETTERS, columns);
      const lengths = rows.map((row) => row.length);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(columns);
      expect(rows.flat()).toEqual(ELDERLY_LETTERS);
    }
  });
});
