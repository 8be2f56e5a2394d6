import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePng, isDark } from '../render/png';
import { renderReceiptPng, PAPER_WIDTH_DOTS } from './render';
import type { PrintedReceipt } from './simulator';

const sample: PrintedReceipt = {
  lines: [
    { kind: 'text', align: 'center', runs: [{ text: '临时身份证 受理回执', bold: true, width: 2, height: 2 }] },
    { kind: 'text', align: 'left', runs: [{ text: '受理编号 TID-000123', bold: false, width: 1, height: 1 }] },
    { kind: 'text', align: 'left', runs: [] },
    {
      kind: 'qr',
      align: 'center',
      payload: '查询 TID-000123',
      data: new TextEncoder().encode('查询 TID-000123'),
      moduleSize: 5,
      errorLevel: 'M',
    },
    { kind: 'barcode', align: 'center', symbology: 'CODE128', data: 'TID000123', height: 50, moduleWidth: 2 },
    { kind: 'feed', dots: 60 },
    { kind: 'cut', mode: 'partial' },
  ],
};

const darkInRows = (img: ReturnType<typeof decodePng>, y0: number, y1: number, x0 = 0, x1 = img.width) => {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (isDark(img, x, y)) n++;
  return n;
};

describe('renderReceiptPng', () => {
  const rendered = renderReceiptPng(sample);
  if (!rendered.ok) throw new Error(rendered.error.message);
  const result = rendered.value;
  const img = decodePng(result.png);

  it('is 576 dots wide with a white background', () => {
    expect(img.width).toBe(PAPER_WIDTH_DOTS);
    expect(img.height).toBe(result.height);
    expect(isDark(img, 0, 0)).toBe(false);
    expect(isDark(img, img.width - 1, img.height - 1)).toBe(false);
  });

  it('draws glyphs in the text rows: a centred double-size title, then a left-aligned line', () => {
    const title = darkInRows(img, 24, 84);
    expect(title).toBeGreaterThan(2000); // ten 48-dot CJK glyphs, bold
    expect(darkInRows(img, 24, 84, 0, 40)).toBe(0); // centred: nothing at the left edge
    const second = darkInRows(img, 84, 114);
    expect(second).toBeGreaterThan(300);
    expect(darkInRows(img, 84, 114, 0, 60)).toBeGreaterThan(0); // left-aligned
    expect(darkInRows(img, 114, 144)).toBe(0); // the empty line is blank
  });

  it('draws the QR code module by module, matching the matrix (finder patterns included)', () => {
    expect(result.qrCodes).toHaveLength(1);
    const qr = result.qrCodes[0]!;
    // finder pattern: dark outer ring, light ring, dark 3x3 centre at the top-left corner
    const at = (r: number, c: number) => isDark(img, qr.x + c * qr.moduleSize + 2, qr.y + r * qr.moduleSize + 2);
    expect([0, 1, 2, 3, 4, 5, 6].map((c) => at(0, c))).toEqual([true, true, true, true, true, true, true]);
    expect([at(1, 1), at(1, 5), at(2, 2), at(3, 3), at(7, 7)]).toEqual([false, false, true, true, false]);
    let mismatches = 0;
    for (let r = 0; r < qr.size; r++)
      for (let c = 0; c < qr.size; c++) if (at(r, c) !== (qr.modules[r * qr.size + c] === 1)) mismatches++;
    expect(mismatches).toBe(0);
    expect(qr.x).toBe(Math.floor((PAPER_WIDTH_DOTS - qr.size * qr.moduleSize) / 2));
  });

  it('draws barcode bars and a dashed cut line', () => {
    const qr = result.qrCodes[0]!;
    const barTop = qr.y + qr.size * qr.moduleSize + 30 + 15;
    const row = Array.from({ length: img.width }, (_, x) => isDark(img, x, barTop + 25));
    const transitions = row.filter((d, i) => i > 0 && d !== row[i - 1]).length;
    expect(transitions).toBeGreaterThan(40); // CODE128 of 9 characters has ~ 80 bar edges
    const cutY = img.height - 24 - 12;
    const dashes = Array.from({ length: img.width }, (_, x) => isDark(img, x, cutY));
    expect(dashes.filter(Boolean).length).toBeGreaterThan(img.width / 3);
    expect(dashes.filter(Boolean).length).toBeLessThan(img.width);
  });

  it('returns a clear error value when no CJK font is installed', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-fonts-'));
    const missing = renderReceiptPng(sample, { fontRoots: [empty] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'noCjkFont' } });
    expect(!missing.ok && missing.error.message).toContain('fonts-noto-cjk');
  });
});
