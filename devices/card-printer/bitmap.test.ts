import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DESIGN_HEIGHT,
  DESIGN_WIDTH,
  PANEL_BYTES,
  designToPanelBytes,
  floydSteinberg,
  imageToBits,
  inkCoverage,
  landscapeToPanel,
  orderedDither,
  packBits,
  panelBytesToDesign,
  panelToLandscape,
  rgbaToGrey,
  threshold,
  unpackBits,
} from './bitmap';

describe('bitmap helpers', () => {
  it('packs rows MSB-first with 1 = ink, and unpacks back', () => {
    const img = { width: 16, height: 1, bits: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1]) };
    expect([...packBits(img)]).toEqual([0x81, 0x0f]);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        expect([...packBits(unpackBits(bytes, 8, 4))]).toEqual([...bytes]);
      }),
    );
  });

  it('rotates the landscape design into the panel clockwise and back', () => {
    // design 3 wide x 2 tall: top-left dot set → panel column (2-1-0)=1, row 0
    const design = { width: 3, height: 2, bits: Uint8Array.from([1, 0, 0, 0, 0, 0]) };
    const panel = landscapeToPanel(design);
    expect([panel.width, panel.height]).toEqual([2, 3]);
    expect([...panel.bits]).toEqual([0, 1, 0, 0, 0, 0]);
    expect(panelToLandscape(panel)).toEqual(design);
  });

  it('a full design becomes exactly one 82,296-byte panel and comes back identical', () => {
    const bits = new Uint8Array(DESIGN_WIDTH * DESIGN_HEIGHT);
    for (let y = 100; y < 200; y++) for (let x = 50; x < 400; x++) bits[y * DESIGN_WIDTH + x] = 1;
    const packed = designToPanelBytes({ width: DESIGN_WIDTH, height: DESIGN_HEIGHT, bits });
    expect(packed.length).toBe(PANEL_BYTES);
    expect(Buffer.compare(panelBytesToDesign(packed).bits, bits)).toBe(0);
  });

  it('thresholds text and dithers a grey photo to about the right ink share', () => {
    const w = 64;
    const h = 64;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([64, 64, 64, 255], i * 4); // 25% grey level → ~75% ink
    const grey = rgbaToGrey(rgba, w, h);
    expect(grey[0]).toBe(64);
    expect(inkCoverage({ width: w, height: h, bits: threshold(grey, w, h) })).toBe(1);
    const fs = inkCoverage({ width: w, height: h, bits: floydSteinberg(grey, w, h) });
    const ordered = inkCoverage({ width: w, height: h, bits: orderedDither(grey, w, h) });
    expect(fs).toBeGreaterThan(0.7);
    expect(fs).toBeLessThan(0.8);
    expect(ordered).toBeCloseTo(0.75, 1);
    const mixed = imageToBits(grey, w, h, { photoAreas: [{ x: 0, y: 0, width: 32, height: 64 }] });
    expect(inkCoverage(mixed)).toBeGreaterThan(0.85); // right half solid, left half dithered
    expect(inkCoverage(mixed)).toBeLessThan(0.9);
  });
});
