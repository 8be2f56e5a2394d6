import { describe, expect, it } from 'vitest';
import dictionary from './dictionary.json';
import { createPinyinEngine } from './engine';

const engine = createPinyinEngine(dictionary);
const texts = (input: string, n = 8) => engine.candidates(input).slice(0, n).map((c) => c.text);

describe('pinyin engine over the generated dictionary', () => {
  it('offers the frequent characters of a syllable first', () => {
    expect(texts('shi', 3)).toContain('是');
    expect(texts('zhong', 1)).toEqual(['中']);
    expect(texts('de', 1)).toEqual(['的']);
    expect(texts('lv')).toContain('绿'); // ü typed as v
  });

  it('offers whole words for several syllables, then the first syllable alone', () => {
    expect(texts('jiuye', 1)).toEqual(['就业']);
    expect(texts('liuxue', 1)).toEqual(['留学']);
    expect(texts('qianzheng', 1)).toEqual(['签证']);
    expect(texts('shouyang', 3)).toContain('收养');
    const jiuye = engine.candidates('jiuye');
    expect(jiuye[0]).toEqual({ text: '就业', consumed: 5 });
    // After the words, single characters that consume only "jiu".
    expect(jiuye.find((c) => c.text === '就' && c.consumed === 3)).toBeDefined();
  });

  it('takes initials for a word (jy → 就业) and an apostrophe as a split (fang\'an → 方案, fan\'gan → 反感)', () => {
    expect(texts('jy', 10)).toContain('就业');
    expect(texts("fang'an", 1)).toEqual(['方案']);
    expect(texts("fan'gan", 1)).toEqual(['反感']);
    expect(engine.candidates("fang'an")[0]?.consumed).toBe(7);
  });

  it('refuses letters that cannot become pinyin, accepts partial syllables', () => {
    expect(engine.accepts('zh')).toBe(true);
    expect(engine.accepts('zhuan')).toBe(true);
    expect(engine.accepts('v')).toBe(false);
    expect(engine.accepts('qqq')).toBe(true); // three initials: q' q' q
    expect(engine.candidates('')).toEqual([]);
  });

  it('pages: enough candidates for several pages of a common syllable', () => {
    expect(engine.candidates('yi', 60).length).toBe(60);
    expect(new Set(engine.candidates('yi', 60).map((c) => c.text)).size).toBe(60);
  });
});
