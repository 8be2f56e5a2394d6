/**
 * Makes a screen's text speakable: the numbers in it are rewritten as a person would say them, in
 * the text's language. The screens keep their written forms (¥10.00, 2026-12-01, 110105********002X)
 * and the core turns them into speech, so texts live in one place (the UI's message files).
 *
 * Read digit by digit: masked ID numbers (the mask becomes "中间省略" / "hidden digits"), numbers of
 * seven or more digits or with a leading zero (transaction and phone numbers, in groups of four),
 * numbers right after a label such as 编号 / No., codes that mix letters and digits, and hotlines
 * (110 → 幺幺零). Read as amounts: ¥12.50, 12.50元,
 * 12.50 yuan. Dates (2026-12-01, 2026/12/01, 2026年12月1日), times (14:30) and percentages get their
 * spoken forms; every other number is read as a quantity.
 */
import type { SpeechLocale } from '../../../contract/speech';
import { enCardinal, enDate, enDigitGroups, enDigits, enMasked, enMoney, enPercent, enTime } from './en';
import { zhCardinal, zhDate, zhDigitGroups, zhDigits, zhMasked, zhMoney, zhPercent, zhTime } from './zh';

interface Speaker {
  cardinal(value: string): string;
  digits(value: string): string;
  hotline(value: string): string;
  digitGroups(value: string): string;
  money(fen: number): string;
  date(year: number, month: number, day: number): string;
  time(hour: number, minute: number): string;
  masked(parts: readonly string[]): string;
  percent(value: string): string;
}

const SPEAKERS: Record<SpeechLocale, Speaker> = {
  'zh-CN': {
    cardinal: zhCardinal,
    digits: zhDigits,
    hotline: (value) => zhDigits(value, 'hotline'),
    digitGroups: zhDigitGroups,
    money: zhMoney,
    date: zhDate,
    time: zhTime,
    masked: zhMasked,
    percent: zhPercent,
  },
  en: {
    cardinal: enCardinal,
    digits: enDigits,
    hotline: enDigits,
    digitGroups: enDigitGroups,
    money: enMoney,
    date: enDate,
    time: enTime,
    masked: enMasked,
    percent: enPercent,
  },
};

const AMOUNT = String.raw`\d+(?:\.\d{1,2})?`;
/** Alternatives in priority order: at one position the first that matches wins. */
const PATTERN = new RegExp(
  [
    String.raw`(?<masked>[0-9A-Za-z]*\*{2,}[0-9A-Za-z]*)`,
    String.raw`(?<date>(?<year>\d{4})(?<sep>[-/.年])(?<month>\d{1,2})(?:\k<sep>|月)(?<day>\d{1,2})日?)(?!\d)`,
    String.raw`(?<time>(?<hour>\d{1,2}):(?<minute>\d{2})(?::\d{2})?)(?!\d)`,
    String.raw`[¥￥]\s?(?<yuanSign>${AMOUNT})(?:\s?(?:元|yuan\b|RMB\b))?`,
    String.raw`(?<yuanUnit>${AMOUNT})\s?(?:元|(?:yuan|RMB)\b)`,
    String.raw`(?<percent>\d+(?:\.\d+)?)\s?%`,
    String.raw`(?<![\d.])(?<hotline>110|119|120|122|12345|12110|12389)(?![\d.])`,
    String.raw`(?<code>(?=[A-Za-z0-9-]*\d{4})[A-Za-z]+[A-Za-z0-9-]*\d[A-Za-z0-9-]*|\d+[A-Za-z][A-Za-z0-9-]*)`,
    String.raw`(?<long>0\d+|\d{7,})(?![.\d])`,
    String.raw`(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`,
  ].join('|'),
  'g',
);

/** A number right after one of these is an identifier, read digit by digit. */
const LABEL_BEFORE = /(?:号|码|编号|单号|No\.?|number|code|#)\s*[:：]?\s*$/i;

function toFen(amount: string): number {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function speakable(text: string, locale: SpeechLocale): string {
  const say = SPEAKERS[locale];
  return text.replace(PATTERN, (match: string, ...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    const offset = args.at(-3) as number;
    if (groups.masked !== undefined) {
      const parts = groups.masked.split(/\*+/);
      return parts.some((part) => /\d/.test(part)) ? say.masked(parts) : match;
    }
    if (groups.date !== undefined) {
      const [year, month, day] = [Number(groups.year), Number(groups.month), Number(groups.day)];
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return say.date(year, month, day);
      return say.digits(match.replace(/\D/g, ''));
    }
    if (groups.time !== undefined) {
      const [hour, minute] = [Number(groups.hour), Number(groups.minute)];
      if (hour < 24 && minute < 60) return say.time(hour, minute);
      return say.digits(match.replace(/\D/g, ''));
    }
    const amount = groups.yuanSign ?? groups.yuanUnit;
    if (amount !== undefined) return say.money(toFen(amount));
    if (groups.percent !== undefined) return say.percent(groups.percent);
    if (groups.hotline !== undefined) return say.hotline(groups.hotline);
    if (groups.code !== undefined) return say.digitGroups(groups.code.replace(/-/g, ''));
    if (groups.long !== undefined) return say.digitGroups(groups.long);
    if (groups.number !== undefined) {
      const labelled = /^\d+$/.test(groups.number) && LABEL_BEFORE.test(text.slice(Math.max(0, offset - 8), offset));
      return labelled ? say.digitGroups(groups.number) : say.cardinal(groups.number.replace(/,/g, ''));
    }
    return match;
  });
}
