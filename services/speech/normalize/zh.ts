/**
 * Spoken Mandarin for the numbers a kiosk says: amounts, dates, times, digit strings. Cardinal
 * numerals come from nzh (a maintained library: 零 placement, 十 vs 一十, 万/亿 grouping); the
 * phrasing around them (元角分, 年月日, 点分) is ours.
 */
import nzh from 'nzh/cn';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** Emergency and service numbers are said with 幺 for 1, as everyone in China says them. */
const HOTLINE_DIGITS = ['零', '幺', '二', '三', '四', '五', '六', '七', '八', '九'];
/** A year is written digit by digit with 〇 (二〇二六年), and read líng. */
const YEAR_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 2 → 二, 12 → 十二, 2000 → 两千, 12000 → 一万两千, 2.5 → 二点五. */
export function zhCardinal(value: number | string): string {
  const words = nzh.encodeS(value);
  // Spoken Mandarin says 两 before 千/万/亿 (两千, 一万两千), not 二.
  return words.replace(/(^|[十百千万亿零])二(?=[千万亿])/g, '$1两');
}

export function zhDigits(digits: string, set: 'plain' | 'hotline' = 'plain'): string {
  const table = set === 'hotline' ? HOTLINE_DIGITS : DIGITS;
  return [...digits].map((char) => (/\d/.test(char) ? table[Number(char)] : char.toUpperCase())).join('');
}

/** Long numbers (transaction numbers) in groups of four, so the listener can follow. */
export function zhDigitGroups(digits: string): string {
  return (digits.match(/.{1,4}/g) ?? []).map((group) => zhDigits(group)).join('，');
}

/** 1250 fen → 十二元五角; 1205 → 十二元零五分; 50 → 五角; 1000 → 十元. */
export function zhMoney(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const cents = fen % 10;
  let words = yuan > 0 || fen === 0 ? `${zhCardinal(yuan)}元` : '';
  if (jiao > 0) words += `${DIGITS[jiao]}角`;
  if (cents > 0) words += `${yuan > 0 && jiao === 0 ? '零' : ''}${DIGITS[cents]}分`;
  return words;
}

/** 2026-12-01 → 二〇二六年十二月一日. */
export function zhDate(year: number, month: number, day: number): string {
  const yearWords = [...String(year)].map((digit) => YEAR_DIGITS[Number(digit)]).join('');
  return `${yearWords}年${zhCardinal(month)}月${zhCardinal(day)}日`;
}

/** 14:30 → 十四点三十分; 09:05 → 九点零五分; 08:00 → 八点整. */
export function zhTime(hour: number, minute: number): string {
  if (minute === 0) return `${zhCardinal(hour)}点整`;
  return `${zhCardinal(hour)}点${minute < 10 ? '零' : ''}${zhCardinal(minute)}分`;
}

/** 110105********002X → 一一零一零五，中间省略，零零二X. */
export function zhMasked(visibleParts: readonly string[]): string {
  return visibleParts
    .map((part) => zhDigits(part))
    .filter((part) => part.length > 0)
    .join('，中间省略，');
}

export function zhPercent(value: string): string {
  return `百分之${zhCardinal(value)}`;
}
