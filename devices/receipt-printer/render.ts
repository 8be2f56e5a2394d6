/**
 * Renders a printed receipt (the simulator's model) to a PNG as it would look on 80 mm paper:
 * 576 dots wide (72 mm printable at 203 dpi), black on white, CJK glyphs from a Noto CJK font,
 * QR codes drawn from the `qrcode` package's module matrix (so they scan), CODE128 bars and a
 * dashed line where the paper was cut.
 */
import { err, ok, type Result } from '../../contract/result';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { code128Widths } from '../render/code128';
import { ensureCjkFont } from '../render/fonts';
import type { Alignment } from './escpos';
import type { PrintedLine, PrintedReceipt, TextRun } from './simulator';

export const PAPER_WIDTH_DOTS = 576;
/** Glyph cell height of the printer's standard font (12x24 ASCII, 24x24 CJK). */
const GLYPH_DOTS = 24;
const LINE_DOTS = 30;
const MARGIN_TOP = 24;
const MARGIN_BOTTOM = 24;
const CUT_SPACE = 24;

/** Where a QR code was drawn, with its module matrix (tests compare pixels with it). */
export interface QrPlacement {
  x: number;
  y: number;
  moduleSize: number;
  size: number;
  /** Row-major, 1 = dark module. */
  modules: Uint8Array;
}

/** A rendered receipt, or why it could not be drawn. */
export type RenderResult = Result<
  { png: Buffer; width: number; height: number; qrCodes: QrPlacement[] },
  { code: 'noCjkFont'; message: string }
>;

type Block =
  | { kind: 'text'; height: number; align: Alignment; runs: TextRun[] }
  | { kind: 'qr'; height: number; align: Alignment; size: number; moduleSize: number; modules: Uint8Array }
  | { kind: 'barcode'; height: number; align: Alignment; widths: number[]; moduleWidth: number; barHeight: number }
  | { kind: 'space'; height: number }
  | { kind: 'cut'; height: number };

/** Renders one receipt; an error value (not an exception) when no CJK font is installed. */
export function renderReceiptPng(receipt: PrintedReceipt, options: { fontRoots?: string[] } = {}): RenderResult {
  const font = ensureCjkFont(options.fontRoots);
  if (!font.ok) return err({ code: 'noCjkFont', message: font.error.message });
  const { family } = font.value;
  const measureCanvas = createCanvas(PAPER_WIDTH_DOTS, 10);
  const measure = measureCanvas.getContext('2d');
  const blocks = receipt.lines.flatMap((line) => layoutLine(line, measure, family));
  const height = MARGIN_TOP + blocks.reduce((h, b) => h + b.height, 0) + MARGIN_BOTTOM;

  const canvas = createCanvas(PAPER_WIDTH_DOTS, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, PAPER_WIDTH_DOTS, height);
  ctx.fillStyle = '#000000';
  ctx.textBaseline = 'alphabetic';
  const qrCodes: QrPlacement[] = [];
  let y = MARGIN_TOP;
  for (const block of blocks) {
    drawBlock(ctx, block, y, family, qrCodes);
    y += block.height;
  }
  return ok({ png: canvas.toBuffer('image/png'), width: PAPER_WIDTH_DOTS, height, qrCodes });
}

const fontFor = (run: TextRun, family: string) => `${run.bold ? 'bold ' : ''}${GLYPH_DOTS * run.height}px ${family}`;

function runWidth(ctx: SKRSContext2D, run: TextRun, text: string, family: string): number {
  ctx.font = fontFor(run, family);
  return ctx.measureText(text).width * (run.width / run.height);
}

/** Splits a text line into printed rows of at most the paper width (the printer wraps too). */
function wrapRuns(ctx: SKRSContext2D, runs: TextRun[], family: string): TextRun[][] {
  const rows: TextRun[][] = [[]];
  let used = 0;
  for (const run of runs) {
    for (const ch of run.text) {
      const w = runWidth(ctx, run, ch, family);
      if (used + w > PAPER_WIDTH_DOTS && used > 0) {
        rows.push([]);
        used = 0;
      }
      const row = rows[rows.length - 1] ?? [];
      const last = row.at(-1);
      if (last && last.bold === run.bold && last.width === run.width && last.height === run.height) last.text += ch;
      else row.push({ ...run, text: ch });
      used += w;
    }
  }
  return rows;
}

function layoutLine(line: PrintedLine, ctx: SKRSContext2D, family: string): Block[] {
  switch (line.kind) {
    case 'text': {
      if (line.runs.length === 0) return [{ kind: 'space', height: LINE_DOTS }];
      return wrapRuns(ctx, line.runs, family).map((runs) => ({
        kind: 'text' as const,
        height: LINE_DOTS * runs.reduce((h, r) => Math.max(h, r.height), 1),
        align: line.align,
        runs,
      }));
    }
    case 'qr': {
      let qr: QRCode.QRCode;
      try {
        qr = QRCode.create([{ data: line.data, mode: 'byte' }], { errorCorrectionLevel: line.errorLevel });
      } catch {
        return [];
      }
      const size = qr.modules.size;
      const modules = Uint8Array.from(qr.modules.data, (v) => (v ? 1 : 0));
      return [
        {
          kind: 'qr',
          height: size * line.moduleSize + 2 * LINE_DOTS,
          align: line.align,
          size,
          moduleSize: line.moduleSize,
          modules,
        },
      ];
    }
    case 'barcode': {
      const widths = code128Widths(line.data);
      if (!widths) return [];
      return [
        {
          kind: 'barcode',
          height: line.height + LINE_DOTS,
          align: line.align,
          widths,
          moduleWidth: line.moduleWidth,
          barHeight: line.height,
        },
      ];
    }
    case 'feed':
      return [{ kind: 'space', height: line.dots }];
    case 'cut':
      return [{ kind: 'cut', height: CUT_SPACE }];
  }
}

function alignedX(align: Alignment, width: number): number {
  const free = Math.max(0, PAPER_WIDTH_DOTS - width);
  return align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
}

function drawBlock(ctx: SKRSContext2D, block: Block, top: number, family: string, qrCodes: QrPlacement[]): void {
  switch (block.kind) {
    case 'text': {
      const total = block.runs.reduce((w, r) => w + runWidth(ctx, r, r.text, family), 0);
      let x = alignedX(block.align, total);
      const baseline = top + block.height - Math.round((LINE_DOTS - GLYPH_DOTS) / 2) - 4;
      for (const run of block.runs) {
        ctx.save();
        ctx.font = fontFor(run, family);
        ctx.translate(x, baseline);
        ctx.scale(run.width / run.height, 1);
        ctx.fillText(run.text, 0, 0);
        ctx.restore();
        x += runWidth(ctx, run, run.text, family);
      }
      return;
    }
    case 'qr': {
      const side = block.size * block.moduleSize;
      const x = alignedX(block.align, side);
      const y = top + LINE_DOTS;
      for (let r = 0; r < block.size; r++) {
        for (let c = 0; c < block.size; c++) {
          if (block.modules[r * block.size + c])
            ctx.fillRect(x + c * block.moduleSize, y + r * block.moduleSize, block.moduleSize, block.moduleSize);
        }
      }
      qrCodes.push({ x, y, moduleSize: block.moduleSize, size: block.size, modules: block.modules });
      return;
    }
    case 'barcode': {
      const total = block.widths.reduce((a, b) => a + b, 0) * block.moduleWidth;
      let x = alignedX(block.align, total);
      block.widths.forEach((w, i) => {
        if (i % 2 === 0) ctx.fillRect(x, top + LINE_DOTS / 2, w * block.moduleWidth, block.barHeight);
        x += w * block.moduleWidth;
      });
      return;
    }
    case 'space':
      return;
    case 'cut': {
      const y = top + Math.floor(block.height / 2);
      for (let x = 0; x < PAPER_WIDTH_DOTS; x += 16) ctx.fillRect(x, y, 9, 2);
      return;
    }
  }
}
