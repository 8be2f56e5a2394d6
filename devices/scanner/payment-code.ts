/**
 * Classifies scanned text: WeChat Pay and Alipay payment codes must be routed to payment and never
 * logged; everything else is plain text.
 */
export type ScanKind = 'wechatPay' | 'alipay' | 'text';

/** WeChat Pay: 18 digits starting 10–15. Alipay: 16–24 digits starting 25–30. Otherwise text. */
export function classifyCode(text: string): ScanKind {
  if (/^1[0-5]\d{16}$/.test(text)) return 'wechatPay';
  if (/^(2[5-9]|30)\d{14,22}$/.test(text)) return 'alipay';
  return 'text';
}

/** True for kinds whose text is a bearer credential (must not be logged or stored). */
export function isPaymentCode(kind: ScanKind): boolean {
  return kind !== 'text';
}
