/**
 * Card bitmaps (pure): CR80 geometry, greyscale conversion, thresholding and dithering to 1 bit,
 * and packing to the printer's panel format.
 *
 * Orientation, decided once: a card is DESIGNED landscape, 1016 x 648 dots (85.6 x 54 mm at
 * 300 dpi, as the card is read). The printer's PANEL is the card as it travels through the printer:
 * short edge first, so a panel row runs across the 54 mm width: 648 dots per row, 1016 rows,
 * rows MSB-first, bit = 1 where ink goes. `landscapeToPanel` rotates the design 90° clockwise:
 * design (x, y) → panel (column 647 - y, row x). `panelToLandscape` is its inverse.
 */

export const CR80 = { widthMm: 85.6, heightMm: 54, dpi: 300 } as const;
/** The landscape design size. */
export const DESIGN_WIDTH = 1016;
export const DESIGN_HEIGHT = 648;
/** The printer panel size: dots per row and rows. */
export const PANEL_WIDTH = 648;
export const PANEL_HEIGHT = 1016;
export const PANEL_BYTES = (PANEL_WIDTH * PANEL_HEIGHT) / 8; // 82,296

/** A 1-bit image, one byte per dot (0 or 1), row-major. */
export interface BitImage {
  width: number;
  height: number;
  bits: Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** RGBA (e.g. canvas ImageData) → greyscale 0 (black) .. 255 (white); transparent counts as white. */
export function rgbaToGrey(rgba: ArrayLike<number>, width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const o = i * 4;
    const a = (rgba[o + 3] ?? 255) / 255;
    const lum = 0.299 * (rgba[o] ?? 255) + 0.587 * (rgba[o + 1] ?? 255) + 0.114 * (rgba[o + 2] ?? 255);
    grey[i] = Math.round(lum * a + 255 * (1 - a));
  }
  return grey;
}

/** Hard threshold: ink where grey < level. Right for text and line art. */
export function threshold(
  grey: Uint8Array,
  width: number,
  height: number,
  level = 128,
  region?: Rect,
  out?: Uint8Array,
): Uint8Array {
  const bits = out ?? new Uint8Array(width * height);
  const r = clampRect(region ?? { x: 0, y: 0, width, height }, width, height);
  for (let y = r.y; y < r.y + r.height; y++)
    for (let x = r.x; x < r.x + r.width; x++) bits[y * width + x] = (grey[y * width + x] ?? 255) < level ? 1 : 0;
  return bits;
}

/** Floyd–Steinberg error diffusion inside `region` (photos keep their tones on a 1-bit ribbon). */
export function floydSteinberg(
  grey: Uint8Array,
  width: number,
  height: number,
  region?: Rect,
  out?: Uint8Array,
): Uint8Array {
  const bits = out ?? new Uint8Array(width * height);
  const r = clampRect(region ?? { x: 0, y: 0, width, height }, width, height);
  const work = new Float32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) work[y * r.width + x] = grey[(r.y + y) * width + r.x + x] ?? 255;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const i = y * r.width + x;
      const old = work[i] ?? 255;
      const ink = old < 128;
      const err = old - (ink ? 0 : 255);
      bits[(r.y + y) * width + r.x + x] = ink ? 1 : 0;
      if (x + 1 < r.width) work[i + 1] = (work[i + 1] ?? 0) + (err * 7) / 16;
      if (y + 1 < r.height) {
        if (x > 0) work[i + r.width - 1] = (work[i + r.width - 1] ?? 0) + (err * 3) / 16;
        work[i + r.width] = (work[i + r.width] ?? 0) + (err * 5) / 16;
        if (x + 1 < r.width) work[i + r.width + 1] = (work[i + r.width + 1] ?? 0) + err / 16;
      }
    }
  }
  return bits;
}

const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

/** Ordered (Bayer 4x4) dithering inside `region`: faster and more regular than error diffusion. */
export function orderedDither(
  grey: Uint8Array,
  width: number,
  height: number,
  region?: Rect,
  out?: Uint8Array,
): Uint8Array {
  const bits = out ?? new Uint8Array(width * height);
  const r = clampRect(region ?? { x: 0, y: 0, width, height }, width, height);
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x; x < r.x + r.width; x++) {
      const t = ((BAYER4[(y % 4) * 4 + (x % 4)] ?? 0) + 0.5) * 16;
      bits[y * width + x] = (grey[y * width + x] ?? 255) < t ? 1 : 0;
    }
  }
  return bits;
}

/** Whole image to 1 bit: threshold everywhere, dithering (FS by default) inside the photo areas. */
export function imageToBits(
  grey: Uint8Array,
  width: number,
  height: number,
  options: { photoAreas?: Rect[]; dither?: 'floydSteinberg' | 'ordered'; level?: number } = {},
): BitImage {
  const bits = threshold(grey, width, height, options.level ?? 128);
  for (const area of options.photoAreas ?? []) {
    if (options.dither === 'ordered') orderedDither(grey, width, height, area, bits);
    else floydSteinberg(grey, width, height, area, bits);
  }
  return { width, height, bits };
}

/** Rotates a landscape design (1016 x 648) into the printer's panel orientation (648 x 1016). */
export function landscapeToPanel(design: BitImage): BitImage {
  const { width: w, height: h } = design;
  const bits = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) bits[x * h + (h - 1 - y)] = design.bits[y * w + x] ?? 0;
  return { width: h, height: w, bits };
}

/** Inverse of landscapeToPanel: a panel back to the card as read. */
export function panelToLandscape(panel: BitImage): BitImage {
  const { width: pw, height: ph } = panel; // pw = design height, ph = design width
  const bits = new Uint8Array(pw * ph);
  for (let row = 0; row < ph; row++)
    for (let col = 0; col < pw; col++) bits[(pw - 1 - col) * ph + row] = panel.bits[row * pw + col] ?? 0;
  return { width: ph, height: pw, bits };
}

/** Packs a bit image to bytes, rows MSB-first (width must be a multiple of 8). */
export function packBits(image: BitImage): Uint8Array {
  if (image.width % 8 !== 0) throw new RangeError('row width must be a multiple of 8');
  const out = new Uint8Array((image.width * image.height) / 8);
  for (let i = 0; i < image.bits.length; i++) if (image.bits[i]) out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

/** Unpacks rows MSB-first into one byte per dot. */
export function unpackBits(packed: Uint8Array, width: number, height: number): BitImage {
  const bits = new Uint8Array(width * height);
  for (let i = 0; i < bits.length; i++) bits[i] = ((packed[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
  return { width, height, bits };
}

/** Design (landscape bits) → packed panel bytes ready for `Db`. */
export function designToPanelBytes(design: BitImage): Uint8Array {
  if (design.width !== DESIGN_WIDTH || design.height !== DESIGN_HEIGHT)
    throw new RangeError(`a card design is ${DESIGN_WIDTH} x ${DESIGN_HEIGHT}`);
  return packBits(landscapeToPanel(design));
}

/** Packed panel bytes → the card as read (landscape). */
export function panelBytesToDesign(packed: Uint8Array): BitImage {
  return panelToLandscape(unpackBits(packed, PANEL_WIDTH, PANEL_HEIGHT));
}

/** Share of inked dots (0..1); a blank panel is 0. */
export function inkCoverage(image: BitImage): number {
  let n = 0;
  for (const b of image.bits) n += b;
  return image.bits.length ? n / image.bits.length : 0;
}

function clampRect(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.min(width, Math.floor(r.x)));
  const y = Math.max(0, Math.min(height, Math.floor(r.y)));
  return {
    x,
    y,
    width: Math.max(0, Math.min(width - x, Math.floor(r.width))),
    height: Math.max(0, Math.min(height - y, Math.floor(r.height))),
  };
}
