/**
 * The temporary-ID receipt and the "card not issued" slip, as ESC/POS bytes for the thermal
 * receipt printer. Pure. Paper never carries a full ID number or a name: the number is masked and
 * the transaction number (also as a QR code) lets staff find the record.
 */
import { receipt } from '../../devices/receipt-printer/escpos';
import type { MoneyStatus } from '../../contract/flows/temp-id-card';

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
}

/** What a "card not issued" slip shows. */
export interface NotIssuedSlipData {
  transactionNo: string;
  maskedIdNumber: string;
  feeFen: number;
  at: string;
  postName: string;
  /** Plain words for what went wrong (no personal data). */
  what: string;
  money: Extract<MoneyStatus, 'refunded' | 'refundByStaff' | 'unknownByStaff'>;
  ticketId?: number;
}

/** 1000 → "10.00 元". */
export const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;

/** ISO instant → Beijing local "2025-06-16 10:00". */
export function beijingTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** The receipt handed out with the card. */
export function tempIdReceipt(data: TempIdReceiptData): Uint8Array {
  return receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('临时居民身份证')
    .size({ width: 1, height: 1 })
    .line('自助办理凭证')
    .bold(false)
    .line(data.postName)
    .line('--------------------------------')
    .align('left')
    .line(`交易号: ${data.transactionNo}`)
    .line(`申请编号: ${data.applicationNo}`)
    .line(`身份号码: ${data.maskedIdNumber}`)
    .line(`工本费: ${yuan(data.feeFen)}`)
    .line(`办理时间: ${beijingTime(data.at)}`)
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

const MONEY_WORDS: Record<NotIssuedSlipData['money'], string[]> = {
  refunded: ['已付费用已原路退回您的支付账户，', '一般 1-3 个工作日到账。'],
  refundByStaff: ['已付费用暂未能自动退回，', '工作人员将为您退款，请保留本凭条。'],
  unknownByStaff: ['暂未能确认是否扣款，', '工作人员将核实并退回任何扣款。'],
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
    .line(`时间: ${beijingTime(data.at)}`);
  for (const words of MONEY_WORDS[data.money]) builder.line(words);
  if (data.ticketId !== undefined) builder.line(`服务工单号: ${data.ticketId}`);
  return builder
    .line('如需帮助请联系值班民警。')
    .align('center')
    .qr(data.transactionNo, { moduleSize: 5, errorLevel: 'M' })
    .feed(3)
    .cut('partial')
    .build();
}
