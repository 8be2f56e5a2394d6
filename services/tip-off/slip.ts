/**
 * The tip-off slip (举报回执) as ESC/POS bytes for the thermal receipt printer. Pure. It carries
 * the tracking number and when it was received — never the category, the place, the text or who
 * sent it: a slip left behind tells whoever finds it nothing about the report.
 */
import { dateTimeMinutes } from '../../contract/clock';
import { receipt } from '../../devices/receipt-printer/escpos';
import type { ReprintMark } from '../temp-id/receipt';

export interface TipOffSlipData {
  trackingNo: string;
  /** ISO instant the backend received it. */
  receivedAt: string;
  postName: string;
  timeZone?: string;
}

/** JB202506160001730518 → "JB 20250616 0001 730518": easier to read out and to type again. */
export const groupedTrackingNo = (trackingNo: string): string => trackingNo.replace(/^(JB)(\d{8})(\d{4})(\d{6})$/, '$1 $2 $3 $4');

export function tipOffSlip(data: TipOffSlipData, options: { reprint?: ReprintMark } = {}): Uint8Array {
  const builder = receipt().init().align('center').bold(true);
  if (options.reprint) builder.size({ width: 2, height: 2 }).line('【补打】').size({ width: 1, height: 1 });
  builder.size({ width: 2, height: 2 }).line('举报回执').size({ width: 1, height: 1 }).bold(false);
  if (options.reprint) builder.line(`补打时间: ${dateTimeMinutes(new Date(options.reprint.at), data.timeZone)} (第${options.reprint.no}次)`);
  return builder
    .line(data.postName)
    .line('--------------------------------')
    .line('查询号')
    .bold(true)
    .line(groupedTrackingNo(data.trackingNo))
    .bold(false)
    .line('--------------------------------')
    .align('left')
    .line(`接收时间: ${dateTimeMinutes(new Date(data.receivedAt), data.timeZone)}`)
    .line('凭查询号可在自助机“进度查询”中')
    .line('查询处理情况，无需身份证。')
    .line('请妥善保管，勿交给他人。')
    .line('紧急情况请直接拨打 110。')
    .feed(3)
    .cut('partial')
    .build();
}
