/**
 * The traffic payment receipt (交通违法罚款缴纳凭证) as ESC/POS bytes for the thermal printer. Pure.
 * It names decision numbers, plates and amounts: no name, no licence number. The same data is
 * saved in the journal before printing, so staff can reprint it.
 */
import { dateTimeMinutes } from '../../contract/clock';
import { receipt } from '../../devices/receipt-printer/escpos';

export interface TrafficReceiptData {
  transactionNo: string;
  orderId: string;
  postName: string;
  /** ISO instant of payment. */
  at: string;
  timeZone?: string;
  decisions: { decisionNo: string; plateNumber: string; fineFen: number; lateFeeFen: number }[];
  totalFen: number;
  /** Decisions that could not be printed on A4 and wait for a reprint. */
  documentsPending: boolean;
}

const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;

export function paymentReceipt(data: TrafficReceiptData): Uint8Array {
  const builder = receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('交通违法罚款')
    .size({ width: 1, height: 1 })
    .line('自助缴纳凭证')
    .bold(false)
    .line(data.postName)
    .line('--------------------------------')
    .align('left')
    .line(`交易号: ${data.transactionNo}`)
    .line(`支付订单: ${data.orderId}`)
    .line(`缴纳时间: ${dateTimeMinutes(new Date(data.at), data.timeZone)}`)
    .line('--------------------------------');
  for (const d of data.decisions) {
    builder.line(`决定书编号: ${d.decisionNo}`).line(`  号牌 ${d.plateNumber}  罚款 ${yuan(d.fineFen)}`);
    if (d.lateFeeFen > 0) builder.line(`  加处罚款 ${yuan(d.lateFeeFen)}`);
  }
  builder.line('--------------------------------').bold(true).line(`合计: ${yuan(data.totalFen)}`).bold(false);
  if (data.documentsPending) builder.line('决定书未能打印，已保存；').line('可请值班民警补打，').line('或再次查询时补打。');
  return builder
    .align('center')
    .qr(data.transactionNo, { moduleSize: 6, errorLevel: 'M' })
    .line('请妥善保管本凭证。')
    .feed(3)
    .cut('partial')
    .build();
}
