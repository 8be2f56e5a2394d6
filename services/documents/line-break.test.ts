import { describe, expect, it } from 'vitest';
import { breakLines, breakUnits } from './line-break';

/** Every character one unit wide: line widths are character counts. */
const measure = (s: string) => [...s].length;

describe('Chinese line breaking', () => {
  it('breaks between Chinese characters', () => {
    expect(breakLines('经查询未发现有犯罪记录', 4, measure)).toEqual(['经查询未', '发现有犯', '罪记录']);
  });

  it('never starts a line with closing punctuation (the comma goes with the previous character)', () => {
    const lines = breakLines('经查询，未发现', 3, measure);
    expect(lines).toEqual(['经查', '询，未', '发现']);
    for (const line of lines) expect('，。、；：？！）》'.includes(line[0]!)).toBe(false);
  });

  it('never ends a line with opening punctuation', () => {
    const lines = breakLines('王䶮（男）', 3, measure);
    for (const line of lines) expect('（《「'.includes(line.at(-1)!)).toBe(false);
    expect(lines.join('')).toBe('王䶮（男）');
  });

  it('keeps digits and Latin runs whole', () => {
    expect(breakUnits('证件号码11010519491231002X。')).toEqual(['证', '件', '号', '码', '11010519491231002X。']);
    const lines = breakLines('自2008年3月1日至2026年3月1日', 6, measure);
    expect(lines.every((l) => !/^\d/.test(l) || /^(2008|2026|3|1)/.test(l))).toBe(true);
    expect(lines.join('')).toBe('自2008年3月1日至2026年3月1日');
  });

  it('breaks a unit longer than the line by characters rather than overflowing', () => {
    expect(breakLines('11010519491231002X', 10, measure)).toEqual(['1101051949', '1231002X']);
  });

  it('keeps every character, in order, for any width', () => {
    const text = '经查询，截至2026年3月1日，未发现王䶮（证件号码：11010519491231002X）有犯罪记录。';
    for (let width = 1; width < 40; width++) {
      const lines = breakLines(text, width, measure);
      expect(lines.join('')).toBe(text);
    }
  });
});
