/**
 * Printer benchmark: `npx tsx devices/bench/printers.bench.ts`.
 * Times (p50/p95): building a typical receipt document, composing a card side (canvas text + photo)
 * into a 1-bit panel, interpreting a receipt in the simulator, and rendering it to PNG.
 * Prints labelled figures and exits on its own.
 */
import { composeCardSide, syntheticPortrait } from '../card-printer/compose';
import { EscPosInterpreter } from '../receipt-printer/interpreter';
import { receipt } from '../receipt-printer/escpos';
import { renderReceiptPng } from '../receipt-printer/render';
import type { PrintedReceipt } from '../receipt-printer/simulator';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function measure(label: string, runs: number, fn: () => void, warmup = Math.min(20, runs)): void {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(56)} runs=${String(runs).padStart(4)}  p50=${percentile(times, 50).toFixed(3)} ms  p95=${percentile(times, 95).toFixed(3)} ms`,
  );
}

const typicalReceipt = () =>
  receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .line('临时身份证 受理回执')
    .size({ width: 1, height: 1 })
    .bold(false)
    .line('北京市公安局东城分局 东华门派出所')
    .align('left')
    .line('受理编号: TID-2026-000123')
    .line('身份证号: 110105********002X')
    .line('受理时间: 2026-11-23 10:42')
    .line('应缴费用: 10.00 元 (已支付)')
    .bold(true)
    .line('请凭此回执领取临时身份证')
    .bold(false)
    .align('center')
    .qr('https://kiosk.example.cn/查询?id=TID-2026-000123', { moduleSize: 6, errorLevel: 'M' })
    .barcode('TID2026000123', { height: 60 })
    .feed(3)
    .cut('partial')
    .build();

const doc = typicalReceipt();
console.log(`typical receipt: ${doc.length} bytes`);
measure('build typical receipt (ESC/POS bytes)', 1000, () => void typicalReceipt());

// interpret with the simulator's interpreter, and build the printed model for rendering
measure('interpret receipt bytes (simulator interpreter)', 1000, () => void new EscPosInterpreter().push(doc));

const printed: PrintedReceipt = {
  lines: [
    { kind: 'text', align: 'center', runs: [{ text: '临时身份证 受理回执', bold: true, width: 2, height: 2 }] },
    {
      kind: 'text',
      align: 'center',
      runs: [{ text: '北京市公安局东城分局 东华门派出所', bold: false, width: 1, height: 1 }],
    },
    ...[
      '受理编号: TID-2026-000123',
      '身份证号: 110105********002X',
      '受理时间: 2026-11-23 10:42',
      '应缴费用: 10.00 元 (已支付)',
    ].map((text) => ({
      kind: 'text' as const,
      align: 'left' as const,
      runs: [{ text, bold: false, width: 1, height: 1 }],
    })),
    {
      kind: 'qr',
      align: 'center',
      payload: 'q',
      data: new TextEncoder().encode('https://kiosk.example.cn/查询?id=TID-2026-000123'),
      moduleSize: 6,
      errorLevel: 'M',
    },
    { kind: 'barcode', align: 'center', symbology: 'CODE128', data: 'TID2026000123', height: 60, moduleWidth: 2 },
    { kind: 'feed', dots: 90 },
    { kind: 'cut', mode: 'partial' },
  ],
};
measure(
  'render printed receipt to PNG (576 dots wide)',
  50,
  () => {
    const r = renderReceiptPng(printed);
    if (!r.ok) throw new Error(r.error.message);
  },
  5,
);

const portrait = syntheticPortrait();
measure(
  'compose card front (canvas text + photo) → 1-bit panel',
  50,
  () => {
    const r = composeCardSide({
      border: true,
      texts: [
        { text: '临时居民身份证', x: 508, y: 40, size: 60, bold: true, align: 'center' },
        { text: '姓名  张三', x: 320, y: 160, size: 40 },
        { text: '出生  1990年1月1日', x: 320, y: 290, size: 40 },
        { text: '公民身份号码  110105********002X', x: 60, y: 480, size: 40, bold: true },
      ],
      photo: {
        area: { x: 60, y: 150, width: 204, height: 252 },
        pixels: portrait,
        width: 204,
        height: 252,
        channels: 1,
      },
    });
    if (!r.ok) throw new Error(r.error.message);
  },
  5,
);
