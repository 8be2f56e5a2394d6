import { describe, expect, it } from 'vitest';
import { classifyCode, isPaymentCode } from './payment-code';

describe('classifyCode', () => {
  it('recognises WeChat Pay codes: 18 digits starting 10-15', () => {
    for (const p of ['10', '11', '12', '13', '14', '15']) expect(classifyCode(p + '0'.repeat(16))).toBe('wechatPay');
    expect(classifyCode('16' + '0'.repeat(16))).toBe('text');
    expect(classifyCode('13' + '0'.repeat(15))).toBe('text');
  });

  it('recognises Alipay codes: 16-24 digits starting 25-30', () => {
    expect(classifyCode('25' + '0'.repeat(14))).toBe('alipay');
    expect(classifyCode('30' + '0'.repeat(22))).toBe('alipay');
    expect(classifyCode('28' + '1'.repeat(16))).toBe('alipay');
    expect(classifyCode('31' + '0'.repeat(14))).toBe('text');
    expect(classifyCode('25' + '0'.repeat(13))).toBe('text');
    expect(classifyCode('25' + '0'.repeat(23))).toBe('text');
  });

  it('treats anything else as text', () => {
    expect(classifyCode('https://example.org/appointment/42')).toBe('text');
    expect(classifyCode('13456789012345678a')).toBe('text');
    expect(isPaymentCode('alipay')).toBe(true);
    expect(isPaymentCode('text')).toBe(false);
  });
});
