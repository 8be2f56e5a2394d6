/**
 * Test prints for the technician: each printer prints a page (or card) that carries the kiosk id,
 * the device and the time, and exercises what its jobs need (Chinese text, a rare character, a QR
 * code, a barcode, the cutter; the card's full printable area). Adding a printer kind is one entry.
 */
import type { DeviceKind } from '../../contract/device';
import { dateTimeMinutes } from '../../contract/clock';
import { composeCardSide } from '../../devices/card-printer/compose';
import { CardPrinter } from '../../devices/card-printer/driver';
import { DocumentPrinter } from '../../devices/document-printer/driver';
import type { DeviceManager } from '../../devices/manager';
import { ReceiptPrinter } from '../../devices/receipt-printer/driver';
import { receipt } from '../../devices/receipt-printer/escpos';
import { renderA4Document } from '../documents/layout';

type Driver = ReturnType<DeviceManager['list']>[number]['driver'];

export interface TestPrintInfo {
  kioskId: string;
  postName: string;
  deviceId: string;
  at: Date;
  timeZone: string;
}

export type TestPrintResult =
  { ok: true; jobId: string } | { ok: false; reason: 'printerNotReady' | 'printFailed'; message: string };

/** The receipt printer's test page (ESC/POS). */
export function receiptTestPage(info: TestPrintInfo): Uint8Array {
  const when = dateTimeMinutes(info.at, info.timeZone);
  return receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('打印测试页')
    .size({ width: 1, height: 1 })
    .line('TEST PAGE - NOT A RECEIPT')
    .bold(false)
    .line(info.postName)
    .line('--------------------------------')
    .align('left')
    .line(`终端 Kiosk: ${info.kioskId}`)
    .line(`设备 Device: ${info.deviceId}`)
    .line(`时间 Time: ${when}`)
    .line('中文: 临时居民身份证 䶮')
    .line('0123456789 ABCDEFGHIJKLMNOPQRSTUV')
    .line('|---------+---------+---------|')
    .align('center')
    .qr(`TEST ${info.kioskId} ${info.at.toISOString()}`, { moduleSize: 5, errorLevel: 'M' })
    .barcode(info.kioskId.toUpperCase().slice(0, 20), { height: 60 })
    .line('以上内容清晰完整即为正常')
    .feed(3)
    .cut('partial')
    .build();
}

const failure = (code: string, message: string): TestPrintResult => ({
  ok: false,
  reason: code === 'deviceNotReady' || code === 'userError' ? 'printerNotReady' : 'printFailed',
  message: message.slice(0, 300),
});

/** The A4 printer's test page (PDF). */
export function a4TestPage(info: TestPrintInfo): Promise<Buffer> {
  const when = dateTimeMinutes(info.at, info.timeZone);
  return renderA4Document({ title: '打印测试页 Test page', date: info.at }, (page) => {
    page.line('打印测试页  TEST PAGE', { font: 'bold', size: 22 }, 'center').gap(6);
    page.line('非正式文书  NOT AN OFFICIAL DOCUMENT', { size: 14 }, 'center').gap(18);
    for (const text of [
      info.postName,
      `终端 Kiosk: ${info.kioskId}`,
      `设备 Device: ${info.deviceId}`,
      `时间 Time: ${when}`,
      '中文：无犯罪记录证明 交通违法处罚决定书 䶮',
      '0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz',
    ]) {
      page.line(text, { size: 12 }).gap(4);
    }
    page.gap(12).line('以上内容清晰完整、无缺字即为正常。', { size: 12 });
  });
}

export const TEST_PRINTS: Partial<
  Record<DeviceKind, (driver: Driver, info: TestPrintInfo) => Promise<TestPrintResult>>
> = {
  async receiptPrinter(driver, info) {
    if (!(driver instanceof ReceiptPrinter)) return failure('internalError', 'not a receipt printer driver');
    const jobId = `test/${info.deviceId}/${info.at.getTime()}`;
    const printed = await driver.print(receiptTestPage(info), { jobId, timeoutMs: 30_000 });
    return printed.ok ? { ok: true, jobId } : failure(printed.error.code, printed.error.message);
  },
  async cardPrinter(driver, info) {
    if (!(driver instanceof CardPrinter)) return failure('internalError', 'not a card printer driver');
    const when = dateTimeMinutes(info.at, info.timeZone);
    const side = composeCardSide({
      border: true,
      texts: [
        { text: '测试卡  TEST CARD', x: 508, y: 120, size: 64, bold: true, align: 'center' },
        { text: '非有效证件  NOT A VALID DOCUMENT', x: 508, y: 210, size: 40, align: 'center' },
        { text: `终端 ${info.kioskId}`, x: 80, y: 330, size: 40 },
        { text: `设备 ${info.deviceId}`, x: 80, y: 400, size: 40 },
        { text: `时间 ${when}`, x: 80, y: 470, size: 40 },
        { text: '临时居民身份证 䶮', x: 80, y: 560, size: 40 },
      ],
    });
    if (!side.ok) return failure('internalError', side.error.message);
    const jobId = `test/${info.deviceId}/${info.at.getTime()}`;
    const printed = await driver.printCard({ front: side.value.panel }, { jobId, timeoutMs: 120_000 });
    return printed.ok ? { ok: true, jobId } : failure(printed.error.code, printed.error.message);
  },
  async documentPrinter(driver, info) {
    if (!(driver instanceof DocumentPrinter)) return failure('internalError', 'not a document printer driver');
    let pdf: Buffer;
    try {
      pdf = await a4TestPage(info);
    } catch (error) {
      return failure('internalError', `test page could not be laid out: ${(error as Error).message}`);
    }
    const jobId = `test/${info.deviceId}/${info.at.getTime()}`;
    const printed = await driver.print(pdf, { jobId, timeoutMs: 120_000 });
    return printed.ok ? { ok: true, jobId } : failure(printed.error.code, printed.error.message);
  },
};
