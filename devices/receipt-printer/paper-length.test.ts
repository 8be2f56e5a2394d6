/**
 * The paper estimate against the simulated printer: the same documents fed to the simulator use up
 * the same length of its roll (within one line of rounding), and a few hand-counted cases.
 */
import { describe, expect, it } from 'vitest';
import { createLinkPair } from '../link/memory-link';
import { receipt } from './escpos';
import { DEFAULT_LINE_DOTS, paperDots, paperMillimetres } from './paper-length';
import { ReceiptPrinterSimulator } from './simulator';
import { notIssuedSlip, tempIdReceipt } from '../../services/temp-id/receipt';
import { receiptTestPage } from '../../services/staff/test-prints';

async function simulatedDots(document: Uint8Array): Promise<number> {
  const pair = createLinkPair('paper');
  const simulator = new ReceiptPrinterSimulator(pair.device);
  await simulator.start();
  await pair.host.open();
  const roll = 5_000;
  simulator.setPaper({ remainingLines: roll });
  await pair.host.write(document);
  await new Promise((resolve) => setTimeout(resolve, 30));
  const used = (roll - simulator.remainingLines()) * DEFAULT_LINE_DOTS;
  simulator.dispose();
  return used;
}

const data = {
  transactionNo: 'TK1-20261201-00001',
  applicationNo: 'LS2026120100001',
  maskedIdNumber: '110105********002X',
  feeFen: 1000,
  at: '2026-12-01T02:00:00Z',
  postName: '东华门24小时智慧警务室',
  validUntil: '2027-02-28',
};

describe('receipt paper length from ESC/POS bytes', () => {
  it('counts lines, double height, feeds and the cut feed by hand', () => {
    expect(paperDots(receipt().init().line('a').line('b').build())).toBe(60);
    expect(paperDots(receipt().init().size({ width: 2, height: 2 }).line('big').build())).toBe(60);
    expect(paperDots(receipt().init().line('a').feed(3).build())).toBe(120);
    expect(paperDots(receipt().init().text('no newline').cut('partial', 0).build())).toBe(30);
    expect(paperMillimetres(receipt().init().line('a').build())).toBe(4); // 30 dots at 8 dots/mm = 3.75 mm, rounded up
    expect(paperDots(new Uint8Array([0x1b, 0x40, 0x1b]))).toBe(0); // a truncated command: nothing printed
  });

  it.each([
    ['the temporary-ID receipt', tempIdReceipt(data)],
    ['its 补打 reprint', tempIdReceipt(data, { reprint: { at: '2026-12-02T03:00:00Z', no: 1 } })],
    [
      'the card-not-issued slip',
      notIssuedSlip({ ...data, what: '制证机卡片卡住', money: 'refunded', ticketNo: 'WK1-20261201-001' }),
    ],
    [
      'the test page',
      receiptTestPage({
        kioskId: 'K1',
        postName: '东华门',
        deviceId: 'receiptPrinter',
        at: new Date('2026-12-01T02:00:00Z'),
        timeZone: 'Asia/Shanghai',
      }),
    ],
  ])('%s uses what the simulated roll loses', async (_name, document) => {
    const estimate = paperDots(document);
    const simulated = await simulatedDots(document);
    expect(estimate).toBeGreaterThan(300);
    expect(Math.abs(estimate - simulated)).toBeLessThan(DEFAULT_LINE_DOTS);
  });
});
