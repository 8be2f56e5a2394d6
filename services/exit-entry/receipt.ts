/**
 * The endorsement receipt and the "not endorsed" slip, as ESC/POS bytes for the thermal receipt
 * printer. Pure. Paper carries the masked permit number, never a name or an ID number in clear; the
 * transaction number (also as a QR code) lets staff find the record.
 */
import { dateTimeMinutes } from '../../contract/clock';
import type { EndorsementDestination, EndorsementType } from '../../contract/flows/exit-entry';
import { yuan as spokenYuan } from '../../contract/money';
import { receipt } from '../../devices/receipt-printer/escpos';
import type { SlipData } from '../kit/steps/settle';
import { DESTINATION_WORDS, printedChipDate, tripWords, TYPE_WORDS } from './card-back';

/** What the receipt shows; masked and non-personal, so it is also kept in the journal for reprints. */
export interface ExitEntryReceiptData {
  transactionNo: string;
  maskedNumber: string;
  type: EndorsementType;
  destination: EndorsementDestination;
  trips: number;
  /** YYYYMMDD, as on the chip. */
  validUntil: string;
  serial: string;
  feeFen: number;
  /** ISO instant. */
  at: string;
  postName: string;
  timeZone?: string;
  /** The card's back could not be printed: staff print it (the chip holds the endorsement). */
  backPending: boolean;
  ticketNo?: string;
}

const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;

/** The receipt handed out with the endorsed permit; `reprint` marks a copy staff printed again. */
export function endorsementReceipt(data: ExitEntryReceiptData, options: { reprint?: { at: string; no: number } } = {}): Uint8Array {
  const builder = receipt().init().align('center').bold(true);
  if (options.reprint) builder.size({ width: 2, height: 2 }).line('【补打】').size({ width: 1, height: 1 });
  builder.size({ width: 2, height: 2 }).line('出入境签注').size({ width: 1, height: 1 }).line('自助办理凭证').bold(false);
  if (options.reprint) builder.line(`补打时间: ${dateTimeMinutes(new Date(options.reprint.at), data.timeZone)} (第${options.reprint.no}次)`);
  builder
    .line(data.postName)
    .line('--------------------------------')
    .align('left')
    .line(`交易号: ${data.transactionNo}`)
    .line(`证件号码: ${data.maskedNumber}`)
    .line(`签注类别: ${TYPE_WORDS[data.type]} (${data.type})`)
    .line(`前往地: ${DESTINATION_WORDS[data.destination]}`)
    .line(`次数: ${tripWords(data.trips)}`)
    .line(`有效期至: ${printedChipDate(data.validUntil)}`)
    .line(`签注编号: ${data.serial}`)
    .line(`签注费: ${yuan(data.feeFen)}`)
    .line(`办理时间: ${dateTimeMinutes(new Date(data.at), data.timeZone)}`)
    .line('--------------------------------')
    .line('签注已写入证件芯片。');
  if (data.backPending) {
    builder.bold(true).line('证件背面未能打印签注，').line('签注有效，费用不退。').line('请凭工单号到窗口补打。').bold(false);
    if (data.ticketNo) builder.line(`服务工单号: ${data.ticketNo}`);
  }
  return builder
    .align('center')
    .qr(data.transactionNo, { moduleSize: 6, errorLevel: 'M' })
    .line('请妥善保管证件和本凭证。')
    .feed(3)
    .cut('partial')
    .build();
}

/** The same words as the screen's money texts, split for 32 columns. */
const MONEY_WORDS: Record<SlipData['money'], (amount: string) => string[]> = {
  refunded: (amount) => [`已付的 ${amount} 元已原路退回`, '您的付款账户，', '一般 1 至 3 个工作日到账。'],
  refundByStaff: (amount) => [`已付的 ${amount} 元暂未能自动退回，`, '工作人员将为您退款，', '请保留凭条。'],
};

/** The slip printed when the endorsement could not be written after payment (kit settle step). */
export function notEndorsedSlip(data: SlipData): Uint8Array {
  const builder = receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('未能签注')
    .size({ width: 1, height: 1 })
    .line('出入境签注')
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
  return builder.line('本次签注已撤销，可重新办理。').line('如需帮助请联系值班民警。').align('center').qr(data.transactionNo, { moduleSize: 5, errorLevel: 'M' }).feed(3).cut('partial').build();
}
