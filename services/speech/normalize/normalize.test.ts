import { describe, expect, it } from 'vitest';
import { speakable } from './index';
import { enMoney, enYear } from './en';
import { zhCardinal, zhMoney } from './zh';

const zh = (text: string) => speakable(text, 'zh-CN');
const en = (text: string) => speakable(text, 'en');

describe('speakable Mandarin', () => {
  it('reads amounts in yuan, jiao and fen', () => {
    expect(zh('办理临时身份证需要缴费10.00元。')).toBe('办理临时身份证需要缴费十元。');
    expect(zh('应付 ¥12.50')).toBe('应付 十二元五角');
    expect(zh('￥12.55')).toBe('十二元五角五分');
    expect(zh('12.05元')).toBe('十二元零五分');
    expect(zh('0.50元')).toBe('五角');
    expect(zh('共2000元')).toBe('共两千元');
    expect(zh('1,000元')).toBe('一千元');
    expect(zhMoney(0)).toBe('零元');
    expect(zhMoney(120_000)).toBe('一千二百元');
  });

  it('reads a masked ID number digit by digit and says where digits are hidden', () => {
    expect(zh('身份证号 110105********002X')).toBe('身份证号 一一零一零五，中间省略，零零二X');
  });

  it('reads dates and times', () => {
    expect(zh('有效期至2026-12-01')).toBe('有效期至二〇二六年十二月一日');
    expect(zh('2026/3/9')).toBe('二〇二六年三月九日');
    expect(zh('2026年12月1日')).toBe('二〇二六年十二月一日');
    expect(zh('14:30')).toBe('十四点三十分');
    expect(zh('09:05')).toBe('九点零五分');
    expect(zh('08:00开门')).toBe('八点整开门');
  });

  it('reads transaction and labelled numbers digit by digit, in groups of four', () => {
    expect(zh('交易号 20261201093000123456')).toBe('交易号 二零二六，一二零一，零九三零，零零一二，三四五六');
    expect(zh('受理号：123456')).toBe('受理号：一二三四，五六');
    expect(zh('电话 010')).toBe('电话 零一零');
  });

  it('reads hotlines with 幺 and quantities as numbers', () => {
    expect(zh('如遇紧急情况，请直接拨打 110。')).toBe('如遇紧急情况，请直接拨打 幺幺零。');
    expect(zh('有效期3个月')).toBe('有效期三个月');
    expect(zh('12000人')).toBe('一万两千人');
    expect(zh('完成率 95%')).toBe('完成率 百分之九十五');
    expect(zhCardinal(2)).toBe('二');
    expect(zhCardinal(20_000)).toBe('两万');
  });

  it('leaves text without numbers alone', () => {
    expect(zh('请选择您要办理的业务')).toBe('请选择您要办理的业务');
    expect(zh('****')).toBe('****');
  });

  it('does not take an impossible date or time for one', () => {
    expect(zh('2026-13-45')).toBe('二零二六一三四五');
    expect(zh('25:70')).toBe('二五七零');
  });
});

describe('speakable English', () => {
  it('reads amounts in yuan', () => {
    expect(en('A temporary ID card costs 10.00 yuan.')).toBe('A temporary ID card costs ten yuan.');
    expect(en('12.50 yuan')).toBe('twelve yuan fifty');
    expect(en('Pay ¥12.50 now')).toBe('Pay twelve yuan fifty now');
    expect(en('12.05 yuan')).toBe('twelve yuan and five fen');
    expect(en('0.50 yuan')).toBe('fifty fen');
    expect(enMoney(100)).toBe('one yuan');
  });

  it('reads a masked ID number digit by digit', () => {
    expect(en('ID 110105********002X')).toBe('ID one one zero one zero five, hidden digits, zero zero two X');
  });

  it('reads dates and times naturally', () => {
    expect(en('Valid until 2026-12-01')).toBe('Valid until the first of December, twenty twenty-six');
    expect(en('2026-03-22')).toBe('the twenty-second of March, twenty twenty-six');
    expect(en('14:30')).toBe('two thirty p.m.');
    expect(en('09:05')).toBe('nine oh five a.m.');
    expect(en('12:00 or 00:00')).toBe('twelve noon or midnight');
    expect(enYear(2005)).toBe('two thousand and five');
    expect(enYear(1905)).toBe('nineteen oh five');
    expect(enYear(2000)).toBe('two thousand');
  });

  it('reads transaction numbers digit by digit and quantities as numbers', () => {
    expect(en('Transaction 20261201093000123456')).toBe('Transaction two zero two six, one two zero one, zero nine three zero, zero zero one two, three four five six');
    expect(en('No. 4567')).toBe('No. four five six seven');
    expect(en('Call 110 in an emergency.')).toBe('Call one one zero in an emergency.');
    expect(en('valid for 3 months')).toBe('valid for three months');
    expect(en('12000 people')).toBe('twelve thousand people');
  });
});
