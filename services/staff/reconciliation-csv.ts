/**
 * The reconciliation report as CSV for the post's finance staff: a summary block, then one row per
 * mismatch. UTF-8 with a byte-order mark so spreadsheet programs read the Chinese headers; amounts
 * in yuan with two decimals; text that a spreadsheet would run as a formula is quoted with a
 * leading apostrophe (CSV injection). Written with csv-stringify (quoting and escaping per RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import type { MismatchKind, ReconciliationReport } from '../../contract/reconciliation';

const yuan = (fen: number | undefined): string => (fen === undefined ? '' : (fen / 100).toFixed(2));

const KIND_WORDS: Record<MismatchKind, string> = {
  paidNotDelivered: '已收款未交付 paid, not delivered',
  chargeWithoutJournal: '渠道有收款、本机无记录 charged without a journal entry',
  journalChargeMissing: '本机有收款、渠道无记录 journal charge missing at the provider',
  amountDiffers: '金额不一致 amounts differ',
  refundedTwice: '重复退款 refunded twice',
  refundWithoutJournal: '渠道有退款、本机无记录 refund without a journal entry',
  journalRefundMissing: '本机有退款、渠道无记录 journal refund missing at the provider',
};

/** Quotes a cell a spreadsheet would otherwise evaluate (=, +, -, @, tab, CR at the start), unless it is a plain number. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

export function reconciliationCsv(report: ReconciliationReport): string {
  const rows: string[][] = [
    ['对账日期 Date', report.date],
    ['终端 Kiosk', report.kioskId],
    ['生成时间 Generated', report.generatedAt],
    [],
    ['项目 Item', '笔数 Count', '金额(元) Amount (yuan)'],
    ['本机收款 Journal charges', String(report.journal.charges.count), yuan(report.journal.charges.fen)],
    ['本机退款 Journal refunds', String(report.journal.refunds.count), yuan(report.journal.refunds.fen)],
    ['渠道收款 Provider charges', String(report.provider.charges.count), yuan(report.provider.charges.fen)],
    ['渠道退款 Provider refunds', String(report.provider.refunds.count), yuan(report.provider.refunds.fen)],
    ['渠道手续费 Provider fees', '', yuan(report.provider.feesFen)],
    ['渠道净额 Provider net', '', yuan(report.provider.netFen)],
    ['相符 Matched', String(report.matched), ''],
    ['差异 Mismatches', String(report.mismatches.length), ''],
    [],
    [
      '差异类型 Mismatch',
      '交易号 Transaction',
      '订单号 Order',
      '渠道流水号 Provider reference',
      '本机金额(元) Journal',
      '渠道金额(元) Provider',
    ],
    ...report.mismatches.map((m) => [
      KIND_WORDS[m.kind],
      m.transactionId ?? '',
      m.orderId,
      m.providerReference ?? '',
      yuan(m.journalFen),
      yuan(m.providerFen),
    ]),
  ];
  return `\uFEFF${stringify(rows, { record_delimiter: 'windows', cast: { string: neutraliseFormula } })}`;
}
