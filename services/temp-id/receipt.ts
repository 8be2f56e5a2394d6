/**
 * The temporary-ID receipt and the "card not issued" slip, as ESC/POS bytes for the thermal
 * receipt printer. Pure. Paper never carries a full ID number or a name: the number is masked and
 * the transaction number (also as a QR code) lets staff find the record.
 */
import { dateTimeMinutes } from '../../contract/clock';
import { yuan as spokenYuan } from '../../contract/money';
import { receipt } from '../../devices/receipt-printer/escpos';
import type { MoneyStatus } from '../../contract/flows/common';

/** What the receipt shows; masked and non-personal, so it can also be kept in the journal for reprints. */
export interface TempIdReceiptData {
  transactionNo: string;
  applicationNo: string;
  maskedIdNumber: string;
  feeFen: number;
  /** ISO instant of payment/issue. */
  at: string;
  postName: string;
  validUntil: string;
  /** The post's time zone, for the printed time (default Asia/Shanghai). */
  timeZone?: string;
}

/** What a "card not issued" slip shows. */
export interface NotIssuedSlipData {
  transactionNo: string;
  maskedIdNumber: string;
  feeFen: number;
  at: string;
  postName: string;
  timeZone?: string;
  /** Plain words for what went wrong (no personal data). */
  what: string;
  money: Extract<MoneyStatus, 'refunded' | 'refundByStaff' | 'unknownByStaff'>;
  ticketNo?: string;
}

/** 1000 → "10.00 元". */
export const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;


/** A staff reprint: marked 补打 at the top, with when it was reprinted and which reprint it is. */
export interface ReprintMark {
  /** ISO instant of the reprint. */
  at: string;
  /** 1 for the first reprint of this receipt, 2 for the next… */
  no: number;
}

/** The receipt handed out with the card; `reprint` marks a copy staff printed again later. */
export function tempIdReceipt(data: TempIdReceiptData, options: { reprint?: ReprintMark } = {}): Uint8Array {
  const builder = receipt().init().align('center').bold(true);
  if (options.reprint) {
    builder.size({ width: 2, height: 2 }).line('【补打】').size({ width: 1, height: 1 });
  }
  builder
    .size({ width: 2, height: 2 })
    .line('临时居民身份证')
    .size({ width: 1, height: 1 })
    .line('自助办理凭证')
    .bold(false);
  if (options.reprint) builder.line(`补打时间: ${dateTimeMinutes(new Date(options.reprint.at), data.timeZone)} (第${options.reprint.no}次)`);
  return builder
    .line(data.postName)
    .line('--------------------------------')
    .align('left')
    .line(`交易号: ${data.transactionNo}`)
    .line(`申请编号: ${data.applicationNo}`)
    .line(`身份号码: ${data.maskedIdNumber}`)
    .line(`工本费: ${yuan(data.feeFen)}`)
    .line(`办理时间: ${dateTimeMinutes(new Date(data.at), data.timeZone)}`)
    .line(`有效期至: ${data.validUntil}`)
    .line('--------------------------------')
    .align('center')
    .qr(data.transactionNo, { moduleSize: 6, errorLevel: 'M' })
    .line('请妥善保管临时身份证；')
    .line('领取正式身份证时须交回。')
    .feed(3)
    .cut('partial')
    .build();
}

/** The same words as the screen's (renderer/i18n/temp-id.zh-CN.ts `money`), split for 32 columns. */
const MONEY_WORDS: Record<NotIssuedSlipData['money'], (amount: string) => string[]> = {
  refunded: (amount) => [`已付的 ${amount} 元已原路退回`, '您的付款账户，', '一般 1 至 3 个工作日到账。'],
  refundByStaff: (amount) => [`已付的 ${amount} 元暂未能自动退回，`, '工作人员将为您退款，', '请保留凭条。'],
  unknownByStaff: (amount) => [`暂未能确认是否扣了 ${amount} 元，`, '工作人员将核实并退回任何扣款，', '请保留付款记录。'],
};

/** The slip printed when the card could not be issued after payment. */
export function notIssuedSlip(data: NotIssuedSlipData): Uint8Array {
  const builder = receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('未能制证')
    .size({ width: 1, height: 1 })
    .line('临时居民身份证')
    .bold(false)
    .line(data.postName)
    .line('--------------------------------')
    .align('left')
    .line(`交易号: ${data.transactionNo}`)
    .line(`身份号码: ${data.maskedIdNumber}`)
    .line(`原因: ${data.what}`)
    .line(`金额: ${yuan(data.feeFen)}`)
    .line(`时间: ${dateTimeMinutes(new Date(data.at), data.timeZone)}`);
  for (const words of MONEY_WORDS[data.money](spokenYuan(data.feeFen))) builder.line(words);
  if (data.ticketNo !== undefined) builder.line(`服务工单号: ${data.ticketNo}`);
  return builder
    .line('如需帮助请联系值班民警。')
    .align('center')
    .qr(data.transactionNo, { moduleSize: 5, errorLevel: 'M' })
    .feed(3)
    .cut('partial')
    .build();
}
